#pragma once

#include <rediscache/commands/builder.hpp>
#include <rediscache/commands/server_types.hpp>

#include <chrono>
#include <string>
#include <string_view>

/// \file
/// Server and connection commands.
namespace rediscache::cmd {

/// "PONG".
inline typed_command<std::string> ping() {
  static const command_info& info = detail::info_of("ping");
  return typed_command<std::string>(detail::start(info, "PING"));
}

/// The message, echoed.
inline typed_command<std::string> ping(std::string_view message) {
  static const command_info& info = detail::info_of("ping");
  return typed_command<std::string>(detail::start(info, "PING").arg(message));
}

/// INFO by section and field; section: one section ("memory"), "all", "everything", or empty
/// for the default set.
inline typed_command<server_info> info(std::string_view section = {}) {
  static const command_info& entry = detail::info_of("info");
  command cmd = detail::start(entry, "INFO");
  if (!section.empty()) cmd.arg(section);
  // Only reads: safe to repeat, though Redis does not flag it read-only.
  cmd.mark(idempotency::idempotent);
  return typed_command<server_info>(std::move(cmd), &detail::info_reply);
}

/// The number of keys in the connection's database.
inline typed_command<long long> dbsize() {
  static const command_info& info = detail::info_of("dbsize");
  return typed_command<long long>(detail::start(info, "DBSIZE"));
}

/// The server's clock, to the microsecond.
inline typed_command<std::chrono::system_clock::time_point> time() {
  static const command_info& info = detail::info_of("time");
  command cmd = detail::start(info, "TIME");
  cmd.mark(idempotency::idempotent);  // only reads the clock
  return typed_command<std::chrono::system_clock::time_point>(std::move(cmd), &detail::time_reply);
}

/// Names the connection that runs it (CLIENT LIST shows the name). A pooled connection keeps the
/// name for whoever uses it next; connection_options::client_name, which names every connection
/// of a pool, is usually what you want.
inline typed_command<bool> client_setname(std::string_view name) {
  static const command_info& info = detail::info_of("client", "setname");
  return typed_command<bool>(detail::start(info, "CLIENT").arg("SETNAME").arg(name));
}

/// The id of the connection that runs it.
inline typed_command<long long> client_id() {
  static const command_info& info = detail::info_of("client", "id");
  return typed_command<long long>(detail::start(info, "CLIENT").arg("ID"));
}

}  // namespace rediscache::cmd
