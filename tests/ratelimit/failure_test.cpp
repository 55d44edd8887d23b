// Redis going away: each decision is the fail mode's, counted and logged. Reply errors (a key of
// the wrong type) are not outages and are thrown.
#include "ratelimit/fixture.hpp"

#include <rediscache/error.hpp>
#include <rediscache/log.hpp>
#include <rediscache/ratelimit/rate_limit_headers.hpp>

#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

// Captures the library's log for the test's lifetime.
class captured_log {
 public:
  captured_log() {
    set_logger(std::make_shared<spdlog::logger>(
        "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(text_)));
  }
  ~captured_log() { set_logger(nullptr); }
  captured_log(const captured_log&) = delete;
  captured_log& operator=(const captured_log&) = delete;
  std::string text() const { return text_.str(); }

 private:
  std::ostringstream text_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

using FailureTest = test::limiter_test;

TEST_F(FailureTest, FailsOpenByDefault) {
  auto o = options(rate_limit_algorithm::gcra, 10, 1s);
  o.name = "api";
  rate_limiter limiter(redis, o);
  EXPECT_FALSE(limiter.decide("u").degraded);
  captured_log log;
  server.single().kill();

  auto d = limiter.decide("u");
  EXPECT_TRUE(d.allowed);
  EXPECT_TRUE(d.degraded);
  EXPECT_EQ(d.limit, 10);
  EXPECT_EQ(d.remaining, 10);
  auto many = limiter.decide_many({{"a", 1}, {"b", 2}, {"c", 3}});
  ASSERT_EQ(many.size(), 3u);
  for (const auto& m : many) EXPECT_TRUE(m.allowed && m.degraded);

  auto s = limiter.stats();
  EXPECT_EQ(s.decisions, 5u);
  EXPECT_EQ(s.allowed, 5u);
  EXPECT_EQ(s.denied, 0u);
  EXPECT_EQ(s.failures_open, 4u);
  EXPECT_EQ(s.failures_closed, 0u);
  const std::string text = log.text();
  EXPECT_TRUE(contains(text, "[warning]")) << text;
  EXPECT_TRUE(
      contains(text, "rate limiter 'api': Redis unreachable for 1 request(s), failing open"))
      << text;
  EXPECT_TRUE(contains(text, "for 3 request(s), failing open: [rediscache.connection]")) << text;
}

TEST_F(FailureTest, FailsClosedWhenConfigured) {
  auto o = options(rate_limit_algorithm::sliding_log, 10, 1s);
  o.name = "payments";
  o.fail_mode = rate_limit_fail_mode::closed;
  o.fail_closed_retry_after = 5s;
  rate_limiter limiter(redis, o);
  captured_log log;
  server.single().kill();

  auto d = limiter.decide("u");
  EXPECT_FALSE(d.allowed);
  EXPECT_TRUE(d.degraded);
  EXPECT_FALSE(d.never_allowed());
  EXPECT_EQ(d.remaining, 0);
  EXPECT_EQ(d.retry_after, 5s);
  auto headers = rate_limit_headers(d);
  ASSERT_EQ(headers.size(), 4u);
  EXPECT_EQ(headers[3], http_header("Retry-After", "5"));
  for (const auto& m : limiter.decide_many({{"a", 1}, {"b", 1}})) {
    EXPECT_FALSE(m.allowed);
    EXPECT_TRUE(m.degraded);
  }

  auto s = limiter.stats();
  EXPECT_EQ(s.decisions, 3u);
  EXPECT_EQ(s.denied, 3u);
  EXPECT_EQ(s.failures_closed, 3u);
  EXPECT_EQ(s.failures_open, 0u);
  EXPECT_TRUE(contains(log.text(),
                       "rate limiter 'payments': Redis unreachable for 1 request(s), "
                       "failing closed"))
      << log.text();
}

TEST_F(FailureTest, LoggingCanBeTurnedOff) {
  auto o = options(rate_limit_algorithm::fixed_window, 10, 1s);
  o.log_failures = false;
  rate_limiter limiter(redis, o);
  captured_log log;
  server.single().kill();
  EXPECT_TRUE(limiter.decide("u").degraded);
  EXPECT_EQ(log.text(), "");
  EXPECT_EQ(limiter.stats().failures_open, 1u);
}

TEST_F(FailureTest, RecoversWhenTheServerIsBack) {
  rate_limiter limiter(redis, options(rate_limit_algorithm::gcra, 10, 1s));
  server.single().kill();
  EXPECT_TRUE(limiter.decide("u").degraded);
  server.single().restart();
  auto d = limiter.decide("u");
  EXPECT_FALSE(d.degraded);
  EXPECT_EQ(d.remaining, 9);
}

TEST_F(FailureTest, ReplyErrorsAreThrownNotSwallowed) {
  for (auto algorithm : test::all_algorithms) {
    SCOPED_TRACE(test::name_of(algorithm));
    auto limiter = this->limiter(algorithm, 10, 1s);
    // A list is the wrong type for every algorithm's key.
    server.command({"RPUSH", limiter.key_for("u"), "x"});
    EXPECT_THROW(limiter.decide("u"), reply_error);
    EXPECT_THROW(limiter.decide_many({{"u", 1}}), reply_error);
    EXPECT_EQ(limiter.stats().decisions, 0u);
  }
}

}  // namespace
