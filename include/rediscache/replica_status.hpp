#pragma once

#include <chrono>
#include <string>

namespace rediscache {

/// What a replicated executor knows about one replica, from its last health check (see
/// replica_options::check_interval) and from the reads it served since.
struct replica_status {
  /// "host:port".
  std::string address;
  /// Whether reads may go there now: it is a replica of our primary, its link to the primary is
  /// up, it lags at most replica_options::max_lag, and it answered its last check and read.
  bool usable = false;
  /// Round trip of its health checks, smoothed; what read_policy::lowest_latency compares.
  std::chrono::microseconds latency{0};
  /// How far behind the primary the last check found it, to within one check_interval.
  std::chrono::milliseconds lag{0};
  /// Why it is not usable ("not checked yet", "its link to the primary is down", "lags 1200 ms",
  /// a connection error, ...); empty when usable.
  std::string problem;
};

}  // namespace rediscache
