// Django's save(must_create=True): a session stored under a given key only if the key is free,
// in one atomic write, and CreateError (session_create_error) when it is taken.
#include "session/session_fixture.hpp"

#include <rediscache/error.hpp>
#include <rediscache/session/session_key.hpp>

#include <atomic>
#include <thread>
#include <typeinfo>

using namespace rediscache;
using rediscache::test::session_test;
using namespace std::chrono_literals;

namespace {

// A session that will be created under key: opened, and cleared so nothing is loaded.
session fresh(const session_store& store, const std::string& key) {
  auto s = store.open(key);
  s.clear();
  return s;
}

TEST_P(session_test, MustCreateStoresUnderTheGivenKeyInOneSetNx) {
  auto store = make_store();
  const std::string key = new_session_key();
  auto s = fresh(store, key);
  s.set("user", 42);
  sent();
  s.save(save_mode::must_create);
  if (is_redis()) {
    EXPECT_EQ(sent(), std::vector<std::string>{"SET"});
  }
  EXPECT_EQ(s.session_key(), key);
  EXPECT_EQ(store.open(key).get<int>("user"), 42);
  auto ttl = caches_.front().ttl(store.cache_key(key));
  ASSERT_TRUE(ttl.is_expiring());
  EXPECT_GT(ttl.remaining(), 1209590s);
}

TEST_P(session_test, MustCreateUnderATakenKeyThrowsAndWritesNothing) {
  auto store = make_store();
  const std::string key = new_session_key();
  auto first = fresh(store, key);
  first.set("user", 42);
  first.set_expiry(600s);
  first.save(save_mode::must_create);

  auto second = fresh(store, key);
  second.set("user", 7);
  try {
    second.save(save_mode::must_create);
    FAIL() << "created over an existing session";
  } catch (const session_error& e) {  // catchable as its base, like Django's CreateError
    EXPECT_EQ(typeid(e), typeid(session_create_error));
    EXPECT_EQ(e.code(), make_error_code(errc::session_create));
    EXPECT_NE(std::string(e.what()).find("[rediscache.session_create]"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find(key), std::string::npos) << "keys stay out of errors";
  }
  EXPECT_EQ(store.open(key).get<int>("user"), 42);
  auto ttl = caches_.front().ttl(store.cache_key(key));
  ASSERT_TRUE(ttl.is_expiring());
  EXPECT_LE(ttl.remaining(), 600s);
  EXPECT_EQ(second.session_key(), key);
}

TEST_P(session_test, MustCreateDoesNotLoadTheStoredSession) {
  auto store = make_store();
  auto existing = store.open();
  existing.set("user", 42);
  existing.save();
  sent();
  auto probe = store.open(*existing.session_key());
  EXPECT_THROW(probe.save(save_mode::must_create), session_create_error);
  if (is_redis()) {
    EXPECT_EQ(sent(), std::vector<std::string>{"SET"});
  }
  EXPECT_TRUE(probe.items().empty()) << "the data was never read: it stays empty";
}

TEST_P(session_test, MustCreateWithoutAKeyCreatesANewOneAsDjango) {
  auto store = make_store();
  auto s = store.open();
  s.set("a", 1);
  s.save(save_mode::must_create);
  ASSERT_TRUE(s.session_key());
  EXPECT_EQ(store.open(*s.session_key()).get<int>("a"), 1);
  EXPECT_EQ(stored_keys(), 1u);
}

TEST_P(session_test, MustCreateRecordsTheCreationTimeForTheAbsoluteTimeout) {
  session_options o;
  o.absolute_timeout = 1h;
  auto store = make_store(o);
  const std::string key = new_session_key();
  auto s = fresh(store, key);
  s.save(save_mode::must_create);
  auto stored = caches_.front().get<nlohmann::json>(store.cache_key(key));
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->contains("_session_created_at")) << stored->dump();
  EXPECT_LE(caches_.front().ttl(store.cache_key(key)).remaining(), 1h);
}

TEST_P(session_test, OfTwoConcurrentCreatorsOfOneKeyExactlyOneWins) {
  auto store = make_store();
  for (int round = 0; round < 50; ++round) {
    const std::string key = new_session_key();
    std::atomic<int> ready{0};
    std::atomic<int> created{0};
    std::atomic<int> refused{0};
    std::atomic<int> winner{-1};
    auto creator = [&](int id) {
      auto s = fresh(store, key);
      s.set("writer", id);
      ++ready;
      while (ready.load() < 2) std::this_thread::yield();
      try {
        s.save(save_mode::must_create);
        ++created;
        winner = id;
      } catch (const session_create_error&) {
        ++refused;
      }
    };
    std::thread a(creator, 1);
    std::thread b(creator, 2);
    a.join();
    b.join();
    ASSERT_EQ(created.load(), 1) << "round " << round;
    ASSERT_EQ(refused.load(), 1) << "round " << round;
    EXPECT_EQ(store.open(key).get<int>("writer"), winner.load()) << "round " << round;
  }
}

// With ignore_exceptions the cache reports a failed write as "not stored": that is not a taken key.
TEST(session_store, MustCreateOnAnUnavailableCacheIsNotACreateError) {
  std::uint16_t port;
  {
    test::redis_server gone;
    port = gone.port();
  }
  cache_options co;
  co.ignore_exceptions = true;
  auto c = cache::from_url("redis://127.0.0.1:" + std::to_string(port), co);
  session_store store(c);
  auto s = fresh(store, new_session_key());
  try {
    s.save(save_mode::must_create);
    FAIL() << "saved to a server that is gone";
  } catch (const session_create_error& e) {
    FAIL() << "reported as a taken key: " << e.what();
  } catch (const session_error& e) {
    EXPECT_NE(std::string(e.what()).find("unavailable"), std::string::npos) << e.what();
  }
}

}  // namespace
