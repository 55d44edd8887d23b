#pragma once

#include <rediscache/commands/builder.hpp>
#include <rediscache/commands/expiry.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// \file
/// String commands. Values are bytes (std::string); ask for another T to read a value through
/// the client's codec (get<int>, get<my_type>), and write one with client::encode.
namespace rediscache::cmd {

/// SET's condition (NX / XX).
enum class set_condition {
  always,     ///< set in any case
  if_absent,  ///< only when the key is missing (NX)
  if_present  ///< only when the key exists (XX)
};

/// SET's options.
struct set_options {
  expiry ttl = expiry::none();  ///< the key's expiry; expiry::none() for none
  set_condition condition = set_condition::always;  ///< NX / XX
};

namespace detail_strings {
inline command set_command(std::string_view key, std::string_view value, const set_options& o) {
  static const command_info& info = detail::info_of("set");
  command cmd = detail::start(info, "SET");
  cmd.arg(key).arg(value);
  o.ttl.append_to(cmd);
  if (o.condition == set_condition::if_absent) cmd.arg("NX");
  if (o.condition == set_condition::if_present) cmd.arg("XX");
  // SET NX/XX answers differently when repeated, so only a plain SET is retried.
  if (o.condition != set_condition::always) cmd.mark(idempotency::unsafe);
  return cmd;
}
}  // namespace detail_strings

/// The value; nullopt for a missing key.
template <class T = std::string>
typed_command<std::optional<T>> get(std::string_view key) {
  static const command_info& info = detail::info_of("get");
  return typed_command<std::optional<T>>(detail::start(info, "GET").arg(key));
}

/// True when stored; false when the condition (NX/XX) prevented it.
inline typed_command<bool> set(std::string_view key, std::string_view value,
                               const set_options& o = {}) {
  return typed_command<bool>(detail_strings::set_command(key, value, o));
}

/// SET ... GET: stores and returns the previous value (nullopt when there was none).
template <class T = std::string>
typed_command<std::optional<T>> set_get(std::string_view key, std::string_view value,
                                        const set_options& o = {}) {
  command cmd = detail_strings::set_command(key, value, o);
  cmd.arg("GET").mark(idempotency::unsafe);
  return typed_command<std::optional<T>>(std::move(cmd));
}

/// One value per key, in order; nullopt for a missing key.
template <class T = std::string>
typed_command<std::vector<std::optional<T>>> mget(const std::vector<std::string>& keys) {
  static const command_info& info = detail::info_of("mget");
  command cmd = detail::start(info, "MGET");
  return typed_command<std::vector<std::optional<T>>>(std::move(detail::add_all(cmd, keys)));
}

/// Sets every pair at once; always true.
inline typed_command<bool> mset(const std::vector<std::pair<std::string, std::string>>& items) {
  static const command_info& info = detail::info_of("mset");
  command cmd = detail::start(info, "MSET");
  for (const auto& [k, v] : items) cmd.arg(k).arg(v);
  return typed_command<bool>(std::move(cmd));
}

/// True when every key was set; false (nothing set) when any existed.
inline typed_command<bool> msetnx(const std::vector<std::pair<std::string, std::string>>& items) {
  static const command_info& info = detail::info_of("msetnx");
  command cmd = detail::start(info, "MSETNX");
  for (const auto& [k, v] : items) cmd.arg(k).arg(v);
  return typed_command<bool>(std::move(cmd));
}

/// Adds \p by (INCRBY); the new value.
inline typed_command<long long> incr(std::string_view key, long long by = 1) {
  static const command_info& info = detail::info_of("incrby");
  return typed_command<long long>(detail::start(info, "INCRBY").arg(key).arg(by));
}

/// Subtracts \p by (DECRBY); the new value.
inline typed_command<long long> decr(std::string_view key, long long by = 1) {
  static const command_info& info = detail::info_of("decrby");
  return typed_command<long long>(detail::start(info, "DECRBY").arg(key).arg(by));
}

/// Adds \p by (INCRBYFLOAT); the new value.
inline typed_command<double> incr_float(std::string_view key, double by) {
  static const command_info& info = detail::info_of("incrbyfloat");
  return typed_command<double>(detail::start(info, "INCRBYFLOAT").arg(key).arg(by));
}

/// The value, and deletes the key; nullopt for a missing key.
template <class T = std::string>
typed_command<std::optional<T>> getdel(std::string_view key) {
  static const command_info& info = detail::info_of("getdel");
  return typed_command<std::optional<T>>(detail::start(info, "GETDEL").arg(key));
}

/// GETEX: the value, with the key's expiry changed (expiry::none() makes it persistent: PERSIST).
template <class T = std::string>
typed_command<std::optional<T>> getex(std::string_view key, const expiry& ttl) {
  static const command_info& info = detail::info_of("getex");
  command cmd = detail::start(info, "GETEX");
  cmd.arg(key);
  ttl.append_to(cmd, expiry::none_means::persist);
  return typed_command<std::optional<T>>(std::move(cmd));
}

/// The length after appending.
inline typed_command<long long> append(std::string_view key, std::string_view value) {
  static const command_info& info = detail::info_of("append");
  return typed_command<long long>(detail::start(info, "APPEND").arg(key).arg(value));
}

/// The length of the value in bytes; 0 for a missing key.
inline typed_command<long long> strlen(std::string_view key) {
  static const command_info& info = detail::info_of("strlen");
  return typed_command<long long>(detail::start(info, "STRLEN").arg(key));
}

/// Bytes start..end inclusive; negative offsets count from the end.
inline typed_command<std::string> getrange(std::string_view key, long long start, long long end) {
  static const command_info& info = detail::info_of("getrange");
  return typed_command<std::string>(detail::start(info, "GETRANGE").arg(key).arg(start).arg(end));
}

/// The length after writing.
inline typed_command<long long> setrange(std::string_view key, long long offset,
                                         std::string_view value) {
  static const command_info& info = detail::info_of("setrange");
  return typed_command<long long>(
      detail::start(info, "SETRANGE").arg(key).arg(offset).arg(value));
}

}  // namespace rediscache::cmd
