#pragma once

#include <rediscache/command.hpp>
#include <rediscache/command_info.hpp>
#include <rediscache/error.hpp>
#include <rediscache/typed_command.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

/// \file
/// Shared by the typed command definitions in this folder.
namespace rediscache::detail {

/// The table entry of a command Redis 7.0 has ("hget", "xgroup|create").
inline const command_info& info_of(std::string_view name, std::string_view subcommand = {}) {
  const command_info* info = find_command_info(name, subcommand);
  if (info == nullptr) throw unsupported_error("no command '" + std::string(name) + "' in Redis 7.0");
  return *info;
}

/// A command named by its table entry, described by it, retried only when the entry says it is
/// idempotent and not blocking (a builder may mark it otherwise for its options).
inline command start(const command_info& info, std::string_view name) {
  command cmd{name};
  cmd.describe(info);
  const bool retry = info.has(command_info::idempotent) && !info.has(command_info::blocking);
  cmd.mark(retry ? idempotency::idempotent : idempotency::unsafe);
  return cmd;
}

template <class Strings>
command& add_all(command& cmd, const Strings& items) {
  for (const auto& item : items) cmd.arg(std::string_view(item));
  return cmd;
}

/// A duration as Redis' seconds argument of blocking commands (a double since Redis 6), refusing
/// zero (wait forever) and negative waits, which would hold a pooled connection without limit,
/// and waits over a year.
inline double blocking_seconds(std::chrono::milliseconds wait, std::string_view command_name) {
  constexpr std::chrono::milliseconds longest = std::chrono::hours(24 * 365);
  if (wait.count() <= 0 || wait > longest) {
    throw config_error(std::string(command_name) +
                       " needs a timeout of more than 0 and at most 365 days: waiting forever "
                       "would hold a connection without limit");
  }
  return static_cast<double>(wait.count()) / 1000.0;
}

/// How long a blocking command with this timeout may keep the server busy (for
/// command::blocks_for): Redis ends timed-out waits in its timer, which runs hz times a second (10
/// by default), so the empty reply can come up to 100 ms after the timeout.
inline std::chrono::milliseconds block_time(std::chrono::milliseconds wait) {
  return wait + std::chrono::milliseconds(100);
}

}  // namespace rediscache::detail
