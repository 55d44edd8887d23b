#pragma once

// A redis-server per test (or the emptied cluster: see test_target.hpp), a cache on it, and a
// clock the test moves by hand.
#include "test_target.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/ratelimit/rate_limiter.hpp>
#include <rediscache/redis_backend.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace rediscache::test {

inline const rate_limit_algorithm all_algorithms[] = {
    rate_limit_algorithm::fixed_window, rate_limit_algorithm::sliding_log,
    rate_limit_algorithm::sliding_window, rate_limit_algorithm::gcra};

inline std::string name_of(rate_limit_algorithm a) {
  switch (a) {
    case rate_limit_algorithm::fixed_window:
      return "fixed_window";
    case rate_limit_algorithm::sliding_log:
      return "sliding_log";
    case rate_limit_algorithm::sliding_window:
      return "sliding_window";
    case rate_limit_algorithm::gcra:
      return "gcra";
  }
  return "unknown";
}

// Milliseconds since the epoch, starting at a realistic date so the scripts see real magnitudes.
// Keys still expire by the server's clock, so tests keep windows far longer than they run.
struct manual_clock {
  std::int64_t ms = 1'700'000'000'000;

  rate_limit_clock function() {
    return [this] { return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)); };
  }
  std::int64_t us() const { return ms * 1000; }
};

inline cache cache_on(const target_server& server, cache_options options = {}) {
  connection_options o;
  o.connect_timeout = std::chrono::milliseconds(300);
  return cache(std::make_shared<redis_backend>(server.make_executor(o)), std::move(options));
}

class limiter_test : public ::testing::Test {
 protected:
  rate_limit_options options(rate_limit_algorithm algorithm, std::int64_t limit,
                             std::chrono::milliseconds window) {
    rate_limit_options o;
    o.name = "test";
    o.algorithm = algorithm;
    o.limit = limit;
    o.window = window;
    o.clock = clock.function();
    return o;
  }
  rate_limiter limiter(rate_limit_algorithm algorithm, std::int64_t limit,
                       std::chrono::milliseconds window) {
    return rate_limiter(redis, options(algorithm, limit, window));
  }

  target_server server;
  cache redis = cache_on(server);
  manual_clock clock;
};

}  // namespace rediscache::test
