#pragma once

#include <rediscache/client.hpp>
#include <rediscache/commands/builder.hpp>
#include <rediscache/error.hpp>
#include <rediscache/script.hpp>

#include <string>
#include <string_view>
#include <vector>

/// \file
/// Lua scripts as typed commands. The reply type is the caller's (a script can answer anything);
/// rediscache::reply when not given. A script given as text is never retried: whether running it
/// twice is safe is the script's business (a rediscache::script says so when it is built).
namespace rediscache {

namespace cmd {

namespace detail_scripts {
inline command eval_command(const command_info& info, std::string_view name, std::string_view body,
                            const std::vector<std::string>& keys,
                            const std::vector<std::string>& args) {
  command cmd = detail::start(info, name);
  cmd.arg(body).arg(keys.size());
  detail::add_all(cmd, keys);
  detail::add_all(cmd, args);
  return cmd;
}
}  // namespace detail_scripts

/// EVAL: runs source (Redis also caches it for EVALSHA).
template <class T = reply>
typed_command<T> eval(std::string_view source, const std::vector<std::string>& keys = {},
                      const std::vector<std::string>& args = {}) {
  static const command_info& info = detail::info_of("eval");
  return typed_command<T>(detail_scripts::eval_command(info, "EVAL", source, keys, args));
}

/// EVALSHA: runs a script the server has cached; a reply_error NOSCRIPT when it has not.
template <class T = reply>
typed_command<T> evalsha(std::string_view sha1, const std::vector<std::string>& keys = {},
                         const std::vector<std::string>& args = {}) {
  static const command_info& info = detail::info_of("evalsha");
  return typed_command<T>(detail_scripts::eval_command(info, "EVALSHA", sha1, keys, args));
}

/// The same for a rediscache::script, retried when the script was built idempotent.
template <class T = reply>
typed_command<T> eval(const script& s, const std::vector<std::string>& keys = {},
                      const std::vector<std::string>& args = {}) {
  return typed_command<T>(s.eval(keys, args));
}

/// The same for a rediscache::script: EVALSHA of its SHA-1, retried when the script was built
/// idempotent.
template <class T = reply>
typed_command<T> evalsha(const script& s, const std::vector<std::string>& keys = {},
                         const std::vector<std::string>& args = {}) {
  return typed_command<T>(s.evalsha(keys, args));
}

/// Caches source on the server; its SHA-1, for EVALSHA. Loading before a pipeline of evalsha()
/// spares each of them a NOSCRIPT.
inline typed_command<std::string> script_load(std::string_view source) {
  static const command_info& info = detail::info_of("script", "load");
  return typed_command<std::string>(detail::start(info, "SCRIPT").arg("LOAD").arg(source));
}

/// For each SHA-1, whether the server has that script cached.
inline typed_command<std::vector<bool>> script_exists(const std::vector<std::string>& sha1s) {
  static const command_info& info = detail::info_of("script", "exists");
  if (sha1s.empty()) throw config_error("SCRIPT EXISTS needs at least one SHA-1");
  command cmd = detail::start(info, "SCRIPT");
  cmd.arg("EXISTS").mark(idempotency::idempotent);  // only reads the script cache
  return typed_command<std::vector<bool>>(std::move(detail::add_all(cmd, sha1s)));
}

}  // namespace cmd

/// Runs s through the client as script::run does over an executor: EVALSHA, and EVAL when the
/// server does not have the script (first use, after SCRIPT FLUSH or a restart). The reply as T.
template <class T = reply>
T run_script(const client& redis, const script& s, const std::vector<std::string>& keys = {},
             const std::vector<std::string>& args = {}) {
  try {
    return redis.run(cmd::evalsha<T>(s, keys, args));
  } catch (const reply_error& e) {
    if (e.server_code() != "NOSCRIPT") throw;
  }
  return redis.run(cmd::eval<T>(s, keys, args));
}

}  // namespace rediscache
