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
/// Reading streams: XREAD and XREADGROUP, optionally blocking until entries arrive.
namespace rediscache::cmd {

/// The streams to read and, for each, the id to read after: an entry id, "$" for entries added
/// from now on (XREAD), ">" for entries never delivered to the group (XREADGROUP), or "0" for a
/// consumer's own pending entries (XREADGROUP).
using stream_offsets = std::vector<std::pair<std::string, std::string>>;

/// XREAD's options.
struct xread_options {
  std::optional<long long> count{};  ///< at most this many entries per stream
  /// Wait up to this long for entries when there are none yet (BLOCK). More than 0 and at most a
  /// year: waiting forever would hold a pooled connection without limit.
  std::optional<std::chrono::milliseconds> block{};
};

/// Whether entries read by a group wait for XACK in the pending list, or count as acknowledged
/// once delivered (NOACK).
enum class group_ack {
  explicit_ack,  ///< pending until XACK
  on_delivery    ///< acknowledged once delivered (NOACK)
};

/// XREADGROUP's options.
struct xreadgroup_options {
  std::optional<long long> count{};  ///< at most this many entries per stream
  std::optional<std::chrono::milliseconds> block{};  ///< as in xread_options
  group_ack ack = group_ack::explicit_ack;  ///< on_delivery: NOACK
};

namespace detail_streams {
// COUNT, BLOCK and STREAMS, which XREAD and XREADGROUP share.
inline void add_read_arguments(command& cmd, std::string_view name,
                               const std::optional<long long>& count,
                               const std::optional<std::chrono::milliseconds>& block,
                               const char* noack, const stream_offsets& streams) {
  if (streams.empty()) throw config_error(std::string(name) + " needs at least one stream");
  if (count) cmd.arg("COUNT").arg(*count);
  if (block) {
    detail::blocking_seconds(*block, name);  // refuses a wait of zero, negative or over a year
    cmd.arg("BLOCK").arg(block->count());
    cmd.blocks_for(*block);
  }
  if (noack != nullptr) cmd.arg(noack);
  cmd.arg("STREAMS");
  for (const auto& s : streams) cmd.arg(s.first);
  for (const auto& s : streams) cmd.arg(s.second);
}
}  // namespace detail_streams

/// The entries after each stream's id, per stream that has any; empty when none arrived (within
/// the block time, when blocking).
template <class T = std::string>
typed_command<std::vector<stream_messages<T>>> xread(const stream_offsets& streams,
                                                     const xread_options& o = {}) {
  static const command_info& info = detail::info_of("xread");
  command cmd = detail::start(info, "XREAD");
  detail_streams::add_read_arguments(cmd, "XREAD", o.count, o.block, nullptr, streams);
  // Without BLOCK it only reads, and may be retried; a blocking read never is (the table says).
  if (!o.block) cmd.mark(idempotency::idempotent);
  return typed_command<std::vector<stream_messages<T>>>(std::move(cmd));
}

/// Reads as consumer of group: entries never delivered to the group (id ">"), which then wait in
/// the pending list for XACK, or the consumer's own pending entries (an id such as "0"). Never
/// retried: a repeat would deliver other entries.
template <class T = std::string>
typed_command<std::vector<stream_messages<T>>> xreadgroup(std::string_view group,
                                                          std::string_view consumer,
                                                          const stream_offsets& streams,
                                                          const xreadgroup_options& o = {}) {
  static const command_info& info = detail::info_of("xreadgroup");
  command cmd = detail::start(info, "XREADGROUP");
  cmd.arg("GROUP").arg(group).arg(consumer);
  const char* noack = o.ack == group_ack::on_delivery ? "NOACK" : nullptr;
  detail_streams::add_read_arguments(cmd, "XREADGROUP", o.count, o.block, noack, streams);
  return typed_command<std::vector<stream_messages<T>>>(std::move(cmd));
}

}  // namespace rediscache::cmd
