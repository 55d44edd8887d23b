#pragma once

#include <cstdint>

namespace rediscache {

/// Counters of one rate limiter since it was created. decisions = allowed + denied.
struct rate_limit_stats {
  /// Every decision returned, made by Redis or by the fail mode.
  std::uint64_t decisions = 0;
  std::uint64_t allowed = 0;          ///< including failures_open
  std::uint64_t denied = 0;           ///< including failures_closed
  std::uint64_t failures_open = 0;    ///< Redis unreachable: allowed by fail mode open
  std::uint64_t failures_closed = 0;  ///< Redis unreachable: denied by fail mode closed
};

}  // namespace rediscache
