#include "cache/cache_fixture.hpp"

#include <rediscache/error.hpp>

#include <cmath>
#include <thread>

using namespace rediscache;
using rediscache::test::cache_test;
using namespace std::chrono_literals;

namespace {

TEST_P(cache_test, DefaultTimeoutForeverAndMilliseconds) {
  cache_options o;
  o.default_timeout = 300s;
  auto c = make_cache(o);
  c.set("default", 1);
  auto t = c.pttl("default");
  ASSERT_TRUE(t.is_expiring());
  EXPECT_GT(t.remaining(), 299s);
  EXPECT_LE(t.remaining(), 300s);
  c.set("forever", 1, cache_timeout::forever());
  EXPECT_TRUE(c.pttl("forever").is_persistent());
  c.set("short", 1, 1500ms);
  EXPECT_LE(c.pttl("short").remaining(), 1500ms);
  EXPECT_GT(c.pttl("short").remaining(), 1000ms);
}

TEST_P(cache_test, ForeverAsAliasDefault) {
  cache_options o;
  o.default_timeout = cache_timeout::forever();
  auto c = make_cache(o);
  c.set("k", 1);
  EXPECT_TRUE(c.ttl("k").is_persistent());
}

TEST_P(cache_test, ValuesExpire) {
  auto c = make_cache();
  c.set("brief", std::string("v"), 50ms);
  EXPECT_TRUE(c.has_key("brief"));
  std::this_thread::sleep_for(120ms);
  EXPECT_FALSE(c.has_key("brief"));
  EXPECT_EQ(c.get<std::string>("brief"), std::nullopt);
}

TEST_P(cache_test, ZeroOrNegativeTimeoutStoresNothingAndDeletes) {
  auto c = make_cache();
  c.set("k", 1);
  EXPECT_FALSE(c.set("k", 2, 0s));
  EXPECT_FALSE(c.has_key("k"));
  c.set("k", 1);
  EXPECT_FALSE(c.set("k", 2, -5s));
  EXPECT_FALSE(c.has_key("k"));
  // add() reports whether the key was free, and stores nothing either way.
  EXPECT_TRUE(c.add("fresh", 1, 0s));
  EXPECT_FALSE(c.has_key("fresh"));
  c.set("taken", 1);
  EXPECT_FALSE(c.add("taken", 2, 0s));
  EXPECT_EQ(c.get<int>("taken"), 1);
  c.set("many1", 1);
  EXPECT_TRUE(c.set_many(std::map<std::string, int>{{"many1", 5}}, 0s).empty());
  EXPECT_FALSE(c.has_key("many1"));
}

TEST_P(cache_test, TouchReportsExistenceIncludingPersistentKeys) {
  auto c = make_cache();
  EXPECT_FALSE(c.touch("missing", 10s));
  c.set("k", 1, cache_timeout::forever());
  EXPECT_TRUE(c.touch("k", cache_timeout::forever()));  // already persistent: still true
  EXPECT_TRUE(c.touch("k", 10s));
  EXPECT_LE(c.pttl("k").remaining(), 10s);
  EXPECT_TRUE(c.pttl("k").is_expiring());
  EXPECT_TRUE(c.touch("k", cache_timeout::forever()));
  EXPECT_TRUE(c.pttl("k").is_persistent());
  EXPECT_TRUE(c.touch("k", 0s));
  EXPECT_FALSE(c.has_key("k"));
}

TEST_P(cache_test, TtlTellsMissingPersistentAndRemainingApart) {
  auto c = make_cache();
  EXPECT_TRUE(c.ttl("nope").is_missing());
  c.set("p", 1, cache_timeout::forever());
  EXPECT_TRUE(c.ttl("p").is_persistent());
  EXPECT_TRUE(c.ttl("p").exists());
  c.set("e", 1, 100s);
  EXPECT_EQ(c.ttl("e").remaining(), 100s);
  EXPECT_LE(c.pttl("e").remaining(), 100s);
  EXPECT_GT(c.pttl("e").remaining(), 99s);
}

// hours::max() once overflowed into a negative timeout, so set returned false and deleted the
// value. Overlong durations mean forever; sub-millisecond ones round up rather than delete.
TEST_P(cache_test, ExtremeDurationsNeverDeleteData) {
  auto c = make_cache();
  c.set("k", 1);
  EXPECT_TRUE(c.set("k", 2, std::chrono::hours::max()));
  EXPECT_EQ(c.get<int>("k"), 2);
  EXPECT_TRUE(c.pttl("k").is_persistent());
  EXPECT_TRUE(c.set("k", 3, std::chrono::nanoseconds::max()));
  EXPECT_TRUE(c.set("k", 4, std::chrono::duration<double>(1e300)));
  EXPECT_TRUE(c.pttl("k").is_persistent());
  EXPECT_TRUE(c.set("k", 5, std::chrono::microseconds(300)));  // 1 ms, not 0 (which deletes)
  c.set("k", 5, 100s);
  EXPECT_TRUE(c.touch("k", std::chrono::hours::max()));
  EXPECT_TRUE(c.pttl("k").is_persistent());
  EXPECT_TRUE(c.expire_at("k", std::chrono::system_clock::time_point::max()));
  EXPECT_TRUE(c.pttl("k").is_persistent());
  EXPECT_EQ(c.get<int>("k"), 5);
  // Negative extremes are "expire now", as any negative timeout: the value goes, nothing throws.
  EXPECT_FALSE(c.set("k", 6, std::chrono::hours::min()));
  EXPECT_FALSE(c.has_key("k"));
  c.set("k", 7);
  EXPECT_TRUE(c.expire_at("k", std::chrono::system_clock::time_point::min()));
  EXPECT_FALSE(c.has_key("k"));
  EXPECT_THROW(c.set("k", 8, std::chrono::duration<double>(std::nan(""))), config_error);
}

TEST_P(cache_test, ExpireTakesACacheTimeoutLikeTouch) {
  auto c = make_cache();
  c.set("k", 1, cache_timeout::forever());
  EXPECT_TRUE(c.expire("k"));  // the alias' default, 300 s
  EXPECT_GT(c.pttl("k").remaining(), 299s);
  EXPECT_TRUE(c.expire("k", cache_timeout::forever()));
  EXPECT_TRUE(c.pttl("k").is_persistent());
  EXPECT_TRUE(c.pexpire("k", cache_timeout::forever()));  // already persistent: still true
  EXPECT_TRUE(c.expire("k", 0s));
  EXPECT_FALSE(c.has_key("k"));
  EXPECT_FALSE(c.expire("k", cache_timeout::forever()));
}

TEST_P(cache_test, ExpireFamily) {
  auto c = make_cache();
  EXPECT_FALSE(c.expire("missing", 10s));
  c.set("k", 1, cache_timeout::forever());
  EXPECT_TRUE(c.expire("k", 20s));
  EXPECT_LE(c.pttl("k").remaining(), 20s);
  EXPECT_TRUE(c.pexpire("k", 1500ms));
  EXPECT_LE(c.pttl("k").remaining(), 1500ms);
  EXPECT_TRUE(c.persist("k"));
  EXPECT_FALSE(c.persist("k"));  // no expiry left to remove
  EXPECT_TRUE(c.pttl("k").is_persistent());
  EXPECT_TRUE(c.expire_at("k", std::chrono::system_clock::now() + 30s));
  EXPECT_GT(c.pttl("k").remaining(), 28s);
  EXPECT_TRUE(c.expire_at("k", std::chrono::system_clock::now() - 1s));
  EXPECT_FALSE(c.has_key("k"));
  EXPECT_FALSE(c.expire_at("k", std::chrono::system_clock::now() + 30s));
}

}  // namespace
