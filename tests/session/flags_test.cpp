// accessed and modified, exactly as Django's SessionBase sets them.
#include "session/session_fixture.hpp"

using namespace rediscache;
using rediscache::test::session_test;
using namespace std::chrono_literals;

namespace {

struct flags {
  bool accessed;
  bool modified;
  friend bool operator==(flags a, flags b) {
    return a.accessed == b.accessed && a.modified == b.modified;
  }
  friend std::ostream& operator<<(std::ostream& os, flags f) {
    return os << "{accessed=" << f.accessed << ", modified=" << f.modified << "}";
  }
};

flags of(const session& s) { return {s.accessed(), s.modified()}; }

TEST_P(session_test, ReadsSetAccessedOnly) {
  auto store = make_store();
  auto seed = store.open();
  seed.set("a", 1);
  seed.save();
  const std::string key = *seed.session_key();

  const std::vector<std::pair<const char*, std::function<void(session&)>>> reads = {
      {"get", [](session& s) { s.get<int>("a"); }},
      {"get missing", [](session& s) { s.get<int>("zz"); }},
      {"get default", [](session& s) { s.get("a", 0); }},
      {"contains", [](session& s) { s.contains("a"); }},
      {"keys", [](session& s) { s.keys(); }},
      {"items", [](session& s) { s.items(); }},
      {"erase missing", [](session& s) { s.erase("zz"); }},
      {"pop missing", [](session& s) { s.pop<int>("zz"); }},
      {"get_expiry_age", [](session& s) { s.get_expiry_age(); }},
      {"get_expiry_date", [](session& s) { s.get_expiry_date(); }},
      {"get_expire_at_browser_close", [](session& s) { s.get_expire_at_browser_close(); }},
      {"set_expiry none when absent", [](session& s) { s.set_expiry(std::nullopt); }},
  };
  for (const auto& [name, read] : reads) {
    auto s = store.open(key);
    EXPECT_EQ(of(s), (flags{false, false})) << name;
    read(s);
    EXPECT_EQ(of(s), (flags{true, false})) << name;
  }
}

TEST_P(session_test, WritesSetModified) {
  auto store = make_store();
  auto seed = store.open();
  seed.set("a", 1);
  seed.save();
  const std::string key = *seed.session_key();

  const std::vector<std::pair<const char*, std::function<void(session&)>>> writes = {
      {"set", [](session& s) { s.set("b", 2); }},
      {"set same value", [](session& s) { s.set("a", 1); }},
      {"erase", [](session& s) { s.erase("a"); }},
      {"pop", [](session& s) { s.pop<int>("a"); }},
      {"update", [](session& s) { s.update({{"c", 3}}); }},
      {"update empty", [](session& s) { s.update(nlohmann::json::object()); }},
      {"clear", [](session& s) { s.clear(); }},
      {"set_expiry seconds", [](session& s) { s.set_expiry(60s); }},
      {"set_expiry zero", [](session& s) { s.set_expiry(0s); }},
      {"set_expiry date", [](session& s) { s.set_expiry(std::chrono::system_clock::now()); }},
      {"cycle_key", [](session& s) { s.cycle_key(); }},
  };
  for (const auto& [name, write] : writes) {
    auto s = store.open(key);
    write(s);
    EXPECT_EQ(of(s), (flags{true, true})) << name;
  }
}

TEST_P(session_test, LoadSaveAndCreateFlags) {
  auto store = make_store();
  auto fresh = store.open();
  EXPECT_EQ(of(fresh), (flags{false, false}));
  fresh.create();  // Django: create() marks modified; the data access marks accessed
  EXPECT_EQ(of(fresh), (flags{true, true}));

  auto s = store.open(*fresh.session_key());
  s.load();  // Django's load() itself sets neither
  EXPECT_EQ(of(s), (flags{false, false}));
  s.save();  // save() reads the data to write it
  EXPECT_EQ(of(s), (flags{true, false}));
  s.set_modified();
  EXPECT_TRUE(s.modified());
  s.set_modified(false);
  EXPECT_FALSE(s.modified());
}

TEST_P(session_test, IsEmpty) {
  auto store = make_store();
  auto s = store.open();
  EXPECT_TRUE(s.is_empty());
  s.set("a", 1);
  EXPECT_FALSE(s.is_empty());
  s.erase("a");
  EXPECT_TRUE(s.is_empty());
  s.save();
  EXPECT_FALSE(s.is_empty());  // it has a key now
  EXPECT_FALSE(store.open(*s.session_key()).is_empty());
  s.flush();
  EXPECT_TRUE(s.is_empty());
}

}  // namespace
