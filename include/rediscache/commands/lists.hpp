#pragma once

#include <rediscache/commands/builder.hpp>
#include <rediscache/reply_as.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// \file
/// List commands. Elements are bytes (std::string) unless another T is asked for, which reads them
/// through the client's codec; write typed values with client::encode. The blocking pops take a
/// timeout, never wait forever, and are never retried once sent.
namespace rediscache::cmd {

/// The head (left, index 0) or the tail (right) of a list.
enum class list_end {
  left,  ///< the head (LEFT)
  right  ///< the tail (RIGHT)
};

/// LINSERT: before or after the pivot element.
enum class insert_position {
  before,  ///< before the pivot (BEFORE)
  after    ///< after the pivot (AFTER)
};

namespace detail_lists {
inline command push(const command_info& info, const char* name, std::string_view key,
                    const std::vector<std::string>& values) {
  command cmd = detail::start(info, name);
  cmd.arg(key);
  return std::move(detail::add_all(cmd, values));
}

inline const char* end_name(list_end e) { return e == list_end::left ? "LEFT" : "RIGHT"; }

// LPOP/RPOP with a count answer nil for a missing key: no elements.
template <class T>
std::vector<T> elements_or_none(reply&& r, const value_codec& codec) {
  if (r.is_nil()) return {};
  return reply_as<std::vector<T>>(std::move(r), codec);
}

template <class T>
typed_command<std::vector<T>> pop_many(const command_info& info, const char* name,
                                       std::string_view key, std::size_t count) {
  command cmd = detail::start(info, name);
  cmd.arg(key).arg(count);
  return typed_command<std::vector<T>>(std::move(cmd), &elements_or_none<T>);
}

inline command blocking_pop(const command_info& info, const char* name,
                            const std::vector<std::string>& keys,
                            std::chrono::milliseconds timeout) {
  const double seconds = detail::blocking_seconds(timeout, name);
  command cmd = detail::start(info, name);
  detail::add_all(cmd, keys).arg(seconds).blocks_for(detail::block_time(timeout));
  return cmd;
}
}  // namespace detail_lists

/// The list's length after pushing the values to the head, one after the other (so the last
/// value ends up first).
inline typed_command<long long> lpush(std::string_view key,
                                      const std::vector<std::string>& values) {
  static const command_info& info = detail::info_of("lpush");
  return typed_command<long long>(detail_lists::push(info, "LPUSH", key, values));
}

/// As lpush(), to the tail: the list's length after pushing.
inline typed_command<long long> rpush(std::string_view key,
                                      const std::vector<std::string>& values) {
  static const command_info& info = detail::info_of("rpush");
  return typed_command<long long>(detail_lists::push(info, "RPUSH", key, values));
}

/// Pushes only onto an existing list; 0 (nothing pushed) for a missing key.
inline typed_command<long long> lpushx(std::string_view key,
                                       const std::vector<std::string>& values) {
  static const command_info& info = detail::info_of("lpushx");
  return typed_command<long long>(detail_lists::push(info, "LPUSHX", key, values));
}

/// As lpushx(), to the tail.
inline typed_command<long long> rpushx(std::string_view key,
                                       const std::vector<std::string>& values) {
  static const command_info& info = detail::info_of("rpushx");
  return typed_command<long long>(detail_lists::push(info, "RPUSHX", key, values));
}

/// The head element, removed; nullopt for a missing key.
template <class T = std::string>
typed_command<std::optional<T>> lpop(std::string_view key) {
  static const command_info& info = detail::info_of("lpop");
  return typed_command<std::optional<T>>(detail::start(info, "LPOP").arg(key));
}

/// Up to `count` elements from the head, removed; empty for a missing key.
template <class T = std::string>
typed_command<std::vector<T>> lpop(std::string_view key, std::size_t count) {
  static const command_info& info = detail::info_of("lpop");
  return detail_lists::pop_many<T>(info, "LPOP", key, count);
}

template <class T = std::string>
/// The tail element, removed; nullopt for a missing key.
typed_command<std::optional<T>> rpop(std::string_view key) {
  static const command_info& info = detail::info_of("rpop");
  return typed_command<std::optional<T>>(detail::start(info, "RPOP").arg(key));
}

template <class T = std::string>
/// Up to `count` elements from the tail, removed; empty for a missing key.
typed_command<std::vector<T>> rpop(std::string_view key, std::size_t count) {
  static const command_info& info = detail::info_of("rpop");
  return detail_lists::pop_many<T>(info, "RPOP", key, count);
}

/// Elements start..stop inclusive; negative indexes count from the tail (-1 is the last).
template <class T = std::string>
typed_command<std::vector<T>> lrange(std::string_view key, long long start, long long stop) {
  static const command_info& info = detail::info_of("lrange");
  return typed_command<std::vector<T>>(detail::start(info, "LRANGE").arg(key).arg(start).arg(stop));
}

/// The list's length; 0 for a missing key.
inline typed_command<long long> llen(std::string_view key) {
  static const command_info& info = detail::info_of("llen");
  return typed_command<long long>(detail::start(info, "LLEN").arg(key));
}

/// The element at an index (negative from the tail); nullopt when out of range or missing.
template <class T = std::string>
typed_command<std::optional<T>> lindex(std::string_view key, long long index) {
  static const command_info& info = detail::info_of("lindex");
  return typed_command<std::optional<T>>(detail::start(info, "LINDEX").arg(key).arg(index));
}

/// Replaces the element at an index; an index out of range or a missing key is a reply_error.
inline typed_command<bool> lset(std::string_view key, long long index, std::string_view value) {
  static const command_info& info = detail::info_of("lset");
  return typed_command<bool>(detail::start(info, "LSET").arg(key).arg(index).arg(value));
}

/// The length after inserting value next to the first `pivot`; -1 when there is no such pivot,
/// 0 for a missing key.
inline typed_command<long long> linsert(std::string_view key, insert_position where,
                                        std::string_view pivot, std::string_view value) {
  static const command_info& info = detail::info_of("linsert");
  command cmd = detail::start(info, "LINSERT");
  cmd.arg(key).arg(where == insert_position::before ? "BEFORE" : "AFTER").arg(pivot).arg(value);
  return typed_command<long long>(std::move(cmd));
}

/// Removes elements equal to value: the first `count` from the head (count > 0), from the tail
/// (count < 0), or all (0). How many were removed.
inline typed_command<long long> lrem(std::string_view key, long long count,
                                     std::string_view value) {
  static const command_info& info = detail::info_of("lrem");
  return typed_command<long long>(detail::start(info, "LREM").arg(key).arg(count).arg(value));
}

/// Keeps only elements start..stop inclusive (negative from the tail).
inline typed_command<bool> ltrim(std::string_view key, long long start, long long stop) {
  static const command_info& info = detail::info_of("ltrim");
  return typed_command<bool>(detail::start(info, "LTRIM").arg(key).arg(start).arg(stop));
}

/// LPOS's options.
struct lpos_options {
  /// Which match to report: 2 is the second from the head, -1 the first from the tail
  /// (RANK; 0 is a reply_error). Empty: the first from the head.
  std::optional<long long> rank{};
  std::size_t max_len = 0;  ///< compare at most this many elements (MAXLEN); 0: the whole list
};

namespace detail_lists {
inline command lpos_command(std::string_view key, std::string_view element, const lpos_options& o) {
  static const command_info& info = detail::info_of("lpos");
  command cmd = detail::start(info, "LPOS");
  cmd.arg(key).arg(element);
  if (o.rank) cmd.arg("RANK").arg(*o.rank);
  if (o.max_len != 0) cmd.arg("MAXLEN").arg(o.max_len);
  return cmd;
}
}  // namespace detail_lists

/// The index of a matching element; nullopt when none matches.
inline typed_command<std::optional<long long>> lpos(std::string_view key, std::string_view element,
                                                    const lpos_options& o = {}) {
  return typed_command<std::optional<long long>>(detail_lists::lpos_command(key, element, o));
}

/// The indexes of up to `count` matching elements (COUNT; 0: all of them).
inline typed_command<std::vector<long long>> lpos_many(std::string_view key,
                                                       std::string_view element, std::size_t count,
                                                       const lpos_options& o = {}) {
  command cmd = detail_lists::lpos_command(key, element, o);
  cmd.arg("COUNT").arg(count);
  return typed_command<std::vector<long long>>(std::move(cmd));
}

/// Moves an element from one end of `from` to one end of `to` (which may be the same list) and
/// returns it; nullopt when `from` is missing.
template <class T = std::string>
typed_command<std::optional<T>> lmove(std::string_view from, std::string_view to, list_end take,
                                      list_end put) {
  static const command_info& info = detail::info_of("lmove");
  command cmd = detail::start(info, "LMOVE");
  cmd.arg(from).arg(to).arg(detail_lists::end_name(take)).arg(detail_lists::end_name(put));
  return typed_command<std::optional<T>>(std::move(cmd));
}

/// LMOVE that waits up to `timeout` for an element; nullopt when none came. The timeout must be
/// more than 0 and at most 365 days (config_error otherwise): waiting forever would hold a pooled
/// connection without limit. In a transaction Redis does not wait.
template <class T = std::string>
typed_command<std::optional<T>> blmove(std::string_view from, std::string_view to, list_end take,
                                       list_end put, std::chrono::milliseconds timeout) {
  static const command_info& info = detail::info_of("blmove");
  const double seconds = detail::blocking_seconds(timeout, "BLMOVE");
  command cmd = detail::start(info, "BLMOVE");
  cmd.arg(from).arg(to).arg(detail_lists::end_name(take)).arg(detail_lists::end_name(put));
  cmd.arg(seconds).blocks_for(detail::block_time(timeout));
  return typed_command<std::optional<T>>(std::move(cmd));
}

/// The head element of the first non-empty list among keys, with that list's key, removed;
/// waits up to `timeout` (as blmove) for one, nullopt when none came.
template <class T = std::string>
typed_command<std::optional<std::pair<std::string, T>>> blpop(const std::vector<std::string>& keys,
                                                              std::chrono::milliseconds timeout) {
  static const command_info& info = detail::info_of("blpop");
  return typed_command<std::optional<std::pair<std::string, T>>>(
      detail_lists::blocking_pop(info, "BLPOP", keys, timeout));
}

template <class T = std::string>
/// As blpop(), from the tails.
typed_command<std::optional<std::pair<std::string, T>>> brpop(const std::vector<std::string>& keys,
                                                              std::chrono::milliseconds timeout) {
  static const command_info& info = detail::info_of("brpop");
  return typed_command<std::optional<std::pair<std::string, T>>>(
      detail_lists::blocking_pop(info, "BRPOP", keys, timeout));
}

}  // namespace rediscache::cmd
