// Options, costs and clock readings at the edges of the range the scripts compute exactly in, and
// just past them.
#include "ratelimit/fixture.hpp"

#include <rediscache/error.hpp>

#include <limits>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

using ExtremesTest = test::limiter_test;

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

TEST_F(ExtremesTest, LimitsBurstsAndWindowsPastTheExactRangeAreConfigErrors) {
  for (auto algorithm : test::all_algorithms) {
    SCOPED_TRACE(test::name_of(algorithm));
    auto refused = [&](auto change) {
      auto o = options(algorithm, 10, 1s);
      change(o);
      EXPECT_THROW(rate_limiter(redis, o), config_error);
    };
    refused([](rate_limit_options& o) { o.limit = int64_max; });
    refused([](rate_limit_options& o) {
      o.limit = max_rate_limit + 1;
      o.window = std::chrono::hours(24 * 365 * 30);
    });
    refused([](rate_limit_options& o) { o.burst = int64_max; });
    refused([](rate_limit_options& o) { o.window = std::chrono::milliseconds::max(); });
    refused([](rate_limit_options& o) {
      o.window = std::chrono::floor<std::chrono::milliseconds>(max_rate_limit_span) + 1ms;
    });
  }
  auto gcra = options(rate_limit_algorithm::gcra, 1000, 1000s);  // one unit per second
  gcra.burst = max_rate_limit_span.count() / 1'000'000 + 1;
  EXPECT_THROW(rate_limiter(redis, gcra), config_error);
}

TEST_F(ExtremesTest, CountsAtTheLargestLimitsAreExact) {
  auto fixed = limiter(rate_limit_algorithm::fixed_window, max_rate_limit, 1h);
  auto d = fixed.decide("u", max_rate_limit - 1);
  ASSERT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 1);
  EXPECT_EQ(d.limit, max_rate_limit);
  d = fixed.decide("u", 2);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.remaining, 1);
  EXPECT_TRUE(fixed.decide("u", 1).allowed);
  EXPECT_EQ(fixed.decide("u", 0).remaining, 0);

  auto log = limiter(rate_limit_algorithm::sliding_log, max_rate_limit, 1h);
  EXPECT_EQ(log.decide("u", 3).remaining, max_rate_limit - 3);

  // The sliding counter's products limit it further: (limit + 1) * window below 2^53 us; here
  // 5e15. A fixed clock, so the window cannot roll over between the two decisions, and a window
  // long enough that Redis does not expire the counters meanwhile (it did with 1 ms under TSan).
  auto counter_options = options(rate_limit_algorithm::sliding_window, 10'000'000'000, 500ms);
  const auto frozen = std::chrono::system_clock::now();
  counter_options.clock = [frozen] { return frozen; };
  rate_limiter counter(redis, counter_options);
  d = counter.decide("u", 9'999'999'999);
  ASSERT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 1);
  EXPECT_FALSE(counter.decide("u", 2).allowed);

  // One unit per second, and the largest burst that fits in 2^50 us.
  const std::int64_t burst = max_rate_limit_span.count() / 1'000'000;
  auto o = options(rate_limit_algorithm::gcra, 1000, 1000s);
  o.burst = burst;
  rate_limiter gcra(redis, o);
  d = gcra.decide("u", burst - 1);
  ASSERT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 1);
  EXPECT_EQ(d.reset_after, std::chrono::seconds(burst - 1));
  d = gcra.decide("u", 2);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, 1s);
}

TEST_F(ExtremesTest, TheLargestCostIsNeverAllowedAndTakesNothing) {
  for (auto algorithm : test::all_algorithms) {
    SCOPED_TRACE(test::name_of(algorithm));
    auto limiter = this->limiter(algorithm, 10, 60s);
    auto d = limiter.decide("u", int64_max);
    EXPECT_TRUE(d.never_allowed());
    EXPECT_EQ(d.remaining, 10);
    auto batch = limiter.decide_many({{"u", int64_max}, {"u", 4}});
    EXPECT_TRUE(batch[0].never_allowed());
    EXPECT_TRUE(batch[1].allowed);
    EXPECT_EQ(batch[1].remaining, 6);
  }
}

// At 2184-01-26, the latest reading: now + 2 windows is just under 2^53 us and still exact.
TEST_F(ExtremesTest, DecisionsAtTheLatestClockReadingAreExact) {
  clock.ms = max_rate_limit_time.count() / 1000;  // 6755399441055 ms, 55 ms into its second
  struct expected {
    rate_limit_algorithm algorithm;
    std::chrono::milliseconds reset_after;  // after the first unit
    std::chrono::milliseconds retry_after;  // of the eleventh
  };
  for (const auto& e : {expected{rate_limit_algorithm::fixed_window, 945ms, 945ms},
                        expected{rate_limit_algorithm::sliding_log, 1000ms, 1000ms},
                        expected{rate_limit_algorithm::sliding_window, 1945ms, 946ms},
                        expected{rate_limit_algorithm::gcra, 100ms, 100ms}}) {
    SCOPED_TRACE(test::name_of(e.algorithm));
    auto limiter = this->limiter(e.algorithm, 10, 1s);
    auto first = limiter.decide("u");
    ASSERT_TRUE(first.allowed);
    EXPECT_EQ(first.remaining, 9);
    EXPECT_EQ(first.reset_after, e.reset_after);
    EXPECT_TRUE(limiter.decide("u", 9).allowed);
    auto denied = limiter.decide("u");
    EXPECT_FALSE(denied.allowed);
    EXPECT_EQ(denied.remaining, 0);
    EXPECT_EQ(denied.retry_after, e.retry_after);
  }
}

TEST_F(ExtremesTest, AClockReadingOutsideTheRangeIsAConfigError) {
  auto limiter = this->limiter(rate_limit_algorithm::gcra, 10, 1s);
  clock.ms = max_rate_limit_time.count() / 1000 + 1;
  EXPECT_THROW(limiter.decide("u"), config_error);
  EXPECT_THROW(limiter.decide_many({{"u", 1}}), config_error);
  clock.ms = -1;
  EXPECT_THROW(limiter.decide("u"), config_error);
  EXPECT_EQ(server.command({"EXISTS", limiter.key_for("u")}), "0");

  auto o = options(rate_limit_algorithm::fixed_window, 10, 1s);
  o.clock = [] { return std::chrono::system_clock::time_point::max(); };
  rate_limiter far_future(redis, o);
  try {
    far_future.decide("u");
    FAIL() << "decided at the end of time";
  } catch (const config_error& e) {
    EXPECT_NE(std::string(e.what()).find("clock"), std::string::npos) << e.what();
  }
  EXPECT_EQ(far_future.stats().decisions, 0u);
}

}  // namespace
