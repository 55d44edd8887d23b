#pragma once

#include <rediscache/topology.hpp>

#include "topology/data_node.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>

namespace rediscache::detail {

// The value of one "name:value" line of an INFO reply; empty when the line is missing.
std::string_view info_field(std::string_view info, std::string_view name);

// Decides, round by round, which replicas may serve reads. Each round reads the primary's
// replication id and offset (INFO replication), then asks each replica for its ROLE and INFO
// replication in one round trip (timed, for read_policy::lowest_latency). A replica is fit when it
// is a replica, its link is up and not syncing, it follows our primary (same replication id), and
// its lag is within max_lag. Lag is measured in time: the primary's offsets of earlier rounds are
// kept, and a replica that has reached the offset of a round that began t ago lags at most t.
// Used by one thread.
class replica_checker {
 public:
  explicit replica_checker(replica_options options) : options_(options) {}

  void check(const node_set& nodes);

 private:
  using clock = std::chrono::steady_clock;
  bool read_primary(data_node& primary);
  void check_replica(data_node& replica);
  // How long ago the primary was last known to be at an offset the replica has reached; nullopt
  // when no kept round is that old.
  std::optional<std::chrono::milliseconds> lag_of(std::uint64_t replica_offset) const;

  replica_options options_;
  std::string primary_replid_;
  std::deque<std::pair<clock::time_point, std::uint64_t>> offsets_;  // oldest first
};

}  // namespace rediscache::detail
