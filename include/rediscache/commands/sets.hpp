#pragma once

#include <rediscache/commands/builder.hpp>
#include <rediscache/commands/sampling.hpp>
#include <rediscache/commands/scan.hpp>

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// \file
/// Set commands. Members are bytes (std::string) unless another T is asked for, which reads them
/// through the client's codec; whole sets come back as std::set<T> (T needs operator<). Write
/// typed members with client::encode.
namespace rediscache::cmd {

namespace detail_sets {
inline command key_and(const command_info& info, const char* name, std::string_view key,
                       const std::vector<std::string>& items) {
  command cmd = detail::start(info, name);
  cmd.arg(key);
  return std::move(detail::add_all(cmd, items));
}
}  // namespace detail_sets

/// How many of the members were new.
inline typed_command<long long> sadd(std::string_view key,
                                     const std::vector<std::string>& members) {
  static const command_info& info = detail::info_of("sadd");
  return typed_command<long long>(detail_sets::key_and(info, "SADD", key, members));
}

/// How many of the members were there and were removed.
inline typed_command<long long> srem(std::string_view key,
                                     const std::vector<std::string>& members) {
  static const command_info& info = detail::info_of("srem");
  return typed_command<long long>(detail_sets::key_and(info, "SREM", key, members));
}

/// Every member; empty for a missing key.
template <class T = std::string>
typed_command<std::set<T>> smembers(std::string_view key) {
  static const command_info& info = detail::info_of("smembers");
  return typed_command<std::set<T>>(detail::start(info, "SMEMBERS").arg(key));
}

/// Whether the member is in the set.
inline typed_command<bool> sismember(std::string_view key, std::string_view member) {
  static const command_info& info = detail::info_of("sismember");
  return typed_command<bool>(detail::start(info, "SISMEMBER").arg(key).arg(member));
}

/// For each member in order, whether it is in the set.
inline typed_command<std::vector<bool>> smismember(std::string_view key,
                                                   const std::vector<std::string>& members) {
  static const command_info& info = detail::info_of("smismember");
  return typed_command<std::vector<bool>>(detail_sets::key_and(info, "SMISMEMBER", key, members));
}

/// The number of members; 0 for a missing key.
inline typed_command<long long> scard(std::string_view key) {
  static const command_info& info = detail::info_of("scard");
  return typed_command<long long>(detail::start(info, "SCARD").arg(key));
}

/// A random member, removed; nullopt for a missing key.
template <class T = std::string>
typed_command<std::optional<T>> spop(std::string_view key) {
  static const command_info& info = detail::info_of("spop");
  return typed_command<std::optional<T>>(detail::start(info, "SPOP").arg(key));
}

/// Up to `count` distinct random members, removed.
template <class T = std::string>
typed_command<std::vector<T>> spop(std::string_view key, std::size_t count) {
  static const command_info& info = detail::info_of("spop");
  return typed_command<std::vector<T>>(detail::start(info, "SPOP").arg(key).arg(count));
}

/// A random member, kept; nullopt for a missing key.
template <class T = std::string>
typed_command<std::optional<T>> srandmember(std::string_view key) {
  static const command_info& info = detail::info_of("srandmember");
  return typed_command<std::optional<T>>(detail::start(info, "SRANDMEMBER").arg(key));
}

/// `count` random members, kept (distinct: at most as many as the set has).
template <class T = std::string>
typed_command<std::vector<T>> srandmember(std::string_view key, std::size_t count,
                                          sampling s = sampling::distinct) {
  static const command_info& info = detail::info_of("srandmember");
  command cmd = detail::start(info, "SRANDMEMBER");
  cmd.arg(key).arg(detail::sample_count(count, s));
  return typed_command<std::vector<T>>(std::move(cmd));
}

/// The members of all the sets (a missing key is an empty set).
template <class T = std::string>
typed_command<std::set<T>> sunion(const std::vector<std::string>& keys) {
  static const command_info& info = detail::info_of("sunion");
  command cmd = detail::start(info, "SUNION");
  return typed_command<std::set<T>>(std::move(detail::add_all(cmd, keys)));
}

/// The members in every one of the sets.
template <class T = std::string>
typed_command<std::set<T>> sinter(const std::vector<std::string>& keys) {
  static const command_info& info = detail::info_of("sinter");
  command cmd = detail::start(info, "SINTER");
  return typed_command<std::set<T>>(std::move(detail::add_all(cmd, keys)));
}

/// The members of the first set that are in none of the others.
template <class T = std::string>
typed_command<std::set<T>> sdiff(const std::vector<std::string>& keys) {
  static const command_info& info = detail::info_of("sdiff");
  command cmd = detail::start(info, "SDIFF");
  return typed_command<std::set<T>>(std::move(detail::add_all(cmd, keys)));
}

///@{
/// The *STORE forms write the result to `destination` (replacing it; an empty result deletes it)
/// and return its size.
inline typed_command<long long> sunionstore(std::string_view destination,
                                            const std::vector<std::string>& keys) {
  static const command_info& info = detail::info_of("sunionstore");
  return typed_command<long long>(detail_sets::key_and(info, "SUNIONSTORE", destination, keys));
}

inline typed_command<long long> sinterstore(std::string_view destination,
                                            const std::vector<std::string>& keys) {
  static const command_info& info = detail::info_of("sinterstore");
  return typed_command<long long>(detail_sets::key_and(info, "SINTERSTORE", destination, keys));
}

inline typed_command<long long> sdiffstore(std::string_view destination,
                                           const std::vector<std::string>& keys) {
  static const command_info& info = detail::info_of("sdiffstore");
  return typed_command<long long>(detail_sets::key_and(info, "SDIFFSTORE", destination, keys));
}
///@}

/// The size of the intersection, counting at most to `limit` (LIMIT; 0: no limit), which lets
/// Redis stop early.
inline typed_command<long long> sintercard(const std::vector<std::string>& keys,
                                           std::size_t limit = 0) {
  static const command_info& info = detail::info_of("sintercard");
  command cmd = detail::start(info, "SINTERCARD");
  cmd.arg(keys.size());
  detail::add_all(cmd, keys);
  if (limit != 0) cmd.arg("LIMIT").arg(limit);
  return typed_command<long long>(std::move(cmd));
}

/// One page of SSCAN from a cursor ("0" to start).
template <class T = std::string>
typed_command<scan_page<T>> sscan(std::string_view key, std::string_view cursor,
                                  const scan_options& o = {}) {
  static const command_info& info = detail::info_of("sscan");
  command cmd = detail::start(info, "SSCAN");
  cmd.arg(key).arg(cursor);
  detail_scan::add_options(cmd, o);
  return typed_command<scan_page<T>>(std::move(cmd), &detail::scan_page_of<T>);
}

/// Every member of the set, one SSCAN page at a time as the range is iterated.
template <class T = std::string>
scan_range<T> sscan(const client& redis, std::string key, scan_options o = {}) {
  return scan_range<T>(redis, [key = std::move(key), o = std::move(o)](const std::string& cursor) {
    return sscan<T>(key, detail_scan::cursor_arg(cursor), o);
  });
}

}  // namespace rediscache::cmd
