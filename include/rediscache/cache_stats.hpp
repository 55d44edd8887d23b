#pragma once

#include <cstdint>

namespace rediscache {

/// Counters of one cache alias since it was created.
struct cache_stats {
  std::uint64_t hits = 0;            ///< keys found by get, get_many, get_or_set, has_key
  std::uint64_t misses = 0;          ///< keys not found (a swallowed error counts as a miss too)
  std::uint64_t sets = 0;            ///< values stored (set, add, set_many, get_or_set)
  std::uint64_t deletes = 0;         ///< keys removed by delete operations
  std::uint64_t errors = 0;          ///< operations that failed, swallowed or not
  std::uint64_t ignored_errors = 0;  ///< failures turned into a miss or false by ignore_exceptions

  /// hits / (hits + misses); 0 before any read.
  double hit_rate() const {
    auto reads = hits + misses;
    return reads == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(reads);
  }
};

}  // namespace rediscache
