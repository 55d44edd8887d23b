#pragma once

#include <rediscache/commands/builder.hpp>
#include <rediscache/commands/streams_types.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// \file
/// Stream consumer groups: XGROUP, XACK, XPENDING, XCLAIM and XAUTOCLAIM. Reading as a group
/// (XREADGROUP) is in stream_read.hpp.
namespace rediscache::cmd {

/// What XGROUP CREATE does when the stream does not exist: fail, or create it empty (MKSTREAM).
enum class missing_stream {
  fail,   ///< a reply_error for a missing stream
  create  ///< create it empty (MKSTREAM)
};

/// Whether XCLAIM takes ids that are not in the pending list (FORCE).
enum class claim_force {
  pending_only,  ///< only ids in the pending list
  any_id         ///< any id (FORCE)
};

/// XPENDING's extended form: a range of ids and filters.
struct xpending_options {
  std::string start = "-";  ///< the lowest id; "-" for the first
  std::string end = "+";  ///< the highest id; "+" for the last
  std::string consumer{};  ///< only this consumer's entries; empty for all
  std::optional<std::chrono::milliseconds> min_idle{};  ///< only entries idle at least this long
};

/// XCLAIM's options.
struct xclaim_options {
  std::optional<std::chrono::milliseconds> idle{};  ///< the claimed entries' idle time afterwards
  std::optional<long long> retry_count{};           ///< their delivery count afterwards
  claim_force force = claim_force::pending_only;  ///< any_id: FORCE
};

namespace detail_streams {
inline long long idle_ms(std::chrono::milliseconds idle, std::string_view name) {
  if (idle.count() < 0) throw config_error(std::string(name) + " needs an idle time of 0 or more");
  return idle.count();
}

inline command xclaim_command(std::string_view key, std::string_view group,
                              std::string_view consumer, std::chrono::milliseconds min_idle,
                              const std::vector<std::string>& ids, const xclaim_options& o) {
  static const command_info& info = detail::info_of("xclaim");
  if (ids.empty()) throw config_error("XCLAIM needs at least one id");
  command cmd = detail::start(info, "XCLAIM");
  cmd.arg(key).arg(group).arg(consumer).arg(idle_ms(min_idle, "XCLAIM"));
  detail::add_all(cmd, ids);
  if (o.idle) cmd.arg("IDLE").arg(idle_ms(*o.idle, "XCLAIM"));
  if (o.retry_count) cmd.arg("RETRYCOUNT").arg(*o.retry_count);
  if (o.force == claim_force::any_id) cmd.arg("FORCE");
  return cmd;
}
}  // namespace detail_streams

/// Creates group on the stream, delivering entries after id ("$": only entries added from now on;
/// "0": the whole stream). An existing group is a reply_error (BUSYGROUP).
inline typed_command<bool> xgroup_create(std::string_view key, std::string_view group,
                                         std::string_view id = "$",
                                         missing_stream missing = missing_stream::fail) {
  static const command_info& info = detail::info_of("xgroup", "create");
  command cmd = detail::start(info, "XGROUP");
  cmd.arg("CREATE").arg(key).arg(group).arg(id);
  if (missing == missing_stream::create) cmd.arg("MKSTREAM");
  return typed_command<bool>(std::move(cmd));
}

/// True when the group existed.
inline typed_command<bool> xgroup_destroy(std::string_view key, std::string_view group) {
  static const command_info& info = detail::info_of("xgroup", "destroy");
  return typed_command<bool>(detail::start(info, "XGROUP").arg("DESTROY").arg(key).arg(group));
}

/// True when the consumer is new.
inline typed_command<bool> xgroup_createconsumer(std::string_view key, std::string_view group,
                                                 std::string_view consumer) {
  static const command_info& info = detail::info_of("xgroup", "createconsumer");
  return typed_command<bool>(
      detail::start(info, "XGROUP").arg("CREATECONSUMER").arg(key).arg(group).arg(consumer));
}

/// The number of entries acknowledged (removed from the pending list).
inline typed_command<long long> xack(std::string_view key, std::string_view group,
                                     const std::vector<std::string>& ids) {
  static const command_info& info = detail::info_of("xack");
  if (ids.empty()) throw config_error("XACK needs at least one id");
  command cmd = detail::start(info, "XACK");
  cmd.arg(key).arg(group);
  return typed_command<long long>(std::move(detail::add_all(cmd, ids)));
}

/// How many entries the group has pending, their id range and the count per consumer.
inline typed_command<pending_summary> xpending(std::string_view key, std::string_view group) {
  static const command_info& info = detail::info_of("xpending");
  return typed_command<pending_summary>(detail::start(info, "XPENDING").arg(key).arg(group));
}

/// At most count pending entries, oldest first, with their consumer, idle time and deliveries.
inline typed_command<std::vector<pending_entry>> xpending_entries(std::string_view key,
                                                                  std::string_view group,
                                                                  long long count,
                                                                  const xpending_options& o = {}) {
  static const command_info& info = detail::info_of("xpending");
  command cmd = detail::start(info, "XPENDING");
  cmd.arg(key).arg(group);
  if (o.min_idle) cmd.arg("IDLE").arg(detail_streams::idle_ms(*o.min_idle, "XPENDING"));
  cmd.arg(o.start).arg(o.end).arg(count);
  if (!o.consumer.empty()) cmd.arg(o.consumer);
  return typed_command<std::vector<pending_entry>>(std::move(cmd));
}

/// Moves the pending entries among ids that have been idle at least min_idle to consumer; the
/// entries claimed.
template <class T = std::string>
typed_command<std::vector<stream_entry<T>>> xclaim(std::string_view key, std::string_view group,
                                                   std::string_view consumer,
                                                   std::chrono::milliseconds min_idle,
                                                   const std::vector<std::string>& ids,
                                                   const xclaim_options& o = {}) {
  return typed_command<std::vector<stream_entry<T>>>(
      detail_streams::xclaim_command(key, group, consumer, min_idle, ids, o));
}

/// XCLAIM ... JUSTID: the ids claimed; their delivery counts stay as they were.
inline typed_command<std::vector<std::string>> xclaim_ids(std::string_view key,
                                                          std::string_view group,
                                                          std::string_view consumer,
                                                          std::chrono::milliseconds min_idle,
                                                          const std::vector<std::string>& ids,
                                                          const xclaim_options& o = {}) {
  command cmd = detail_streams::xclaim_command(key, group, consumer, min_idle, ids, o);
  cmd.arg("JUSTID");
  return typed_command<std::vector<std::string>>(std::move(cmd));
}

/// Claims for consumer the group's pending entries idle at least min_idle, scanning from start
/// (at most count of them, 100 by the server's default). Continue from next_id until it is "0-0".
template <class T = std::string>
typed_command<autoclaim_result<T>> xautoclaim(std::string_view key, std::string_view group,
                                              std::string_view consumer,
                                              std::chrono::milliseconds min_idle,
                                              std::string_view start = "0-0",
                                              std::optional<long long> count = std::nullopt) {
  static const command_info& info = detail::info_of("xautoclaim");
  command cmd = detail::start(info, "XAUTOCLAIM");
  cmd.arg(key).arg(group).arg(consumer).arg(detail_streams::idle_ms(min_idle, "XAUTOCLAIM"));
  cmd.arg(start);
  if (count) cmd.arg("COUNT").arg(*count);
  return typed_command<autoclaim_result<T>>(std::move(cmd));
}

}  // namespace rediscache::cmd
