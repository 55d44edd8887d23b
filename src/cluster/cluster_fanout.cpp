#include "cluster/cluster_state.hpp"
#include "cluster/scan_cursor.hpp"
#include "connection/connection_impl.hpp"

#include <charconv>
#include <functional>

namespace rediscache {

using detail::route;

reply cluster_executor::state::run_on_primaries(const command& cmd, route::kind how) {
  const auto map = nodes.map();
  std::vector<reply> replies(map->shards.size());
  std::vector<std::function<void()>> tasks;
  for (std::size_t i = 0; i < replies.size(); ++i) {
    tasks.emplace_back([&, i] {
      try {
        replies[i] = call_slot(cmd, map->shards[i].first_slot, false);
      } catch (const reply_error& e) {
        replies[i] = reply::make_error(e.server_message());
      }
    });
  }
  for (const auto& failure : parallel.run_all(tasks)) {
    if (failure) std::rethrow_exception(failure);
  }
  for (const auto& r : replies) {
    if (r.is_error()) throw_reply(r, nodes.node_settings().connection);
  }
  if (how == route::kind::sum) {
    long long total = 0;
    for (const auto& r : replies) total += r.integer();
    return reply::make_integer(total);
  }
  if (how == route::kind::concat) {
    std::vector<reply> all;
    for (auto& r : replies) {
      for (auto& item : r.elements()) all.push_back(std::move(item));
    }
    return reply::make_array(std::move(all));
  }
  if (replies.empty()) throw connection_error("the Redis Cluster has no primary serving slots");
  return std::move(replies.front());
}

// SCAN <cursor> [MATCH ...] [COUNT ...] [TYPE ...]: one step on the primary the cursor is at.
reply cluster_executor::state::run_scan(const command& cmd) {
  const detail::scan_position at = detail::decode_scan_cursor(cmd.argument(1));
  const auto map = nodes.map();
  if (at.shard >= map->shards.size()) {
    return reply::make_array({reply::make_bulk_string("0"), reply::make_array({})});
  }
  command step{"SCAN", std::to_string(at.cursor)};
  for (std::size_t i = 2; i < cmd.size(); ++i) step.arg(cmd.argument(i));
  step.mark(cmd.kind());
  reply r = call_slot(step, map->shards[at.shard].first_slot, false);
  auto& parts = r.elements();
  if (parts.size() != 2)
    throw protocol_error("SCAN returned " + std::to_string(parts.size()) + " parts");
  const std::string& text = parts[0].str();
  std::uint64_t next = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), next);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) {
    throw protocol_error("SCAN returned the cursor '" + text + "'");
  }
  detail::scan_position after{at.shard, next};
  if (next == 0) after = {at.shard + 1, 0};
  const bool done = next == 0 && after.shard >= map->shards.size();
  parts[0] = reply::make_bulk_string(done ? "0" : detail::encode_scan_cursor(after));
  return r;
}

}  // namespace rediscache
