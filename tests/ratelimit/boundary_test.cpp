// Limits exactly at the boundary, on an injected clock: the Nth request is allowed, the N+1th
// denied, and the same request is denied one millisecond before retry_after and allowed at it.
#include "ratelimit/fixture.hpp"

#include <rediscache/error.hpp>

#include <stdexcept>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

using BoundaryTest = test::limiter_test;

// Puts the clock `into` a window of `window` (the windowed algorithms align to the epoch).
void align(test::manual_clock& clock, std::chrono::milliseconds window, std::int64_t into) {
  clock.ms = clock.ms - clock.ms % window.count() + window.count() + into;
}

TEST_F(BoundaryTest, FixedWindowReopensExactlyAtTheWindowEnd) {
  align(clock, 10s, 2000);
  auto limiter = this->limiter(rate_limit_algorithm::fixed_window, 5, 10s);
  for (int i = 0; i < 5; ++i) {
    auto d = limiter.decide("u");
    ASSERT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.remaining, 4 - i);
    EXPECT_EQ(d.reset_after, 8000ms);
  }
  auto denied = limiter.decide("u");
  EXPECT_FALSE(denied.allowed);
  EXPECT_EQ(denied.remaining, 0);
  EXPECT_EQ(denied.retry_after, 8000ms);
  clock.ms += 7999;
  EXPECT_FALSE(limiter.decide("u").allowed);
  EXPECT_EQ(limiter.decide("u").retry_after, 1ms);
  clock.ms += 1;
  auto reopened = limiter.decide("u");
  EXPECT_TRUE(reopened.allowed);
  EXPECT_EQ(reopened.remaining, 4);
  EXPECT_EQ(reopened.reset_after, 10000ms);
}

TEST_F(BoundaryTest, SlidingLogReopensWhenTheOldestRequestLeavesTheWindow) {
  auto limiter = this->limiter(rate_limit_algorithm::sliding_log, 5, 10s);
  const auto start = clock.ms;
  for (int i = 0; i < 5; ++i) {
    clock.ms = start + std::int64_t{1000} * i;
    ASSERT_TRUE(limiter.decide("u").allowed) << i;
  }
  clock.ms = start + 5000;
  auto denied = limiter.decide("u");
  EXPECT_FALSE(denied.allowed);
  EXPECT_EQ(denied.retry_after, 5000ms);
  EXPECT_EQ(denied.reset_after, 9000ms);  // the newest request leaves at start + 14 s
  clock.ms = start + 9999;
  EXPECT_FALSE(limiter.decide("u").allowed);
  clock.ms = start + 10000;
  auto reopened = limiter.decide("u");
  EXPECT_TRUE(reopened.allowed);
  EXPECT_EQ(reopened.remaining, 0);
  // The second oldest leaves a second later: denied until then, whatever the retries.
  auto next = limiter.decide("u");
  EXPECT_FALSE(next.allowed);
  EXPECT_EQ(next.retry_after, 1000ms);
}

TEST_F(BoundaryTest, GcraGivesOneBackPerEmissionInterval) {
  auto limiter = this->limiter(rate_limit_algorithm::gcra, 5, 10s);  // one per 2 s, burst 5
  for (int i = 0; i < 5; ++i) {
    auto d = limiter.decide("u");
    ASSERT_TRUE(d.allowed) << i;
    EXPECT_EQ(d.remaining, 4 - i);
    EXPECT_EQ(d.reset_after, std::chrono::milliseconds(2000 * (i + 1)));
  }
  auto denied = limiter.decide("u");
  EXPECT_FALSE(denied.allowed);
  EXPECT_EQ(denied.retry_after, 2000ms);
  EXPECT_EQ(denied.reset_after, 10000ms);
  clock.ms += 1999;
  EXPECT_FALSE(limiter.decide("u").allowed);
  clock.ms += 1;
  auto reopened = limiter.decide("u");
  EXPECT_TRUE(reopened.allowed);
  EXPECT_EQ(reopened.remaining, 0);
  // A smaller burst than the limit: 2 at once, then one every 2 s.
  auto o = options(rate_limit_algorithm::gcra, 5, 10s);
  o.name = "burst";
  o.burst = 2;
  rate_limiter small(redis, o);
  EXPECT_TRUE(small.decide("u").allowed);
  auto second = small.decide("u");
  EXPECT_TRUE(second.allowed);
  EXPECT_EQ(second.limit, 2);
  EXPECT_EQ(small.decide("u").retry_after, 2000ms);
}

TEST_F(BoundaryTest, SlidingWindowReopensWhenThePreviousWindowWeighsLessThanOne) {
  align(clock, 10s, 0);
  auto limiter = this->limiter(rate_limit_algorithm::sliding_window, 5, 10s);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(limiter.decide("u").allowed) << i;
  auto denied = limiter.decide("u");
  EXPECT_FALSE(denied.allowed);
  // The 5 count fully at the next window's start and as floor(5 * 9999999 / 10^7) = 4 one
  // microsecond later: rounded up, 10.001 s.
  EXPECT_EQ(denied.retry_after, 10001ms);
  EXPECT_EQ(denied.reset_after, 20000ms);
  clock.ms += 10000;
  EXPECT_FALSE(limiter.decide("u").allowed);
  clock.ms += 1;
  auto reopened = limiter.decide("u");
  EXPECT_TRUE(reopened.allowed);
  EXPECT_EQ(reopened.remaining, 0);
  // Halfway through, the previous window weighs floor(5 * 0.5) = 2 and this one holds 1.
  clock.ms += 4999;
  EXPECT_EQ(limiter.decide("u", 0).remaining, 2);
}

TEST_F(BoundaryTest, CostTakesSeveralUnitsAtOnce) {
  align(clock, 60s, 0);
  for (auto algorithm : test::all_algorithms) {
    SCOPED_TRACE(test::name_of(algorithm));
    auto limiter = this->limiter(algorithm, 10, 60s);
    EXPECT_EQ(limiter.decide("u", 4).remaining, 6);
    EXPECT_EQ(limiter.decide("u", 4).remaining, 2);
    auto denied = limiter.decide("u", 4);
    EXPECT_FALSE(denied.allowed);
    EXPECT_EQ(denied.remaining, 2);  // nothing taken: the 2 left still fit
    EXPECT_GT(denied.retry_after, 0ms);
    auto rest = limiter.decide("u", 2);
    EXPECT_TRUE(rest.allowed);
    EXPECT_EQ(rest.remaining, 0);
  }
}

TEST_F(BoundaryTest, CostAboveTheLimitIsNeverAllowedAndTakesNothing) {
  for (auto algorithm : test::all_algorithms) {
    SCOPED_TRACE(test::name_of(algorithm));
    auto limiter = this->limiter(algorithm, 10, 60s);
    auto d = limiter.decide("u", 11);
    EXPECT_FALSE(d.allowed);
    EXPECT_TRUE(d.never_allowed());
    EXPECT_EQ(d.retry_after, rate_limit_decision::never);
    EXPECT_EQ(d.remaining, 10);
    EXPECT_EQ(server.command({"EXISTS", limiter.key_for("u")}), "0");
    EXPECT_TRUE(limiter.decide("u", 10).allowed);
    EXPECT_TRUE(limiter.decide("u", 11).never_allowed());
  }
}

TEST_F(BoundaryTest, CostZeroOnlyLooks) {
  for (auto algorithm : test::all_algorithms) {
    SCOPED_TRACE(test::name_of(algorithm));
    auto limiter = this->limiter(algorithm, 10, 60s);
    auto fresh = limiter.decide("u", 0);
    EXPECT_TRUE(fresh.allowed);
    EXPECT_EQ(fresh.remaining, 10);
    EXPECT_EQ(server.command({"EXISTS", limiter.key_for("u")}), "0");
    limiter.decide("u", 3);
    EXPECT_EQ(limiter.decide("u", 0).remaining, 7);
    EXPECT_EQ(limiter.decide("u", 0).remaining, 7);
    EXPECT_THROW(limiter.decide("u", -1), std::invalid_argument);
  }
}

TEST_F(BoundaryTest, IdsAreIndependent) {
  for (auto algorithm : test::all_algorithms) {
    SCOPED_TRACE(test::name_of(algorithm));
    auto limiter = this->limiter(algorithm, 3, 60s);
    for (const char* id : {"alice", "bob", "carol", "203.0.113.7", "user:42"}) {
      for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.decide(id).allowed) << id;
      EXPECT_FALSE(limiter.decide(id).allowed) << id;
    }
    auto s = limiter.stats();
    EXPECT_EQ(s.decisions, 20u);
    EXPECT_EQ(s.allowed, 15u);
    EXPECT_EQ(s.denied, 5u);
    EXPECT_EQ(s.failures_open + s.failures_closed, 0u);
  }
}

TEST_F(BoundaryTest, ResetForgetsAnId) {
  for (auto algorithm : test::all_algorithms) {
    SCOPED_TRACE(test::name_of(algorithm));
    auto limiter = this->limiter(algorithm, 2, 60s);
    limiter.decide("u", 2);
    EXPECT_FALSE(limiter.decide("u").allowed);
    limiter.reset("u");
    EXPECT_EQ(limiter.decide("u").remaining, 1);
  }
}

TEST_F(BoundaryTest, ServerClockByDefault) {
  for (auto algorithm : test::all_algorithms) {
    SCOPED_TRACE(test::name_of(algorithm));
    rate_limit_options o;
    o.name = "server_clock";
    o.algorithm = algorithm;
    o.limit = 3;
    o.window = 60s;
    rate_limiter limiter(redis, o);
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.decide("u").allowed) << i;
    auto denied = limiter.decide("u");
    EXPECT_FALSE(denied.allowed);
    EXPECT_GT(denied.retry_after, 0ms);
    EXPECT_LE(denied.retry_after, 120s);
    EXPECT_GT(denied.reset_after, 0ms);
    EXPECT_LE(denied.reset_after, 120s);
  }
}

}  // namespace
