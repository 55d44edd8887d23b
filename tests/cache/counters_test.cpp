#include "cache/cache_fixture.hpp"

#include <rediscache/error.hpp>

#include <limits>
#include <thread>
#include <vector>

using namespace rediscache;
using rediscache::test::cache_test;
using namespace std::chrono_literals;

namespace {

TEST_P(cache_test, IncrAndDecr) {
  auto c = make_cache();
  c.set("n", 10);
  EXPECT_EQ(c.incr("n"), 11);
  EXPECT_EQ(c.incr("n", 5), 16);
  EXPECT_EQ(c.incr("n", -20), -4);
  EXPECT_EQ(c.decr("n"), -5);
  EXPECT_EQ(c.decr("n", -10), 5);
  EXPECT_EQ(c.get<int>("n"), 5);
}

TEST_P(cache_test, IncrOfMissingKeyIsKeyNotFound) {
  auto c = make_cache();
  EXPECT_THROW(c.incr("ghost"), key_not_found_error);
  EXPECT_THROW(c.decr("ghost"), key_not_found_error);
  EXPECT_FALSE(c.has_key("ghost"));  // not created
}

TEST_P(cache_test, IncrKeepsTheExpiry) {
  auto c = make_cache();
  c.set("n", 1, 100s);
  c.incr("n");
  auto t = c.pttl("n");
  EXPECT_TRUE(t.is_expiring());
  EXPECT_GT(t.remaining(), 99s);
  c.set("p", 1, cache_timeout::forever());
  c.incr("p");
  EXPECT_TRUE(c.pttl("p").is_persistent());
}

TEST_P(cache_test, IncrOverflowAndNonIntegerAreClearErrors) {
  auto c = make_cache();
  c.set("max", std::numeric_limits<std::int64_t>::max());
  EXPECT_THROW(c.incr("max"), overflow_error);
  EXPECT_EQ(c.get<std::int64_t>("max"), std::numeric_limits<std::int64_t>::max());
  c.set("min", std::numeric_limits<std::int64_t>::min());
  EXPECT_THROW(c.decr("min"), overflow_error);
  EXPECT_THROW(c.decr("min", std::numeric_limits<std::int64_t>::min()), overflow_error);
  c.set("text", std::string("abc"));
  EXPECT_THROW(c.incr("text"), codec_error);
  c.set("float", 1.5);
  EXPECT_THROW(c.incr("float"), codec_error);
}

// Results once went through a Lua number (a double): decr of INT64_MAX by 1 gave INT64_MIN.
TEST_P(cache_test, CountersAreExactOverTheWholeInt64Range) {
  constexpr auto hi = std::numeric_limits<std::int64_t>::max();
  constexpr auto lo = std::numeric_limits<std::int64_t>::min();
  auto c = make_cache();
  c.set("n", hi);
  EXPECT_EQ(c.decr("n"), hi - 1);
  EXPECT_EQ(c.get<std::int64_t>("n"), hi - 1);
  EXPECT_EQ(c.incr("n"), hi);
  EXPECT_EQ(c.decr("n", hi), 0);
  c.set("n", lo);
  EXPECT_EQ(c.incr("n"), lo + 1);
  EXPECT_EQ(c.decr("n"), lo);
  c.set("n", (1LL << 53) + 1);
  EXPECT_EQ(c.incr("n", 2), (1LL << 53) + 3);
  EXPECT_EQ(c.incr_or_create("n", -1), (1LL << 53) + 2);
  c.set("n", hi - 5);
  EXPECT_EQ(c.incr_or_create("n", 5), hi);
  EXPECT_THROW(c.incr_or_create("n", 1), overflow_error);
  EXPECT_EQ(c.get<std::int64_t>("n"), hi);
}

TEST_P(cache_test, IncrOrCreateCreatesAMissingCounterAtomically) {
  auto c = make_cache();
  EXPECT_EQ(c.incr_or_create("hits", 5, 100s), 5);
  EXPECT_GT(c.pttl("hits").remaining(), 99s);
  EXPECT_EQ(c.incr_or_create("hits", 2, 5s), 7);  // an existing key keeps its expiry
  EXPECT_GT(c.pttl("hits").remaining(), 99s);
  EXPECT_EQ(c.incr_or_create("forever", 1, cache_timeout::forever()), 1);
  EXPECT_TRUE(c.pttl("forever").is_persistent());
  EXPECT_EQ(c.incr_or_create("default"), 1);
  EXPECT_GT(c.pttl("default").remaining(), 299s);  // the alias' default, 300 s
  EXPECT_THROW(c.incr_or_create("bad", 1, 0s), config_error);
  EXPECT_FALSE(c.has_key("bad"));
  c.set("text", std::string("abc"));
  EXPECT_THROW(c.incr_or_create("text"), codec_error);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) c.incr_or_create("race", 1, 100s);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.get<int>("race"), 1600);
}

TEST_P(cache_test, VersionsAre64BitAndOverflowIsAnError) {
  constexpr auto hi = std::numeric_limits<std::int64_t>::max();
  auto c = make_cache();
  c.set("v", 1, {}, set_mode::always, key_version(hi - 1));
  EXPECT_EQ(c.incr_version("v", 1, key_version(hi - 1)), hi);
  EXPECT_EQ(c.get<int>("v", key_version(hi)), 1);
  EXPECT_THROW(c.incr_version("v", 1, key_version(hi)), overflow_error);
  EXPECT_EQ(c.get<int>("v", key_version(hi)), 1);  // nothing moved
  EXPECT_THROW(c.decr_version("v", std::numeric_limits<std::int64_t>::min(), key_version(hi)),
               overflow_error);
  // INT_MAX is no limit any more: the reported overflow was incr_version(k, INT_MAX).
  c.set("w", 1);
  EXPECT_EQ(c.incr_version("w", 2147483647), 2147483648LL);
  EXPECT_EQ(c.make_key("w", key_version(2147483648LL)), ":2147483648:w");
}

TEST_P(cache_test, IncrVersionMovesValueAndKeepsExpiry) {
  auto c = make_cache();
  c.set("v", std::string("data"), 100s);
  EXPECT_EQ(c.incr_version("v"), 2);
  EXPECT_FALSE(c.has_key("v"));
  EXPECT_EQ(c.get<std::string>("v", key_version(2)), "data");
  EXPECT_GT(c.pttl("v", key_version(2)).remaining(), 99s);
  EXPECT_EQ(c.decr_version("v", 1, key_version(2)), 1);
  EXPECT_EQ(c.get<std::string>("v"), "data");
  EXPECT_THROW(c.incr_version("missing"), key_not_found_error);
  c.set("forever", 1, cache_timeout::forever());
  c.incr_version("forever", 3);
  EXPECT_TRUE(c.pttl("forever", key_version(4)).is_persistent());
}

TEST_P(cache_test, SixteenThreadsIncrementToTheExactTotal) {
  auto c = make_cache();
  c.set("total", 0, cache_timeout::forever());
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) c.incr("total");
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.get<int>("total"), 16000);
}

TEST_P(cache_test, StatsCountHitsMissesSetsDeletes) {
  auto c = make_cache();
  c.set("a", 1);
  c.set("b", 2);
  c.get<int>("a");
  c.get<int>("zz");
  c.get_many<int>({"a", "b", "yy"});
  c.has_key("a");
  c.remove("a");
  auto s = c.stats();
  EXPECT_EQ(s.sets, 2u);
  EXPECT_EQ(s.hits, 4u);
  EXPECT_EQ(s.misses, 2u);
  EXPECT_EQ(s.deletes, 1u);
  EXPECT_DOUBLE_EQ(s.hit_rate(), 4.0 / 6.0);
  EXPECT_EQ(s.errors, 0u);
}

TEST_P(cache_test, ClearAndClose) {
  auto c = make_cache();
  c.set("a", 1);
  c.clear();
  EXPECT_FALSE(c.has_key("a"));
  c.close();
  EXPECT_THROW(c.get<int>("a"), closed_error);
  EXPECT_THROW(c.set("a", 1), closed_error);
}

}  // namespace
