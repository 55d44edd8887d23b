// cycle_key(): a new key with the same data, the old key gone; one Lua script on Redis.
#include "session/session_fixture.hpp"

#include <rediscache/error.hpp>
#include <rediscache/session/session_key.hpp>

using namespace rediscache;
using rediscache::test::session_test;
using namespace std::chrono_literals;

namespace {

TEST_P(session_test, CycleKeyMovesTheDataToANewKeyAndDeletesTheOld) {
  auto store = make_store();
  auto s = store.open();
  s.set("cart", std::vector<int>{4, 5});
  s.set_expiry(600s);
  s.save();
  const std::string old = *s.session_key();

  auto request = store.open(old);
  request.cycle_key();
  ASSERT_TRUE(request.session_key());
  const std::string fresh = *request.session_key();
  EXPECT_NE(fresh, old);
  EXPECT_TRUE(is_valid_session_key(fresh));
  EXPECT_TRUE(request.modified());
  EXPECT_FALSE(store.exists(old));
  EXPECT_EQ(stored_keys(), 1u);
  EXPECT_EQ(store.open(fresh).get<std::vector<int>>("cart"), (std::vector<int>{4, 5}));
  auto ttl = caches_.front().pttl(store.cache_key(fresh));
  ASSERT_TRUE(ttl.is_expiring());
  EXPECT_GT(ttl.remaining(), 590s);
  EXPECT_LE(ttl.remaining(), 600s);
}

TEST_P(session_test, CycleKeyIsOneScriptOnRedis) {
  if (!is_redis()) GTEST_SKIP() << "the memory backend cycles in steps (documented)";
  auto store = make_store();
  auto warm = store.open();
  warm.save();
  warm.cycle_key();  // loads the script into the server

  auto s = store.open();
  s.set("user", 7);
  s.save();
  auto request = store.open(*s.session_key());
  EXPECT_EQ(request.get<int>("user"), 7);
  sent();
  request.cycle_key();
  // On a cluster the new key and the old are in different slots (random keys), so the script is
  // refused before it is sent and Django's steps follow: create the new key, delete the old.
  const std::vector<std::string> expected =
      test::on_cluster() ? std::vector<std::string>{"EVALSHA", "SET", "DEL"}
                   : std::vector<std::string>{"EVALSHA"};
  EXPECT_EQ(sent(), expected);
  EXPECT_FALSE(store.exists(*s.session_key()));
  EXPECT_EQ(store.open(*request.session_key()).get<int>("user"), 7);
}

TEST_P(session_test, CycleKeyWritesUnsavedChanges) {
  auto store = make_store();
  auto s = store.open();
  s.set("step", 1);
  s.save();
  s.set("step", 2);
  s.cycle_key();
  EXPECT_EQ(store.open(*s.session_key()).get<int>("step"), 2);
  EXPECT_EQ(stored_keys(), 1u);
}

TEST_P(session_test, CycleKeyOfANewSessionCreatesIt) {
  auto store = make_store();
  auto s = store.open();
  s.set("a", 1);
  s.cycle_key();
  ASSERT_TRUE(s.session_key());
  EXPECT_EQ(store.open(*s.session_key()).get<int>("a"), 1);
  EXPECT_EQ(stored_keys(), 1u);

  // An unknown cookie: the data is empty and nothing else is deleted.
  auto unknown = store.open(new_session_key());
  unknown.cycle_key();
  EXPECT_TRUE(store.exists(*unknown.session_key()));
  EXPECT_EQ(stored_keys(), 2u);
}

TEST_P(session_test, CycleKeyTriesAnotherKeyOnACollision) {
  auto store = make_store();
  auto taken = store.open();
  taken.set("owner", "someone else");
  taken.save();
  auto mine = store.open();
  mine.set("owner", "me");
  mine.save();

  session_options o;
  const std::string fresh = new_session_key();
  auto calls = std::make_shared<int>(0);
  o.key_generator = [taken_key = *taken.session_key(), fresh, calls] {
    return (*calls)++ < 2 ? taken_key : fresh;
  };
  auto request = make_store(o).open(*mine.session_key());
  request.cycle_key();
  EXPECT_EQ(request.session_key(), fresh);
  EXPECT_EQ(store.open(*taken.session_key()).get<std::string>("owner"), "someone else");
  EXPECT_EQ(store.open(fresh).get<std::string>("owner"), "me");
  EXPECT_FALSE(store.exists(*mine.session_key()));

  // Every key taken: nothing changes and the old session stays.
  o.max_create_attempts = 5;
  o.key_generator = [taken_key = *taken.session_key()] { return taken_key; };
  auto stuck = make_store(o).open(fresh);
  EXPECT_THROW(stuck.cycle_key(), session_error);
  EXPECT_TRUE(store.exists(fresh));
  EXPECT_EQ(store.open(*taken.session_key()).get<std::string>("owner"), "someone else");
}

TEST_P(session_test, CycleKeyWithAnExpiredDateDeletesWithoutStoring) {
  auto store = make_store();
  auto s = store.open();
  s.save();
  const std::string old = *s.session_key();
  s.set_expiry(std::chrono::system_clock::now() - 10s);
  s.cycle_key();
  EXPECT_FALSE(store.exists(old));
  EXPECT_EQ(stored_keys(), 0u);
}

}  // namespace
