#include "pool/retry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace std::chrono;

namespace {

TEST(Backoff, StaysWithinExponentialCeilingAndCap) {
  rediscache::retry_options options;
  options.base_backoff = milliseconds(10);
  options.max_backoff = milliseconds(1000);
  for (int attempt = 0; attempt < 12; ++attempt) {
    auto ceiling = std::min<long long>(10'000LL << attempt, 1'000'000);
    for (int i = 0; i < 200; ++i) {
      auto d = rediscache::detail::backoff_delay(options, attempt).count();
      ASSERT_GE(d, 0);
      ASSERT_LE(d, ceiling) << "attempt " << attempt;
    }
  }
}

TEST(Backoff, IsJittered) {
  rediscache::retry_options options;
  std::set<long long> seen;
  for (int i = 0; i < 50; ++i) seen.insert(rediscache::detail::backoff_delay(options, 3).count());
  EXPECT_GT(seen.size(), 10u);
}

TEST(Backoff, ZeroBaseMeansNoWait) {
  rediscache::retry_options options;
  options.base_backoff = milliseconds(0);
  EXPECT_EQ(rediscache::detail::backoff_delay(options, 5).count(), 0);
}

}  // namespace
