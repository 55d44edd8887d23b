// RateLimit-* and Retry-After values from a decision; no server needed.
#include <rediscache/ratelimit/rate_limit_headers.hpp>

#include <gtest/gtest.h>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

rate_limit_decision decision(bool allowed, std::int64_t remaining, std::chrono::milliseconds retry,
                             std::chrono::milliseconds reset) {
  rate_limit_decision d;
  d.allowed = allowed;
  d.limit = 10;
  d.remaining = remaining;
  d.retry_after = retry;
  d.reset_after = reset;
  return d;
}

TEST(RateLimitHeaders, AllowedGivesTheQuotaWithoutRetryAfter) {
  auto headers = rate_limit_headers(decision(true, 7, 0ms, 1500ms));
  std::vector<http_header> expected{
      {"RateLimit-Limit", "10"}, {"RateLimit-Remaining", "7"}, {"RateLimit-Reset", "2"}};
  EXPECT_EQ(headers, expected);
}

TEST(RateLimitHeaders, SecondsAreRoundedUp) {
  auto headers = rate_limit_headers(decision(false, 0, 1ms, 1000ms));
  ASSERT_EQ(headers.size(), 4u);
  EXPECT_EQ(headers[2], http_header("RateLimit-Reset", "1"));
  EXPECT_EQ(headers[3], http_header("Retry-After", "1"));
  EXPECT_EQ(rate_limit_headers(decision(false, 0, 1001ms, 0ms))[3].second, "2");
  EXPECT_EQ(rate_limit_headers(decision(true, 10, 0ms, 0ms))[2].second, "0");
}

TEST(RateLimitHeaders, NeverAllowedHasNoRetryAfter) {
  auto d = decision(false, 10, rate_limit_decision::never, 0ms);
  EXPECT_TRUE(d.never_allowed());
  auto headers = rate_limit_headers(d);
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[1], http_header("RateLimit-Remaining", "10"));
}

}  // namespace
