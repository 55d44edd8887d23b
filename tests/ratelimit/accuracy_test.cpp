// Every algorithm against its C++ reference model over 2,000 scripted requests with random gaps,
// costs and ids, on an injected clock: each decision must match in every field. The sliding
// counter is also measured against the exact sliding window it approximates.
#include "ratelimit/fixture.hpp"
#include "ratelimit/reference_model.hpp"

#include <cmath>
#include <deque>
#include <functional>
#include <iostream>
#include <random>
#include <sstream>
#include <tuple>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::model_decision;

namespace rediscache {
// Test names and failure messages show the algorithm's name rather than its bytes.
static void PrintTo(rate_limit_algorithm a, std::ostream* os) { *os << test::name_of(a); }
}  // namespace rediscache

namespace {

struct scenario {
  const char* name;
  std::int64_t limit;
  std::int64_t window_ms;
  double load;  // offered traffic per id, as a multiple of the limit
};

const scenario scenarios[] = {
    {"10_per_10s", 10, 10'000, 1.0},
    {"3_per_10s", 3, 10'000, 1.3},  // GCRA's interval, 3,333,333 us, is not a whole millisecond
    {"100_per_minute", 100, 60'000, 2.0},
    {"7_per_hour", 7, 3'600'000, 0.8},
};

void PrintTo(const scenario& s, std::ostream* os) { *os << s.name; }

struct step {
  std::int64_t gap_ms;
  std::string id;
  std::int64_t cost;
};

constexpr int ids = 3;

// Mostly single requests around the limit's rate; some bigger, free or impossible costs, a few
// pauses of two windows, some requests at the very same millisecond.
std::vector<step> random_steps(const scenario& s, unsigned seed, int count = 2000) {
  std::mt19937_64 rng(seed);
  const double mean_gap =
      static_cast<double>(s.window_ms) / (static_cast<double>(s.limit) * ids * s.load);
  std::uniform_int_distribution<std::int64_t> gap(0, std::llround(2 * mean_gap));
  std::uniform_int_distribution<int> percent(0, 99);
  std::uniform_int_distribution<int> who(0, ids - 1);
  std::uniform_int_distribution<std::int64_t> bigger(
      2, std::max<std::int64_t>(2, std::min<std::int64_t>(5, s.limit)));
  std::vector<step> steps;
  for (int i = 0; i < count; ++i) {
    const bool pause = i % 1000 == 999;
    step st{pause ? 2 * s.window_ms : gap(rng), "user" + std::to_string(who(rng)), 1};
    int p = percent(rng);
    if (p < 3)
      st.cost = 0;
    else if (p < 5)
      st.cost = s.limit + 1;
    else if (p < 15)
      st.cost = bigger(rng);
    steps.push_back(std::move(st));
  }
  return steps;
}

using model_fn = std::function<model_decision(const std::string&, std::int64_t, std::int64_t)>;

model_fn model_for(rate_limit_algorithm a, std::int64_t limit, std::int64_t window_us) {
  switch (a) {
    case rate_limit_algorithm::fixed_window: {
      auto m = std::make_shared<test::fixed_window_model>(limit, window_us);
      return [m](const std::string& id, std::int64_t now, std::int64_t cost) {
        return m->decide(id, now, cost);
      };
    }
    case rate_limit_algorithm::sliding_log: {
      auto m = std::make_shared<test::sliding_log_model>(limit, window_us);
      return [m](const std::string& id, std::int64_t now, std::int64_t cost) {
        return m->decide(id, now, cost);
      };
    }
    case rate_limit_algorithm::sliding_window: {
      auto m = std::make_shared<test::sliding_window_model>(limit, window_us);
      return [m](const std::string& id, std::int64_t now, std::int64_t cost) {
        return m->decide(id, now, cost);
      };
    }
    case rate_limit_algorithm::gcra: {
      auto m = std::make_shared<test::gcra_model>(limit, window_us / limit);
      return [m](const std::string& id, std::int64_t now, std::int64_t cost) {
        return m->decide(id, now, cost);
      };
    }
  }
  return {};
}

std::chrono::milliseconds to_ms(std::int64_t us) {
  return us < 0 ? rate_limit_decision::never : std::chrono::milliseconds((us + 999) / 1000);
}

testing::AssertionResult same(const rate_limit_decision& d, const model_decision& m) {
  if (d.allowed == m.allowed && d.remaining == m.remaining && d.retry_after == to_ms(m.retry_us) &&
      d.reset_after == to_ms(m.reset_us) && !d.degraded) {
    return testing::AssertionSuccess();
  }
  return testing::AssertionFailure()
         << "redis: allowed=" << d.allowed << " remaining=" << d.remaining
         << " retry_after=" << d.retry_after.count() << "ms reset_after=" << d.reset_after.count()
         << "ms; model: allowed=" << m.allowed << " remaining=" << m.remaining
         << " retry_after=" << to_ms(m.retry_us).count()
         << "ms reset_after=" << to_ms(m.reset_us).count() << "ms";
}

class AccuracyTest
    : public test::limiter_test,
      public testing::WithParamInterface<std::tuple<rate_limit_algorithm, scenario>> {};

TEST_P(AccuracyTest, EveryDecisionMatchesTheModel) {
  const auto [algorithm, s] = GetParam();
  const std::int64_t window_us = s.window_ms * 1000;
  auto limiter =
      rate_limiter(redis, options(algorithm, s.limit, std::chrono::milliseconds(s.window_ms)));
  auto model = model_for(algorithm, s.limit, window_us);
  int allowed = 0;
  int denied = 0;
  const auto steps = random_steps(s, 20240611);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const step& st = steps[i];
    clock.ms += st.gap_ms;
    auto d = limiter.decide(st.id, st.cost);
    auto m = model(st.id, clock.us(), st.cost);
    ASSERT_TRUE(same(d, m)) << "request " << i << " at +" << (clock.ms - 1'700'000'000'000)
                            << " ms, " << st.id << ", cost " << st.cost;
    (d.allowed ? allowed : denied) += 1;
  }
  // The traffic must exercise both answers for the comparison to mean something.
  EXPECT_GT(allowed, 500);
  EXPECT_GT(denied, 100);
  std::cout << allowed << " allowed, " << denied << " denied\n";
  EXPECT_EQ(limiter.stats().decisions, steps.size());
}

INSTANTIATE_TEST_SUITE_P(Algorithms, AccuracyTest,
                         testing::Combine(testing::ValuesIn(test::all_algorithms),
                                          testing::ValuesIn(scenarios)),
                         [](const testing::TestParamInfo<AccuracyTest::ParamType>& p) {
                           return test::name_of(std::get<0>(p.param)) + "_" +
                                  std::get<1>(p.param).name;
                         });

// The sliding counter against the exact sliding window over the same Poisson traffic of one id
// (limit 100 per minute, 5,000 requests). Three measures, as documented in docs/ratelimit.md:
// - misjudged: decisions the exact window, given the same admitted history, would answer
//   otherwise; none for a client well below its limit, many for one sitting at it, because its
//   count is always within the estimate's error of the limit;
// - throughput: units admitted, relative to the exact sliding log fed the same requests;
// - worst window: the most units ever admitted in a true sliding window, never above 2 x limit.
struct counter_error {
  double misjudged = 0;
  double throughput = 0;
  double worst_window = 0;
};

counter_error measure_counter(rate_limiter& limiter, test::manual_clock& clock, std::int64_t limit,
                              std::int64_t window_ms, double load) {
  constexpr int count = 5000;
  std::mt19937_64 rng(7);
  std::exponential_distribution<double> gap(static_cast<double>(limit) * load /
                                            static_cast<double>(window_ms));
  test::sliding_log_model exact(limit, window_ms * 1000);
  std::deque<std::int64_t> admitted;  // by the counter, one entry per unit, in ms
  int misjudged = 0;
  int counter_allowed = 0;
  int exact_allowed = 0;
  std::int64_t most = 0;
  for (int i = 0; i < count; ++i) {
    clock.ms += static_cast<std::int64_t>(gap(rng));
    while (!admitted.empty() && admitted.front() + window_ms <= clock.ms) admitted.pop_front();
    const bool fits = static_cast<std::int64_t>(admitted.size()) + 1 <= limit;
    auto d = limiter.decide("steady");
    if (fits != d.allowed) ++misjudged;
    if (d.allowed) {
      admitted.push_back(clock.ms);
      ++counter_allowed;
    }
    if (exact.decide("steady", clock.us(), 1).allowed) ++exact_allowed;
    most = std::max<std::int64_t>(most, static_cast<std::int64_t>(admitted.size()));
  }
  return {static_cast<double>(misjudged) / count,
          static_cast<double>(counter_allowed) / exact_allowed,
          static_cast<double>(most) / static_cast<double>(limit)};
}

using SlidingCounterError = test::limiter_test;

TEST_F(SlidingCounterError, StaysWithinTheDocumentedBounds) {
  struct bound {
    double load;
    double misjudged;
  };
  for (auto [load, misjudged] :
       {bound{0.5, 0.005}, bound{1.0, 0.35}, bound{1.5, 0.35}, bound{3.0, 0.35}}) {
    rate_limit_options o = options(rate_limit_algorithm::sliding_window, 100, 60s);
    o.name = "load" + std::to_string(load);
    rate_limiter limiter(redis, o);
    auto e = measure_counter(limiter, clock, 100, 60'000, load);
    std::cout << "sliding counter, Poisson traffic at " << load << " x limit: " << 100 * e.misjudged
              << "% of decisions misjudged, throughput " << e.throughput
              << " x the exact log's, worst window " << e.worst_window << " x limit\n";
    EXPECT_LE(e.misjudged, misjudged) << load;
    EXPECT_GE(e.throughput, 0.97) << load;
    EXPECT_LE(e.throughput, 1.05) << load;
    EXPECT_LE(e.worst_window, 2.0) << load;
  }
}

}  // namespace
