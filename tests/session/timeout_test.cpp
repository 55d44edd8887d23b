// Idle and absolute timeouts, enforced by the server: the idle one is the TTL each save() and
// touch() starts again; the absolute one caps that TTL and is checked by Lua on load and touch.
#include "session/session_fixture.hpp"

#include <rediscache/session/session_key.hpp>

#include <algorithm>
#include <thread>

using namespace rediscache;
using rediscache::test::session_test;
using namespace std::chrono_literals;
using std::chrono::steady_clock;
using std::chrono::system_clock;

namespace {

TEST_P(session_test, IdleSessionsExpireOnTheServer) {
  session_options o;
  o.cookie_age = 1s;
  auto store = make_store(o);
  auto s = store.open();
  s.set("a", 1);
  s.save();
  std::this_thread::sleep_for(1500ms);
  auto later = store.open(*s.session_key());
  EXPECT_TRUE(later.items().empty());
  EXPECT_FALSE(later.session_key());
  EXPECT_EQ(stored_keys(), 0u);
}

TEST_P(session_test, TouchStartsTheIdleTimeoutAgain) {
  session_options o;
  o.cookie_age = 2s;
  auto store = make_store(o);
  auto s = store.open();
  s.set("a", 1);
  s.save();
  const auto start = steady_clock::now();
  while (steady_clock::now() - start < 3s) {
    std::this_thread::sleep_for(400ms);
    ASSERT_TRUE(s.touch());
  }
  EXPECT_TRUE(store.exists(*s.session_key()));
  EXPECT_GT(caches_.front().pttl(store.cache_key(*s.session_key())).remaining(), 1s);
  EXPECT_EQ(store.open(*s.session_key()).get<int>("a"), 1);

  auto gone = store.open(new_session_key());
  EXPECT_FALSE(gone.touch());
  EXPECT_FALSE(store.open().touch());
  EXPECT_EQ(stored_keys(), 1u);
}

TEST_P(session_test, AbsoluteTimeoutIsOffByDefaultAndStoresNothingExtra) {
  EXPECT_FALSE(session_options().absolute_timeout);
  auto store = make_store();
  auto s = store.open();
  s.save();
  EXPECT_EQ(caches_.front().get<nlohmann::json>(store.cache_key(*s.session_key())),
            nlohmann::json::object());
}

TEST_P(session_test, AbsoluteTimeoutEndsASessionTouchedAllTheTime) {
  session_options o;
  o.cookie_age = 60s;
  o.absolute_timeout = 1500ms;
  auto store = make_store(o);
  auto s = store.open();
  s.set("user", 1);
  const auto created = steady_clock::now();
  s.save();
  const auto stored = caches_.front().get<nlohmann::json>(store.cache_key(*s.session_key()));
  ASSERT_TRUE(stored && stored->contains("_session_created_at"));
  EXPECT_NEAR((*stored)["_session_created_at"].get<double>(),
              std::chrono::duration<double>(system_clock::now().time_since_epoch()).count(), 5.0);

  // The TTL never reaches past the limit, however long the idle timeout is.
  EXPECT_LE(caches_.front().pttl(store.cache_key(*s.session_key())).remaining(), 1500ms);
  const std::string key = *s.session_key();
  bool alive = true;
  while (alive && steady_clock::now() - created < 6s) {
    std::this_thread::sleep_for(100ms);
    auto request = store.open(key);
    alive = request.touch();
    if (alive) {
      EXPECT_LE(caches_.front().pttl(store.cache_key(key)).remaining(), 1500ms);
      request.set("hits", 1);
      request.save();
    }
  }
  const auto lived = steady_clock::now() - created;
  EXPECT_FALSE(alive);
  EXPECT_GE(lived, 1300ms);
  EXPECT_LT(lived, 5s);
  EXPECT_FALSE(store.exists(key));
  EXPECT_TRUE(store.open(key).items().empty());
  EXPECT_EQ(stored_keys(), 0u);
}

TEST_P(session_test, AbsoluteTimeoutHoldsAgainstAWriterThatDoesNotKnowIt) {
  session_options o;
  o.absolute_timeout = 5s;
  auto store = make_store(o);
  auto& c = caches_.front();
  const double now = std::chrono::duration<double>(system_clock::now().time_since_epoch()).count();

  // Django saved these with its own TTL (14 days), keeping our creation time in the dict.
  const std::string old_key = new_session_key();
  c.set(store.cache_key(old_key), nlohmann::json{{"_session_created_at", now - 10}, {"a", 1}},
        1209600s);
  const std::string young_key = new_session_key();
  c.set(store.cache_key(young_key), nlohmann::json{{"_session_created_at", now - 1}, {"a", 2}},
        1209600s);

  auto warm = store.open(young_key);
  warm.load();  // loads the script into the server
  sent();
  auto old = store.open(old_key);
  EXPECT_TRUE(old.items().empty());
  EXPECT_FALSE(old.session_key());
  EXPECT_FALSE(store.exists(old_key));
  if (is_redis()) {
    auto names = sent();
    // A cluster caches scripts per node: the old session's node may not have it yet (NOSCRIPT,
    // then EVAL).
    if (test::on_cluster())
      names.erase(std::remove(names.begin(), names.end(), "EVAL"), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"EVALSHA", "EXISTS"}));
    // The load also pulled the young session's TTL back under its limit.
    EXPECT_LE(c.pttl(store.cache_key(young_key)).remaining(), 4s);
  }
  auto young = store.open(young_key);
  EXPECT_EQ(young.get<int>("a"), 2);
  EXPECT_FALSE(young.modified());
}

TEST_P(session_test, AbsoluteTimeoutWorksWithEveryStoredFormat) {
  struct format {
    serializer_kind serializer;
    compressor_kind compressor;
  };
  for (auto f : {format{serializer_kind::json, compressor_kind::none},
                 format{serializer_kind::msgpack, compressor_kind::none},
                 format{serializer_kind::json, compressor_kind::zlib},
                 format{serializer_kind::msgpack, compressor_kind::zstd}}) {
    cache_options co;
    co.serializer = f.serializer;
    co.compression.kind = f.compressor;
    co.compression.min_bytes = 0;
    session_options o;
    o.absolute_timeout = 5s;
    auto store = make_store(o, co);
    const double now =
        std::chrono::duration<double>(system_clock::now().time_since_epoch()).count();
    const std::string key = new_session_key();
    caches_.back().set(store.cache_key(key),
                       nlohmann::json{{"_session_created_at", now - 10}, {"a", 1}}, 1209600s);
    EXPECT_TRUE(store.open(key).items().empty()) << to_string(f.serializer);
    EXPECT_FALSE(store.exists(key));
    const std::string young = new_session_key();
    caches_.back().set(store.cache_key(young),
                       nlohmann::json{{"_session_created_at", now}, {"a", 1}}, 1209600s);
    auto s = store.open(young);
    EXPECT_TRUE(s.touch());
    EXPECT_LE(caches_.back().pttl(store.cache_key(young)).remaining(), 5s);
    EXPECT_EQ(s.get<int>("a"), 1);
  }
}

TEST_P(session_test, SessionsWithoutACreationTimeStartTheirAbsoluteLifetimeWhenLoaded) {
  session_options o;
  o.absolute_timeout = 1h;
  auto store = make_store(o);
  const std::string key = new_session_key();
  caches_.front().set(store.cache_key(key), nlohmann::json{{"a", 1}});
  auto s = store.open(key);
  EXPECT_EQ(s.get<int>("a"), 1);
  EXPECT_TRUE(s.contains("_session_created_at"));
  EXPECT_TRUE(s.modified());
  s.save();
  EXPECT_TRUE(
      caches_.front().get<nlohmann::json>(store.cache_key(key))->contains("_session_created_at"));
  EXPECT_LE(caches_.front().pttl(store.cache_key(key)).remaining(), 1h);
}

TEST_P(session_test, CycleKeyAndClearKeepTheCreationTime) {
  session_options o;
  o.absolute_timeout = 1h;
  auto store = make_store(o);
  auto s = store.open();
  s.save();
  const double created = s.get<double>("_session_created_at").value();
  std::this_thread::sleep_for(20ms);
  s.cycle_key();
  EXPECT_EQ(s.get<double>("_session_created_at"), created);
  s.clear();
  s.save();
  EXPECT_EQ(store.open(*s.session_key()).get<double>("_session_created_at"), created);
  s.flush();  // logout: the next session starts afresh
  s.save();
  EXPECT_GT(s.get<double>("_session_created_at").value(), created);
}

}  // namespace
