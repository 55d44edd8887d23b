// set_expiry and the get_expiry_* family, with Django >= 4.1 semantics.
#include "session/session_fixture.hpp"

#include <rediscache/session/session_key.hpp>

#include <regex>

using namespace rediscache;
using rediscache::test::session_test;
using namespace std::chrono_literals;
using std::chrono::system_clock;

namespace {

// The session dict as stored, decoded.
nlohmann::json stored_dict(cache& c, const session_store& store, const session& s) {
  return c.get<nlohmann::json>(store.cache_key(*s.session_key())).value();
}

std::chrono::milliseconds ttl_of(cache& c, const session_store& store, const session& s) {
  return c.pttl(store.cache_key(*s.session_key())).remaining();
}

TEST_P(session_test, DefaultExpiryIsTheCookieAge) {
  auto store = make_store();
  auto s = store.open();
  const auto now = system_clock::now();
  EXPECT_EQ(s.get_expiry_age(), 1209600s);
  EXPECT_EQ(s.get_expiry_date(now), now + 1209600s);
  EXPECT_FALSE(s.get_expire_at_browser_close());
  s.save();
  EXPECT_FALSE(stored_dict(caches_.front(), store, s).contains("_session_expiry"));
  EXPECT_GT(ttl_of(caches_.front(), store, s), 1209590s);

  session_options o;
  o.cookie_age = 3600s;
  o.expire_at_browser_close = true;
  auto custom = make_store(o).open();
  EXPECT_EQ(custom.get_expiry_age(), 3600s);
  EXPECT_TRUE(custom.get_expire_at_browser_close());
}

TEST_P(session_test, SecondsAreStoredAsAnInteger) {
  auto store = make_store();
  auto s = store.open();
  s.set_expiry(600s);
  EXPECT_TRUE(s.modified());
  s.save();
  EXPECT_EQ(stored_dict(caches_.front(), store, s)["_session_expiry"], 600);
  EXPECT_EQ(s.get_expiry_age(), 600s);
  EXPECT_FALSE(s.get_expire_at_browser_close());
  const auto t = ttl_of(caches_.front(), store, s);
  EXPECT_GT(t, 590s);
  EXPECT_LE(t, 600s);
  auto again = store.open(*s.session_key());
  EXPECT_EQ(again.get_expiry_age(), 600s);
  const auto now = system_clock::now();
  EXPECT_EQ(again.get_expiry_date(now), now + 600s);
  again.set_expiry(std::chrono::minutes(2));
  EXPECT_EQ(again.get_expiry_age(), 120s);
}

TEST_P(session_test, ADateIsStoredAsAnIsoStringInUtc) {
  auto store = make_store();
  auto s = store.open();
  // Stored to the microsecond, as Python's datetime.
  const system_clock::time_point when =
      std::chrono::floor<std::chrono::microseconds>(system_clock::now() + 1h);
  s.set_expiry(when);
  s.save();
  const auto stored = stored_dict(caches_.front(), store, s)["_session_expiry"];
  ASSERT_TRUE(stored.is_string());
  EXPECT_TRUE(std::regex_match(stored.get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00)")))
      << stored;
  EXPECT_EQ(s.get_expiry_date(), when);
  EXPECT_GE(s.get_expiry_age(), 3590s);
  EXPECT_LE(s.get_expiry_age(), 3600s);
  EXPECT_EQ(s.get_expiry_age(when - 10s), 10s);
  EXPECT_EQ(s.get_expiry_age(when + 500ms), -1s);  // timedelta rounds down
  const auto t = ttl_of(caches_.front(), store, s);
  EXPECT_GT(t, 3580s);
  EXPECT_LE(t, 3600s);
  EXPECT_FALSE(s.get_expire_at_browser_close());

  auto exact = store.open();
  exact.set_expiry(system_clock::time_point(std::chrono::seconds(1700000000)));
  EXPECT_EQ(exact.get<std::string>("_session_expiry"), "2023-11-14T22:13:20+00:00");
  exact.set_expiry(system_clock::time_point(std::chrono::microseconds(951782400123456)));
  EXPECT_EQ(exact.get<std::string>("_session_expiry"), "2000-02-29T00:00:00.123456+00:00");
}

TEST_P(session_test, ZeroMeansAtBrowserCloseAndTheServerKeepsTheDefaultAge) {
  auto store = make_store();
  auto s = store.open();
  s.set_expiry(0s);
  EXPECT_TRUE(s.get_expire_at_browser_close());
  EXPECT_EQ(s.get_expiry_age(), 1209600s);
  s.save();
  EXPECT_EQ(stored_dict(caches_.front(), store, s)["_session_expiry"], 0);
  EXPECT_GT(ttl_of(caches_.front(), store, s), 1209590s);
}

TEST_P(session_test, NoneRemovesTheExpiry) {
  auto store = make_store();
  auto fresh = store.open();
  fresh.set_expiry(std::nullopt);  // nothing to remove: not modified, as Django's KeyError path
  EXPECT_FALSE(fresh.modified());
  auto s = store.open();
  s.set_expiry(60s);
  s.save();
  auto again = store.open(*s.session_key());
  again.set_expiry(std::nullopt);
  EXPECT_TRUE(again.modified());
  EXPECT_EQ(again.get_expiry_age(), 1209600s);
  again.save();
  EXPECT_FALSE(stored_dict(caches_.front(), store, again).contains("_session_expiry"));
  EXPECT_GT(ttl_of(caches_.front(), store, again), 1209590s);
}

TEST_P(session_test, ReadsTheExpiryFormsPythonWrites) {
  auto store = make_store();
  const auto at = [](const char* iso) { return nlohmann::json(iso); };
  const system_clock::time_point base(std::chrono::seconds(1893553445));  // 2030-01-02T03:04:05Z
  struct expectation {
    nlohmann::json stored;
    std::optional<system_clock::time_point> date;  // nullopt: an age
    std::chrono::seconds age;
    bool browser_close;
  };
  const std::vector<expectation> cases = {
      {at("2030-01-02T03:04:05.678Z"), base + 678ms, {}, false},  // DjangoJSONEncoder (Django 3.2)
      {at("2030-01-02T03:04:05.678901+00:00"), base + 678901us, {}, false},
      {at("2030-01-02T05:04:05+02:00"), base, {}, false},
      {at("2030-01-01T22:04:05-0500"), base, {}, false},
      {at("2030-01-02T03:04:05"), base, {}, false},  // naive: read as UTC
      {at("2030-01-02 03:04:05"), base, {}, false},
      {at("2030-01-02"), base - 3h - 4min - 5s, {}, false},
      {600, std::nullopt, 600s, false},
      {600.9, std::nullopt, 600s, false},
      {true, std::nullopt, 1s, false},
      {false, std::nullopt, 1209600s, true},
      {0.0, std::nullopt, 1209600s, true},
      {nullptr, std::nullopt, 1209600s, false},
      {at("tomorrow"), std::nullopt, 1209600s, false},
      {at("2030-02-30T00:00:00"), std::nullopt, 1209600s, false},
      {at("2030-01-02T25:00:00"), std::nullopt, 1209600s, false},
      {at(""), std::nullopt, 1209600s, false},
      {nlohmann::json::array({1}), std::nullopt, 1209600s, false},
  };
  const auto now = system_clock::now();
  for (const auto& c : cases) {
    const std::string key = new_session_key();
    caches_.front().set(store.cache_key(key), nlohmann::json{{"_session_expiry", c.stored}});
    auto s = store.open(key);
    if (c.date) {
      EXPECT_EQ(s.get_expiry_date(now), *c.date) << c.stored;
      EXPECT_EQ(s.get_expiry_age(*c.date - 30s), 30s) << c.stored;
    } else {
      EXPECT_EQ(s.get_expiry_age(now), c.age) << c.stored;
      EXPECT_EQ(s.get_expiry_date(now), now + c.age) << c.stored;
    }
    EXPECT_EQ(s.get_expire_at_browser_close(), c.browser_close) << c.stored;
  }
}

TEST_P(session_test, SavingWithAPastDateDeletesTheSession) {
  auto store = make_store();
  auto s = store.open();
  s.save();
  s.set_expiry(system_clock::now() - 10s);
  EXPECT_LT(s.get_expiry_age(), 0s);
  EXPECT_NO_THROW(s.save());
  EXPECT_FALSE(store.exists(*s.session_key()));
  EXPECT_EQ(stored_keys(), 0u);
  // Creating with such a date stores nothing either (the cache's add with a timeout <= 0).
  auto gone = store.open();
  gone.set_expiry(system_clock::now() - 10s);
  gone.save();
  EXPECT_EQ(stored_keys(), 0u);
}

}  // namespace
