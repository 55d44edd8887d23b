#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace rediscache {

/// One request to decide in a batch: whose, and how many units it takes.
struct rate_limit_request {
  std::string id;  ///< whose quota: the key is made from it
  std::int64_t cost = 1;  ///< how many units the request takes
};

/// The answer to one request. Times are relative to the moment of the decision and assume that
/// nothing else consumes the same id meanwhile.
struct rate_limit_decision {
  /// retry_after of a request that can never be allowed: its cost is larger than the limit (the
  /// burst, for GCRA). Answer it with 413 or 400 rather than 429: waiting does not help.
  static constexpr std::chrono::milliseconds never = std::chrono::milliseconds::max();

  bool allowed = false;  ///< whether the request may go ahead
  /// The quota: options.limit, or the burst for GCRA.
  std::int64_t limit = 0;
  /// Units that could still be taken right after this decision (0 when none).
  std::int64_t remaining = 0;
  /// Denied: how long until this same request would be allowed, rounded up to the millisecond;
  /// `never` when its cost exceeds the limit. Zero when allowed.
  std::chrono::milliseconds retry_after{0};
  /// How long until the id's whole quota is back (nothing it consumed still counts), rounded up.
  std::chrono::milliseconds reset_after{0};
  /// True when Redis could not be reached and the fail mode made this decision.
  bool degraded = false;

  /// Whether the request can never be allowed (see never).
  bool never_allowed() const noexcept { return !allowed && retry_after == never; }
};

}  // namespace rediscache
