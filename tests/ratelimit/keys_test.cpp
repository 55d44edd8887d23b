// Where the state lives: keys under the cache's prefix and version, expiring once they no longer
// matter; construction checks the backend and the options.
#include "ratelimit/fixture.hpp"

#include <rediscache/error.hpp>

#include <thread>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

using KeysTest = test::limiter_test;

long long pttl(const test::target_server& server, const std::string& key) {
  return std::stoll(server.command({"PTTL", key}));
}

TEST_F(KeysTest, KeysCarryTheAliasPrefixAndVersion) {
  cache_options co;
  co.key_prefix = "shop";
  co.version = 3;
  cache shop = test::cache_on(server, co);
  for (auto algorithm : test::all_algorithms) {
    auto o = options(algorithm, 10, 60s);
    o.name = "api";
    rate_limiter limiter(shop, o);
    const std::string key = "shop:3:ratelimit:" + test::name_of(algorithm) + ":api:user:42";
    EXPECT_EQ(limiter.key_for("user:42"), key);
    limiter.decide("user:42");
    EXPECT_EQ(server.command({"EXISTS", key}), "1") << key;
  }
  EXPECT_EQ(server.command({"DBSIZE"}), "4");
}

TEST_F(KeysTest, CustomKeyFunctionIsUsed) {
  cache_options co;
  co.key_prefix = "p";
  co.make_key = [](std::string_view key, std::string_view prefix, int version) {
    return std::string(prefix) + "|" + std::to_string(version) + "|" + std::string(key);
  };
  cache custom = test::cache_on(server, co);
  rate_limiter limiter(custom, options(rate_limit_algorithm::gcra, 10, 60s));
  EXPECT_EQ(limiter.key_for("u"), "p|1|ratelimit:gcra:test:u");
  limiter.decide("u");
  EXPECT_EQ(server.command({"EXISTS", "p|1|ratelimit:gcra:test:u"}), "1");
}

TEST_F(KeysTest, EveryKeyExpiresOnceItNoLongerMatters) {
  clock.ms = clock.ms - clock.ms % 60'000 + 15'000;  // 45 s before the end of a minute window
  struct expectation {
    rate_limit_algorithm algorithm;
    long long at_most_ms;
  };
  // Fixed: the window's end. Log: one window after the last request. Counter: the end of the
  // next window. GCRA: when the bucket is full again (one request of 10 per minute: 6 s).
  for (auto [algorithm, at_most] : {expectation{rate_limit_algorithm::fixed_window, 45'000},
                                    expectation{rate_limit_algorithm::sliding_log, 60'000},
                                    expectation{rate_limit_algorithm::sliding_window, 105'000},
                                    expectation{rate_limit_algorithm::gcra, 6'000}}) {
    SCOPED_TRACE(test::name_of(algorithm));
    auto limiter = this->limiter(algorithm, 10, 60s);
    limiter.decide("u");
    auto ttl = pttl(server, limiter.key_for("u"));
    EXPECT_GT(ttl, at_most - 5'000);
    EXPECT_LE(ttl, at_most);
    // A denied request does not extend the key's life.
    limiter.decide("u", 9);
    auto full = pttl(server, limiter.key_for("u"));
    EXPECT_FALSE(limiter.decide("u").allowed);
    EXPECT_LE(pttl(server, limiter.key_for("u")), full);
  }
}

TEST_F(KeysTest, IdleKeysDisappear) {
  auto commands = executor_of(redis, "test");
  std::vector<std::string> keys;
  for (auto algorithm : test::all_algorithms) {
    rate_limit_options o;  // the server's clock: expiry and decisions agree
    o.algorithm = algorithm;
    o.limit = 1;
    o.window = 200ms;
    rate_limiter limiter(redis, o);
    limiter.decide("u");
    keys.push_back(limiter.key_for("u"));
    // A fixed window may be about to end; every other key lives at least a window.
    if (algorithm != rate_limit_algorithm::fixed_window) {
      EXPECT_EQ(commands->run(command{"EXISTS", keys.back()}).integer(), 1) << keys.back();
    }
  }
  std::this_thread::sleep_for(700ms);  // the longest TTL here is the counter's two windows
  for (const auto& key : keys) EXPECT_EQ(server.command({"EXISTS", key}), "0") << key;
}

TEST(RateLimiterConstruction, MemoryBackendIsUnsupported) {
  cache memory = cache::from_url("memory://");
  try {
    rate_limiter limiter(memory, rate_limit_options{});
    FAIL() << "constructed on memory://";
  } catch (const unsupported_error& e) {
    EXPECT_NE(std::string(e.what()).find("rate limiting needs a Redis backend"), std::string::npos)
        << e.what();
  }
}

TEST_F(KeysTest, OptionsOutOfRangeAreConfigErrors) {
  auto with = [&](auto change) {
    auto o = options(rate_limit_algorithm::gcra, 10, 1s);
    change(o);
    return [this, o] { rate_limiter limiter(redis, o); };
  };
  EXPECT_THROW(with([](rate_limit_options& o) { o.limit = 0; })(), config_error);
  EXPECT_THROW(with([](rate_limit_options& o) { o.window = 0ms; })(), config_error);
  EXPECT_THROW(with([](rate_limit_options& o) { o.burst = -1; })(), config_error);
  EXPECT_THROW(with([](rate_limit_options& o) { o.name.clear(); })(), config_error);
  // GCRA needs an emission interval of at least a microsecond.
  EXPECT_THROW(with([](rate_limit_options& o) { o.limit = 2'000'000; })(), config_error);
  // The counter's products must stay exact in Lua's doubles.
  EXPECT_THROW(with([](rate_limit_options& o) {
                 o.algorithm = rate_limit_algorithm::sliding_window;
                 o.limit = 1'000'000'000;
                 o.window = std::chrono::hours(24);
               })(),
               config_error);
  EXPECT_NO_THROW(with([](rate_limit_options& o) { o.limit = 1'000'000; })());
}

}  // namespace
