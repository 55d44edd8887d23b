// Runs the rate limiting example against a real redis-server.
#include "examples/run_example.hpp"

#include <gtest/gtest.h>

#include <string>

using rediscache::test::run;
using rediscache::test::url_of;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Examples, RateLimit) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_RATELIMIT) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(
      contains(r.output, "request 1: 200 OK | RateLimit-Limit: 10 | RateLimit-Remaining: 9"))
      << r.output;
  EXPECT_TRUE(contains(r.output, "request 10: 200 OK")) << r.output;
  // A burst of 10, then one every 100 ms: the loop's last requests come sooner than that.
  EXPECT_TRUE(contains(r.output,
                       "429 Too Many Requests | RateLimit-Limit: 10 | "
                       "RateLimit-Remaining: 0 | RateLimit-Reset: 1 | Retry-After: 1"))
      << r.output;
  EXPECT_TRUE(contains(r.output, "per-second limiter: 12 decisions")) << r.output;
  EXPECT_TRUE(contains(r.output,
                       "state in example:1:ratelimit:gcra:api:203.0.113.7 and "
                       "example:1:ratelimit:fixed_window:api-daily:203.0.113.7"))
      << r.output;
  // The daily quota was charged once per request that got through; its key lives until the end
  // of the day (UTC), the per-second one for at most a second.
  const std::string daily = "example:1:ratelimit:fixed_window:api-daily:203.0.113.7";
  const int charged = std::stoi(server.command({"HGET", daily, "n"}));
  EXPECT_GE(charged, 10);
  EXPECT_LE(charged, 11);
  EXPECT_TRUE(contains(
      r.output, "allowed " + std::to_string(charged) + ", denied " + std::to_string(12 - charged)))
      << r.output;
  const long long ttl = std::stoll(server.command({"PTTL", daily}));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 24LL * 3600 * 1000);
  const long long burst_ttl =
      std::stoll(server.command({"PTTL", "example:1:ratelimit:gcra:api:203.0.113.7"}));
  EXPECT_LE(burst_ttl, 1000);  // -2 once expired
}

}  // namespace
