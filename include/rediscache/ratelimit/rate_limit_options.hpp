#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace rediscache {

/// How a rate limiter counts. Every algorithm is one Lua script, so one round trip per decision,
/// and none records a denied request: a client hammering a closed limit does not extend its wait.
enum class rate_limit_algorithm {
  /// A count per window aligned to the Unix epoch. Exact, O(1), but up to 2 x limit can pass
  /// around a window boundary (the end of one window and the start of the next).
  fixed_window,
  /// A sorted set of request times: exact over any sliding window; memory O(limit) per id.
  sliding_log,
  /// Current and previous fixed-window counts, the previous one weighted by how much of it the
  /// sliding window still covers. O(1); exact only when the previous window's requests were
  /// spread evenly (see docs/ratelimit.md for its error).
  sliding_window,
  /// Generic cell rate algorithm: a token bucket of `burst` tokens refilled one per window / limit,
  /// kept as one theoretical arrival time (as redis-cell). Exact, O(1), smooth.
  gcra,
};

/// What a decision is when Redis cannot be reached (connection error or timeout).
enum class rate_limit_fail_mode {
  open,    ///< allow: an outage of the limiter must not take the service down (Stripe's choice)
  closed,  ///< deny: protect what sits behind the limiter at any price
};

/// The scripts compute in Lua numbers (doubles), exact for integers up to 2^53. These bounds keep
/// every count, time and product the scripts form within that, so each decision is exact; options
/// beyond them are a config_error, an injected clock beyond them too.
/// limit and burst: at most 2^50 units (about 1.1e15).
inline constexpr std::int64_t max_rate_limit = std::int64_t{1} << 50;
/// window, and GCRA's burst * window / limit: at most 2^50 us (about 35.7 years).
inline constexpr std::chrono::microseconds max_rate_limit_span{std::int64_t{1} << 50};
/// An injected clock must read from the Unix epoch to 2^53 - 2^51 us (2184-01-26).
inline constexpr std::chrono::microseconds max_rate_limit_time{(std::int64_t{1} << 53) -
                                                               (std::int64_t{1} << 51)};

/// "Now" for an injected clock; empty means Redis' own clock (TIME, read inside the script), which
/// every client of one server shares.
using rate_limit_clock = std::function<std::chrono::system_clock::time_point()>;

/// One rate-limit policy. Every field has a usable default.
struct rate_limit_options {
  /// Names the policy in keys ("ratelimit:<algorithm>:<name>:<id>"), logs and errors.
  std::string name = "default";
  /// How requests are counted; GCRA by default.
  rate_limit_algorithm algorithm = rate_limit_algorithm::gcra;
  /// Requests (cost units) allowed per window; 1 to max_rate_limit.
  std::int64_t limit = 100;
  /// The window the limit applies to; 1 ms to max_rate_limit_span. For GCRA, one unit is given
  /// back every window / limit (kept to the microsecond, at least 1 us).
  std::chrono::milliseconds window = std::chrono::seconds(1);
  /// GCRA only: how many units may be taken at once from a full bucket; 0 means limit. At most
  /// max_rate_limit, and burst * (window / limit) at most max_rate_limit_span.
  std::int64_t burst = 0;
  /// When Redis is unreachable.
  rate_limit_fail_mode fail_mode = rate_limit_fail_mode::open;
  /// retry_after (and reset_after) of a decision denied by fail_mode closed.
  std::chrono::milliseconds fail_closed_retry_after = std::chrono::seconds(1);
  /// Log each failure at warning level (one line per decide or decide_many call).
  bool log_failures = true;
  /// Empty: the server's clock. Set it for tests or replays; it must not run backwards, and is
  /// called from whichever thread decides. Keys still expire on the server's clock. A reading
  /// before the Unix epoch or after max_rate_limit_time makes decide() throw config_error.
  rate_limit_clock clock;
};

}  // namespace rediscache
