// Where a session is stored and in which bytes: what Django's cache engine over django-redis
// (JSON or msgpack serializer) writes and reads.
#include "session/session_fixture.hpp"

#include <rediscache/session/session_key.hpp>

using namespace rediscache;
using rediscache::test::session_test;
using namespace std::chrono_literals;

namespace {

TEST_P(session_test, StoredUnderDjangosKeyAsCompactJson) {
  auto store = make_store();
  auto s = store.open();
  s.set("name", "h\xc3\xa9llo");
  s.set("cart", std::vector<int>{1, 2, 3});
  s.set("_auth_user_id", "1");
  s.save();
  const std::string key = *s.session_key();
  const std::string redis_key = ":1:django.contrib.sessions.cache" + key;
  EXPECT_EQ(caches_.front().make_key(store.cache_key(key)), redis_key);
  EXPECT_EQ(storage_->get(redis_key),
            R"({"_auth_user_id":"1","cart":[1,2,3],"name":"h\u00e9llo"})");
  auto ttl = storage_->ttl(redis_key);
  EXPECT_GT(ttl.remaining(), 1209590s);
  if (is_redis()) {
    EXPECT_EQ(server_->command({"EXISTS", redis_key}), "1");
    EXPECT_EQ(server_->command({"TYPE", redis_key}), "string");
  }
}

TEST_P(session_test, ReadsTheBytesDjangoWrites) {
  auto store = make_store();
  const std::string key = new_session_key();
  // json.dumps with its default separators, as django-redis' JSONSerializer writes.
  storage_->set(":1:django.contrib.sessions.cache" + key,
                R"({"_auth_user_id": "1", "cart": [1, 2, 3], "name": "h\u00e9llo", )"
                R"("_session_expiry": 600})",
                std::chrono::milliseconds(600000), set_mode::always);
  auto s = store.open(key);
  EXPECT_EQ(s.get<std::string>("_auth_user_id"), "1");
  EXPECT_EQ(s.get<std::vector<int>>("cart"), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(s.get<std::string>("name"), "h\xc3\xa9llo");
  EXPECT_EQ(s.get_expiry_age(), 600s);
  EXPECT_EQ(s.session_key(), key);
}

TEST_P(session_test, FollowsTheAliasPrefixVersionAndSerializer) {
  cache_options co;
  co.key_prefix = "shop";
  co.version = 3;
  co.serializer = serializer_kind::msgpack;
  session_options o;
  o.key_prefix = "django.contrib.sessions.cached_db";
  auto store = make_store(o, co);
  auto s = store.open();
  s.set("a", 1);
  s.save();
  const std::string redis_key = "shop:3:django.contrib.sessions.cached_db" + *s.session_key();
  auto bytes = storage_->get(redis_key);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, std::string("\x81\xa1" "a\x01", 4));  // msgpack {"a": 1}
  EXPECT_EQ(store.open(*s.session_key()).get<int>("a"), 1);
}

TEST_P(session_test, CompressedSessionsRoundTrip) {
  cache_options co;
  co.compression.kind = compressor_kind::zlib;
  co.compression.min_bytes = 0;
  auto store = make_store({}, co);
  auto s = store.open();
  s.set("text", std::string(500, 'x'));
  s.save();
  s.cycle_key();  // the Lua path encodes the value itself: it must match the cache's bytes
  auto bytes = storage_->get(caches_.front().make_key(store.cache_key(*s.session_key())));
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->substr(0, 2), "\x78\x9c");
  EXPECT_EQ(store.open(*s.session_key()).get<std::string>("text"), std::string(500, 'x'));
}

}  // namespace
