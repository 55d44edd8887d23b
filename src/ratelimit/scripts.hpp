#pragma once

#include <rediscache/ratelimit/rate_limit_options.hpp>
#include <rediscache/script.hpp>

#include <string>

namespace rediscache::detail {

// Every rate-limit script has the same calling convention, so the limiter can batch any of them:
//   KEYS[1]  the id's key
//   ARGV[1]  now, in microseconds since the Unix epoch; empty for the server's TIME
//   ARGV[2]  cost (>= 0)
//   ARGV[3]  limit (GCRA: the burst)
//   ARGV[4]  window in microseconds (GCRA: the emission interval, window / limit)
//   ARGV[5]  a token unique to this decision (the sliding log's set members)
// and the same reply: {allowed (0 or 1), remaining, retry_after µs (-1: never), reset_after µs}.
// Times are integers of microseconds, which Lua's doubles hold exactly up to 2^53 (year 2255).
// Counts, times and spans are bounded by the limiter (max_rate_limit, max_rate_limit_span,
// max_rate_limit_time) so that every value a script forms, now + 2 windows at most, stays below
// 2^53; a cost above the limit is only ever compared with it, and a double compares correctly
// however far it is rounded. Values go back to Redis as strings through int().

// Helpers and argument parsing shared by every script: idiv, int, pexpire_us, now, cost, limit,
// window.
const std::string& lua_prelude();

const script& fixed_window_script();
const script& sliding_log_script();
const script& sliding_window_script();
const script& gcra_script();

}  // namespace rediscache::detail
