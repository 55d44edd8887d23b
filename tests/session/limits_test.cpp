// Ages and timestamps at their limits: the longest ages work end to end, longer ones are refused,
// and creation times no clock could have written are ignored alike by the client and the scripts.
#include "session/session_fixture.hpp"

#include <rediscache/error.hpp>
#include <rediscache/session/session_key.hpp>

using namespace rediscache;
using rediscache::test::session_test;
using namespace std::chrono_literals;

namespace {

TEST_P(session_test, AgesPastMaxSessionAgeAreConfigErrors) {
  auto refused = [&](auto change) {
    session_options o;
    change(o);
    EXPECT_THROW(make_store(o), config_error);
  };
  refused([](session_options& o) { o.cookie_age = std::chrono::seconds::max(); });
  refused([](session_options& o) { o.cookie_age = max_session_age + 1s; });
  refused([](session_options& o) { o.absolute_timeout = std::chrono::milliseconds::max(); });
  refused([](session_options& o) { o.absolute_timeout = max_session_age + 1ms; });
}

TEST_P(session_test, TheLongestAgesWorkEndToEnd) {
  session_options o;
  o.cookie_age = max_session_age;
  o.absolute_timeout = max_session_age;
  auto store = make_store(o);
  auto s = store.open();
  s.set("a", 1);
  s.save();
  const auto key = store.cache_key(*s.session_key());
  auto ttl = caches_.front().pttl(key);
  ASSERT_TRUE(ttl.is_expiring());
  EXPECT_GT(ttl.remaining(), max_session_age - 10s);
  EXPECT_LE(ttl.remaining(), max_session_age);
  auto again = store.open(*s.session_key());
  EXPECT_EQ(again.get<int>("a"), 1);
  EXPECT_TRUE(again.touch());
  EXPECT_GT(caches_.front().pttl(key).remaining(), max_session_age - 10s);
  EXPECT_EQ(again.get_expiry_age(), max_session_age);
}

TEST_P(session_test, AStoredExpiryAgeBeyondTheLimitIsClamped) {
  auto store = make_store();
  auto s = store.open();
  s.set_expiry(std::chrono::seconds::max());
  s.save();
  auto again = store.open(*s.session_key());
  EXPECT_EQ(again.get_expiry_age(), max_session_age);
  const auto now = std::chrono::system_clock::now();
  // Not an overflow of system_clock into the past.
  EXPECT_GT(again.get_expiry_date(now), now + std::chrono::hours(24 * 365 * 99));
  EXPECT_GT(caches_.front().pttl(store.cache_key(*s.session_key())).remaining(),
            max_session_age - 10s);
}

// Creation times beyond 1e11 s of the epoch cannot come from a clock: the session is kept, its
// absolute lifetime starts when loaded, and nothing in the scripts overflows or errs.
TEST_P(session_test, ACreationTimeNoClockCouldWriteIsIgnored) {
  session_options o;
  o.absolute_timeout = 1h;
  auto store = make_store(o);
  for (double created : {1e17, -1e17, 1e300, -1e300, 1e11 + 1}) {
    SCOPED_TRACE(created);
    const std::string key = new_session_key();
    caches_.front().set(store.cache_key(key),
                        nlohmann::json{{"_session_created_at", created}, {"a", 1}},
                        cache_timeout::forever());
    auto s = store.open(key);
    EXPECT_EQ(s.get<int>("a"), 1);
    EXPECT_TRUE(s.modified()) << "a new creation time is recorded by the next save";
    s.save();
    auto ttl = caches_.front().pttl(store.cache_key(key));
    ASSERT_TRUE(ttl.is_expiring());
    EXPECT_LE(ttl.remaining(), 1h);
    EXPECT_TRUE(store.open(key).touch());
  }
}

}  // namespace
