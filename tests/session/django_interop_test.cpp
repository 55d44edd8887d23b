// The same sessions shared with a real Django application: Django's cache session engine over
// django-redis with its JSON serializer (python3-django, python3-django-redis), on one Redis.
#include "examples/run_example.hpp"
#include "support/redis_server.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/session/session_store.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <string>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::redis_server;

namespace {

class django_sessions : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("/usr/bin/python3 -c 'import django, django_redis' >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "python3-django and python3-django-redis are not installed";
    }
    cache_ = std::make_unique<cache>(cache::from_url(test::url_of(server_)));
  }

  // Runs django_session.py and returns the JSON object it printed.
  nlohmann::json django(const std::string& action, const std::string& key = {}) {
    auto r = test::run("/usr/bin/python3 " SESSION_PYTHON_DIR "/django_session.py " +
                       test::url_of(server_) + " " + action + " " + key);
    EXPECT_EQ(r.status, 0) << r.output;
    try {
      return nlohmann::json::parse(r.output);
    } catch (const nlohmann::json::exception&) {
      ADD_FAILURE() << "not JSON: " << r.output;
      return nlohmann::json::object();
    }
  }

  redis_server server_;
  std::unique_ptr<cache> cache_;
};

TEST_F(django_sessions, DjangoReadsASessionWrittenInCpp) {
  session_store store(*cache_);
  auto s = store.open();
  s.set("_auth_user_id", "42");
  s.set("cart", std::vector<int>{1, 2, 3});
  s.set("name", "h\xc3\xa9llo \xe6\xb8\x85");
  s.set_expiry(600s);
  s.save();

  auto seen = django("read", *s.session_key());
  EXPECT_EQ(seen["key"], *s.session_key());
  EXPECT_EQ(seen["data"]["_auth_user_id"], "42");
  EXPECT_EQ(seen["data"]["cart"], nlohmann::json({1, 2, 3}));
  EXPECT_EQ(seen["data"]["name"], "h\xc3\xa9llo \xe6\xb8\x85");
  EXPECT_EQ(seen["expiry_age"], 600);
  EXPECT_EQ(seen["browser_close"], false);

  // Django writes it back; C++ sees Django's change and keeps its own data.
  auto updated = django("update", *s.session_key());
  EXPECT_EQ(updated["key"], *s.session_key());
  EXPECT_GT(updated["ttl"].get<int>(), 590);
  auto again = store.open(*s.session_key());
  EXPECT_EQ(again.get<int>("py"), 1);
  EXPECT_EQ(again.get<std::string>("_auth_user_id"), "42");

  // A browser session and the default age read the same in both.
  again.set_expiry(0s);
  again.save();
  seen = django("read", *s.session_key());
  EXPECT_EQ(seen["browser_close"], true);
  EXPECT_EQ(seen["expiry_age"], 1209600);

  // An unknown key: Django too gets an empty session and writes nothing.
  seen = django("read", "abcdefghijklmnopqrstuvwxyz012345");
  EXPECT_TRUE(seen["key"].is_null());
  EXPECT_TRUE(seen["data"].empty());
  EXPECT_EQ(server_.command({"DBSIZE"}), "1");
}

TEST_F(django_sessions, CppReadsASessionWrittenByDjango) {
  auto written = django("write");
  const std::string key = written["key"];
  EXPECT_EQ(written["raw"],
            R"({"from": "django", "cart": [4, 5], "name": "h\u00e9llo", "_session_expiry": 300})");
  EXPECT_GT(written["ttl"].get<int>(), 290);

  session_store store(*cache_);
  EXPECT_TRUE(store.exists(key));
  auto s = store.open(key);
  EXPECT_EQ(s.get<std::string>("from"), "django");
  EXPECT_EQ(s.get<std::vector<int>>("cart"), (std::vector<int>{4, 5}));
  EXPECT_EQ(s.get<std::string>("name"), "h\xc3\xa9llo");
  EXPECT_EQ(s.get_expiry_age(), 300s);

  // Login in C++: the key rotates; Django finds the data under the new key only.
  s.cycle_key();
  auto moved = django("read", *s.session_key());
  EXPECT_EQ(moved["data"]["from"], "django");
  EXPECT_TRUE(django("read", key)["data"].empty());
}

TEST_F(django_sessions, ALogoutInDjangoIsNotUndoneByCpp) {
  session_store store(*cache_);
  auto s = store.open();
  s.set("user", 1);
  s.save();
  auto request = store.open(*s.session_key());
  EXPECT_EQ(request.get<int>("user"), 1);

  EXPECT_EQ(django("flush", *s.session_key())["exists"], false);
  request.set("user", 2);
  EXPECT_THROW(request.save(), session_update_error);
  EXPECT_EQ(server_.command({"DBSIZE"}), "0");
}

TEST_F(django_sessions, AbsoluteTimeoutSurvivesDjangoWrites) {
  session_options o;
  o.absolute_timeout = 1h;
  session_store store(*cache_, o);
  auto s = store.open();
  s.save();
  // Django keeps the creation time in the dict but resets the TTL to its own age.
  auto updated = django("update", *s.session_key());
  EXPECT_GT(updated["ttl"].get<int>(), 3600);
  auto again = store.open(*s.session_key());
  EXPECT_EQ(again.get<int>("py"), 1);
  EXPECT_EQ(again.get<double>("_session_created_at"), s.get<double>("_session_created_at"));
  EXPECT_LE(cache_->ttl(store.cache_key(*s.session_key())).remaining(), 1h);
}

}  // namespace
