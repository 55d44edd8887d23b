#pragma once

#include <rediscache/commands/builder.hpp>
#include <rediscache/commands/sampling.hpp>
#include <rediscache/commands/scan.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// \file
/// Hash commands. Field names are bytes; values are bytes (std::string) unless another T is asked
/// for, which reads them through the client's codec (hget<int>, hgetall<my_type>); write typed
/// values with client::encode.
namespace rediscache::cmd {

/// Field and value pairs, in order.
using field_values = std::vector<std::pair<std::string, std::string>>;

namespace detail_hashes {
inline command& add_pairs(command& cmd, const field_values& items) {
  for (const auto& [field, value] : items) cmd.arg(field).arg(value);
  return cmd;
}
}  // namespace detail_hashes

/// How many fields were new (fields that existed are overwritten and not counted).
inline typed_command<long long> hset(std::string_view key, std::string_view field,
                                     std::string_view value) {
  static const command_info& info = detail::info_of("hset");
  return typed_command<long long>(detail::start(info, "HSET").arg(key).arg(field).arg(value));
}

/// How many fields were new, setting every pair.
inline typed_command<long long> hset(std::string_view key, const field_values& items) {
  static const command_info& info = detail::info_of("hset");
  command cmd = detail::start(info, "HSET");
  cmd.arg(key);
  return typed_command<long long>(std::move(detail_hashes::add_pairs(cmd, items)));
}

/// True when the field was set; false when it existed (nothing changes). Not retried: a repeat
/// would find the field and answer false, as SET NX.
inline typed_command<bool> hsetnx(std::string_view key, std::string_view field,
                                  std::string_view value) {
  static const command_info& info = detail::info_of("hsetnx");
  command cmd = detail::start(info, "HSETNX");
  cmd.arg(key).arg(field).arg(value).mark(idempotency::unsafe);
  return typed_command<bool>(std::move(cmd));
}

/// The field's value; nullopt when the field or the key is missing.
template <class T = std::string>
typed_command<std::optional<T>> hget(std::string_view key, std::string_view field) {
  static const command_info& info = detail::info_of("hget");
  return typed_command<std::optional<T>>(detail::start(info, "HGET").arg(key).arg(field));
}

/// The fields' values in order, nullopt for each that is missing.
template <class T = std::string>
typed_command<std::vector<std::optional<T>>> hmget(std::string_view key,
                                                   const std::vector<std::string>& fields) {
  static const command_info& info = detail::info_of("hmget");
  command cmd = detail::start(info, "HMGET");
  cmd.arg(key);
  return typed_command<std::vector<std::optional<T>>>(std::move(detail::add_all(cmd, fields)));
}

/// Every field and value; empty for a missing key.
template <class T = std::string>
typed_command<std::map<std::string, T>> hgetall(std::string_view key) {
  static const command_info& info = detail::info_of("hgetall");
  return typed_command<std::map<std::string, T>>(detail::start(info, "HGETALL").arg(key));
}

/// How many of the fields existed and were removed.
inline typed_command<long long> hdel(std::string_view key, const std::vector<std::string>& fields) {
  static const command_info& info = detail::info_of("hdel");
  command cmd = detail::start(info, "HDEL");
  cmd.arg(key);
  return typed_command<long long>(std::move(detail::add_all(cmd, fields)));
}

/// Whether the field exists.
inline typed_command<bool> hexists(std::string_view key, std::string_view field) {
  static const command_info& info = detail::info_of("hexists");
  return typed_command<bool>(detail::start(info, "HEXISTS").arg(key).arg(field));
}

/// The number of fields; 0 for a missing key.
inline typed_command<long long> hlen(std::string_view key) {
  static const command_info& info = detail::info_of("hlen");
  return typed_command<long long>(detail::start(info, "HLEN").arg(key));
}

/// The field names.
inline typed_command<std::vector<std::string>> hkeys(std::string_view key) {
  static const command_info& info = detail::info_of("hkeys");
  return typed_command<std::vector<std::string>>(detail::start(info, "HKEYS").arg(key));
}

/// The values.
template <class T = std::string>
typed_command<std::vector<T>> hvals(std::string_view key) {
  static const command_info& info = detail::info_of("hvals");
  return typed_command<std::vector<T>>(detail::start(info, "HVALS").arg(key));
}

/// The field's value after adding `by` (a missing field counts as 0).
inline typed_command<long long> hincrby(std::string_view key, std::string_view field,
                                        long long by) {
  static const command_info& info = detail::info_of("hincrby");
  return typed_command<long long>(detail::start(info, "HINCRBY").arg(key).arg(field).arg(by));
}

/// Adds \p by to the field's value (0 when missing); the new value.
inline typed_command<double> hincrbyfloat(std::string_view key, std::string_view field, double by) {
  static const command_info& info = detail::info_of("hincrbyfloat");
  return typed_command<double>(detail::start(info, "HINCRBYFLOAT").arg(key).arg(field).arg(by));
}

/// One random field; nullopt for a missing key.
inline typed_command<std::optional<std::string>> hrandfield(std::string_view key) {
  static const command_info& info = detail::info_of("hrandfield");
  return typed_command<std::optional<std::string>>(detail::start(info, "HRANDFIELD").arg(key));
}

/// `count` random fields (distinct: at most as many as the hash has); empty for a missing key.
inline typed_command<std::vector<std::string>> hrandfield(std::string_view key, std::size_t count,
                                                          sampling s = sampling::distinct) {
  static const command_info& info = detail::info_of("hrandfield");
  command cmd = detail::start(info, "HRANDFIELD");
  cmd.arg(key).arg(detail::sample_count(count, s));
  return typed_command<std::vector<std::string>>(std::move(cmd));
}

/// The same with each field's value (WITHVALUES).
template <class T = std::string>
typed_command<std::vector<std::pair<std::string, T>>> hrandfield_with_values(
    std::string_view key, std::size_t count, sampling s = sampling::distinct) {
  static const command_info& info = detail::info_of("hrandfield");
  command cmd = detail::start(info, "HRANDFIELD");
  cmd.arg(key).arg(detail::sample_count(count, s)).arg("WITHVALUES");
  return typed_command<std::vector<std::pair<std::string, T>>>(std::move(cmd));
}

/// One page of HSCAN from a cursor ("0" to start): fields and values.
template <class T = std::string>
typed_command<scan_page<std::pair<std::string, T>>> hscan(std::string_view key,
                                                          std::string_view cursor,
                                                          const scan_options& o = {}) {
  static const command_info& info = detail::info_of("hscan");
  command cmd = detail::start(info, "HSCAN");
  cmd.arg(key).arg(cursor);
  detail_scan::add_options(cmd, o);
  return typed_command<scan_page<std::pair<std::string, T>>>(
      std::move(cmd), &detail::scan_page_of<std::pair<std::string, T>>);
}

/// Every field and value of the hash, one HSCAN page at a time as the range is iterated.
template <class T = std::string>
scan_range<std::pair<std::string, T>> hscan(const client& redis, std::string key,
                                            scan_options o = {}) {
  return scan_range<std::pair<std::string, T>>(
      redis, [key = std::move(key), o = std::move(o)](const std::string& cursor) {
        return hscan<T>(key, detail_scan::cursor_arg(cursor), o);
      });
}

}  // namespace rediscache::cmd
