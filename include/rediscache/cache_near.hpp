#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace rediscache {

/// A bounded in-process copy of values read by get(), in front of Redis (client-side caching).
/// Kept coherent by CLIENT TRACKING in broadcast mode: a dedicated pair of connections asks Redis
/// to send an invalidation for every write to a key under the alias' prefix ("<prefix>:" for the
/// default key layout, every key with a custom key function), by anyone. See docs/near-cache.md.
struct near_cache_options {
  /// Keeps a near cache for the alias; off by default.
  bool enabled = false;
  ///@{
  /// Bounds; the least recently used entries go first. An entry costs its stored key, its bytes
  /// and about 100 bytes of bookkeeping.
  std::size_t max_entries = 10000;
  std::size_t max_bytes = std::size_t{64} << 20;
  ///@}
  /// Keys (the user's) never kept locally, e.g. [](auto k) { return k.substr(0, 5) == "live:"; }.
  std::function<bool(std::string_view key)> skip;
  /// Wait between attempts to re-establish tracking after the invalidation connection was lost.
  std::chrono::milliseconds reconnect_wait{100};
};

/// What the near cache of an alias did since it was created.
struct near_cache_stats {
  std::uint64_t local_hits = 0;     ///< get() answered from process memory
  std::uint64_t local_misses = 0;   ///< get() that had to ask Redis
  std::uint64_t invalidations = 0;  ///< keys dropped on an invalidation message or an own write
  std::uint64_t evictions = 0;      ///< entries dropped to stay within the bounds
  std::uint64_t flushes = 0;        ///< whole flushes: tracking lost, FLUSHDB, clear()
  std::uint64_t entries = 0;        ///< held now
  std::uint64_t bytes = 0;          ///< held now
  bool tracking = false;            ///< invalidations arrive; local hits are served only then
};

}  // namespace rediscache
