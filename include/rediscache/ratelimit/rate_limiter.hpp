#pragma once

#include <rediscache/export.hpp>
#include <rediscache/ratelimit/rate_limit_decision.hpp>
#include <rediscache/ratelimit/rate_limit_options.hpp>
#include <rediscache/ratelimit/rate_limit_stats.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rediscache {

class cache;

/// Decides whether requests of an id (a user, an API key, an IP address) stay within one policy.
/// Each decision is one EVALSHA on the cache's Redis (EVAL when the server lacks the script), so
/// concurrent clients see one consistent count. Keys are the cache's own keys for
/// "ratelimit:<algorithm>:<name>:<id>" ("prefix:version:ratelimit:gcra:api:42" by default) and
/// expire once they no longer matter. Thread-safe; it keeps the cache's executor alive, not the
/// cache itself.
class REDISCACHE_API rate_limiter {
 public:
  /// Throws unsupported_error when the cache is not on Redis (memory://), config_error for
  /// options out of range.
  rate_limiter(const cache& c, rate_limit_options options);
  rate_limiter(const rate_limiter&) = delete;
  rate_limiter& operator=(const rate_limiter&) = delete;
  ///@{
  /// Movable; only the moved-to limiter may be used afterwards.
  rate_limiter(rate_limiter&&) noexcept;
  rate_limiter& operator=(rate_limiter&&) noexcept;
  ///@}
  ~rate_limiter();

  /// Takes cost units from id's quota if they all fit, else nothing. Cost 0 only looks. A cost
  /// larger than the limit (up to INT64_MAX) is never allowed (retry_after is
  /// rate_limit_decision::never). Throws std::invalid_argument for a negative cost, config_error
  /// when an injected clock reads outside 0 to max_rate_limit_time, and reply_error for a server
  /// error reply; a connection error or timeout gives the fail mode's decision instead.
  rate_limit_decision decide(std::string_view id, std::int64_t cost = 1);
  /// The same decisions for many requests in one pipelined round trip, in order (also for
  /// repeated ids). With an injected clock all share one "now".
  std::vector<rate_limit_decision> decide_many(const std::vector<rate_limit_request>& requests);

  /// Forgets id's history: its next request starts from a full quota. Errors are thrown.
  void reset(std::string_view id);
  /// The Redis key that holds id's state.
  std::string key_for(std::string_view id) const;

  /// The options the limiter was made with.
  const rate_limit_options& options() const noexcept;
  /// A snapshot of the limiter's counters.
  rate_limit_stats stats() const;

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace rediscache
