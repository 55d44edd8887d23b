// Creating, loading, saving and deleting sessions, as Django's cache session engine does.
#include "session/session_fixture.hpp"

#include <rediscache/error.hpp>
#include <rediscache/log.hpp>
#include <rediscache/session/session_key.hpp>

#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>
#include <string>
#include <vector>

using namespace rediscache;
using rediscache::test::session_test;
using namespace std::chrono_literals;

namespace {

// Hands out the given keys in order, then fresh random ones; counts the calls.
struct scripted_keys {
  std::vector<std::string> keys;
  std::shared_ptr<int> calls = std::make_shared<int>(0);

  session_key_generator generator() const {
    return [keys = keys, calls = calls] {
      const auto i = static_cast<std::size_t>((*calls)++);
      return i < keys.size() ? keys[i] : new_session_key();
    };
  }
};

TEST_P(session_test, SaveWithoutKeyCreatesAnEmptySessionWithTheDefaultAge) {
  auto store = make_store();
  auto s = store.open();
  EXPECT_FALSE(s.session_key());
  EXPECT_TRUE(s.is_empty());
  s.save();
  ASSERT_TRUE(s.session_key());
  EXPECT_TRUE(is_valid_session_key(*s.session_key()));
  EXPECT_EQ(s.session_key()->size(), 32u);
  EXPECT_TRUE(s.modified());
  EXPECT_FALSE(s.is_empty());
  EXPECT_TRUE(store.exists(*s.session_key()));
  auto ttl = caches_.front().ttl(store.cache_key(*s.session_key()));
  ASSERT_TRUE(ttl.is_expiring());
  EXPECT_GT(ttl.remaining(), 1209590s);
  EXPECT_LE(ttl.remaining(), 1209600s);
}

TEST_P(session_test, DataSurvivesARoundTrip) {
  auto store = make_store();
  auto s = store.open();
  s.set("cart", std::vector<int>{1, 2, 3});
  s.set("name", "h\xc3\xa9llo");
  s.set("admin", false);
  s.set("profile", nlohmann::json{{"theme", "dark"}, {"size", 1.5}});
  s.save();

  auto again = store.open(*s.session_key());
  EXPECT_EQ(again.get<std::vector<int>>("cart"), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(again.get<std::string>("name"), "h\xc3\xa9llo");
  EXPECT_EQ(again.get<bool>("admin"), false);
  EXPECT_EQ(again.get<nlohmann::json>("profile")->at("theme"), "dark");
  EXPECT_EQ(again.get<int>("missing"), std::nullopt);
  EXPECT_EQ(again.get("missing", 7), 7);
  EXPECT_EQ(again.get("missing", "fallback"), "fallback");
  EXPECT_EQ(again.get("name", "fallback"), "h\xc3\xa9llo");
  EXPECT_THROW(again.get<int>("name"), codec_error);
  EXPECT_EQ(again.keys(), (std::vector<std::string>{"admin", "cart", "name", "profile"}));
  EXPECT_EQ(again.pop<std::vector<int>>("cart"), (std::vector<int>{1, 2, 3}));
  EXPECT_FALSE(again.contains("cart"));
  EXPECT_THROW(again.pop<int>("name"), codec_error);
  EXPECT_TRUE(again.contains("name"));  // a failed pop keeps the value
  again.update({{"a", 1}, {"b", 2}});
  EXPECT_EQ(again.get<int>("b"), 2);
  EXPECT_THROW(again.update(nlohmann::json::array({1})), codec_error);
  again.save();
  EXPECT_EQ(store.open(*s.session_key()).get<int>("a"), 1);
}

TEST_P(session_test, LoadingAnUnknownKeyGivesAnEmptySessionAndCreatesNothing) {
  auto store = make_store();
  const std::string unknown = new_session_key();
  auto s = store.open(unknown);
  EXPECT_EQ(s.session_key(), unknown);  // nothing read yet
  EXPECT_FALSE(s.contains("anything"));
  EXPECT_TRUE(s.items().empty());
  EXPECT_FALSE(s.session_key());
  EXPECT_TRUE(s.is_empty());
  EXPECT_FALSE(s.modified());
  EXPECT_EQ(stored_keys(), 0u);
  EXPECT_FALSE(store.exists(unknown));

  // Saving then issues a fresh key: a key chosen by a client is never adopted (fixation).
  s.set("k", 1);
  s.save();
  ASSERT_TRUE(s.session_key());
  EXPECT_NE(*s.session_key(), unknown);
  EXPECT_FALSE(store.exists(unknown));
  EXPECT_EQ(stored_keys(), 1u);
}

TEST_P(session_test, InvalidKeysAreDroppedWithoutAskingTheServer) {
  auto store = make_store();
  const std::vector<std::string> hostile = {
      "",           "short",         "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "../../etc/passwd",
      "a b c d e f", "abc\r\ndefgh", std::string("abcd\0efgh", 9),     "*",
      "abcdefgh*",   std::string(300, 'a'), "h\xc3\xa9llo12345"};
  sent();
  for (const auto& key : hostile) {
    auto s = store.open(key);
    EXPECT_FALSE(s.session_key()) << key;
    EXPECT_TRUE(s.load().empty());
    EXPECT_FALSE(store.exists(key));
    EXPECT_FALSE(store.remove(key));
    EXPECT_FALSE(s.exists(key));
  }
  EXPECT_TRUE(sent().empty());
  EXPECT_EQ(stored_keys(), 0u);
}

TEST_P(session_test, SaveRefusesToResurrectASessionDeletedElsewhere) {
  auto store = make_store();
  auto first = store.open();
  first.set("user", 42);
  first.save();
  const std::string key = *first.session_key();

  auto request = store.open(key);
  EXPECT_EQ(request.get<int>("user"), 42);
  EXPECT_TRUE(store.remove(key));  // a logout in another request
  request.set("user", 43);
  EXPECT_THROW(request.save(), session_update_error);
  EXPECT_FALSE(store.exists(key));
  EXPECT_EQ(stored_keys(), 0u);

  try {
    request.save();
  } catch (const session_update_error& e) {
    EXPECT_EQ(e.code(), make_error_code(errc::session_update));
    EXPECT_EQ(std::string(e.what()).find(key), std::string::npos) << "keys are secrets";
  }

  // Not loaded before the delete: the load on save() finds nothing either.
  auto second = store.open();
  second.save();
  auto unread = store.open(*second.session_key());
  store.remove(*second.session_key());
  unread.clear();
  EXPECT_THROW(unread.save(), session_update_error);
  auto untouched = store.open(*second.session_key());
  EXPECT_THROW(untouched.save(), session_update_error);
  EXPECT_EQ(stored_keys(), 0u);
}

TEST_P(session_test, ExistsAndRemove) {
  auto store = make_store();
  auto s = store.open();
  s.save();
  const std::string key = *s.session_key();
  EXPECT_TRUE(store.exists(key));
  EXPECT_TRUE(s.exists(key));
  EXPECT_FALSE(store.exists(new_session_key()));
  EXPECT_TRUE(s.remove());
  EXPECT_FALSE(s.remove());
  EXPECT_FALSE(store.exists(key));
  EXPECT_EQ(s.session_key(), key);  // Django's delete() keeps the key; flush() drops it

  auto other = store.open();
  other.save();
  EXPECT_TRUE(s.remove(*other.session_key()));
  EXPECT_EQ(stored_keys(), 0u);
}

TEST_P(session_test, FlushClearsDeletesAndDropsTheKey) {
  auto store = make_store();
  auto s = store.open();
  s.set("user", 1);
  s.save();
  const std::string key = *s.session_key();
  s.flush();
  EXPECT_FALSE(s.session_key());
  EXPECT_TRUE(s.items().empty());
  EXPECT_TRUE(s.is_empty());
  EXPECT_FALSE(store.exists(key));
  EXPECT_EQ(stored_keys(), 0u);
  s.set("fresh", true);
  s.save();
  EXPECT_NE(*s.session_key(), key);
}

TEST_P(session_test, ClearDoesNotLoadAndSaveStoresTheEmptyDict) {
  auto store = make_store();
  auto s = store.open();
  s.set("a", 1);
  s.save();
  auto again = store.open(*s.session_key());
  sent();
  again.clear();
  if (is_redis()) {
    EXPECT_TRUE(sent().empty());
  }
  EXPECT_TRUE(again.accessed());
  EXPECT_TRUE(again.modified());
  again.save();
  EXPECT_TRUE(store.open(*s.session_key()).items().empty());
  EXPECT_TRUE(store.exists(*s.session_key()));
}

TEST_P(session_test, CreateTriesAnotherKeyOnACollision) {
  auto store = make_store();
  auto taken = store.open();
  taken.set("owner", "first");
  taken.save();
  const std::string fresh = new_session_key();

  session_options o;
  scripted_keys keys{{*taken.session_key(), *taken.session_key(), fresh}};
  o.key_generator = keys.generator();
  auto colliding = make_store(o);
  auto s = colliding.open();
  s.set("owner", "second");
  s.save();
  EXPECT_EQ(s.session_key(), fresh);
  EXPECT_EQ(*keys.calls, 3);
  EXPECT_EQ(store.open(*taken.session_key()).get<std::string>("owner"), "first");
  EXPECT_EQ(store.open(fresh).get<std::string>("owner"), "second");
}

TEST_P(session_test, CreateGivesUpAfterMaxAttempts) {
  auto store = make_store();
  auto taken = store.open();
  taken.save();
  for (int limit : {25, 10000}) {
    session_options o;
    o.max_create_attempts = limit;
    auto calls = std::make_shared<int>(0);
    o.key_generator = [key = *taken.session_key(), calls] {
      ++*calls;
      return key;
    };
    auto s = make_store(o).open();
    try {
      s.create();
      ADD_FAILURE() << "create() succeeded with every key taken";
    } catch (const session_error& e) {
      EXPECT_EQ(e.code(), make_error_code(errc::session));
      EXPECT_NE(std::string(e.what()).find("Unable to create a new session key. It is likely that "
                                           "the cache is unavailable."),
                std::string::npos);
    }
    EXPECT_EQ(*calls, limit);
    EXPECT_FALSE(s.session_key());
  }
  EXPECT_EQ(session_options().max_create_attempts, 10000);
}

TEST_P(session_test, AKeyGeneratorMustMakeValidKeys) {
  session_options o;
  o.key_generator = [] { return std::string("Not A Key"); };
  auto s = make_store(o).open();
  EXPECT_THROW(s.save(), session_error);
  EXPECT_EQ(stored_keys(), 0u);
}

TEST_P(session_test, OptionsAndSerializerAreChecked) {
  cache_options raw;
  raw.serializer = serializer_kind::raw;
  EXPECT_THROW(make_store({}, raw), config_error);
  session_options o;
  o.cookie_age = 0s;
  EXPECT_THROW(make_store(o), config_error);
  o = {};
  o.absolute_timeout = 0ms;
  EXPECT_THROW(make_store(o), config_error);
  o = {};
  o.max_create_attempts = 0;
  EXPECT_THROW(make_store(o), config_error);
  EXPECT_EQ(make_store().atomic(), is_redis());
}

TEST_P(session_test, CorruptStoredDataReadsAsAnEmptySessionAndIsLoggedWithoutTheKey) {
  std::ostringstream log;
  auto logger = std::make_shared<spdlog::logger>(
      "session-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log));
  set_logger(logger);
  auto store = make_store();
  auto& c = caches_.front();
  const std::string key = new_session_key();
  c.set(store.cache_key(key), std::string("not a dict"));
  EXPECT_TRUE(store.open(key).load().empty());
  storage_->set(c.make_key(store.cache_key(key)), "{\"truncated\": ", std::nullopt,
                set_mode::always);
  auto s = store.open(key);
  EXPECT_TRUE(s.items().empty());
  EXPECT_FALSE(s.session_key());
  set_logger(nullptr);
  EXPECT_NE(log.str().find("session data corrupted"), std::string::npos) << log.str();
  EXPECT_EQ(log.str().find(key), std::string::npos) << log.str();
}

TEST(session_store, CreateStopsAtOnceWhenTheCacheIsUnavailable) {
  std::uint16_t port;
  {
    test::redis_server gone;
    port = gone.port();
  }
  cache_options co;
  co.ignore_exceptions = true;  // adds fail as "not stored", as django-redis' IGNORE_EXCEPTIONS
  auto c = cache::from_url("redis://127.0.0.1:" + std::to_string(port), co);
  session_options o;
  auto calls = std::make_shared<int>(0);
  o.key_generator = [calls] {
    ++*calls;
    return new_session_key();
  };
  auto s = session_store(c, o).open();
  EXPECT_THROW(s.create(), session_error);
  EXPECT_EQ(*calls, 1);
}

}  // namespace
