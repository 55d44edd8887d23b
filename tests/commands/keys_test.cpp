#include "commands/fixture.hpp"

#include <rediscache/commands/keys.hpp>
#include <rediscache/commands/strings.hpp>
#include <rediscache/error.hpp>

#include <chrono>
#include <set>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

class keys : public test::commands_test {
 protected:
  std::chrono::milliseconds pttl_of(const std::string& key) {
    return redis().run(cmd::pttl(key)).remaining();
  }
};

TEST_P(keys, DelUnlinkExists) {
  redis().run(cmd::mset({{"a", "1"}, {"b", "2"}, {"c", "3"}}));
  EXPECT_EQ(run(cmd::exists({"a", "b", "missing", "a"})), 3);
  EXPECT_EQ(run(cmd::del({"a", "missing"})), 1);
  EXPECT_EQ(run(cmd::unlink({"b", "c"})), 2);
  EXPECT_EQ(run(cmd::exists({"a", "b", "c"})), 0);
  EXPECT_EQ(run(cmd::del({"a"})), 0);
}

TEST_P(keys, ExpireWithEveryCondition) {
  EXPECT_FALSE(run(cmd::expire("k", 100s)));  // no such key
  redis().run(cmd::set("k", "v"));
  EXPECT_TRUE(run(cmd::expire("k", 100s)));
  EXPECT_FALSE(run(cmd::expire("k", 50s, cmd::expire_condition::if_no_expiry)));
  EXPECT_GT(pttl_of("k"), 99s);
  EXPECT_TRUE(run(cmd::expire("k", 200s, cmd::expire_condition::if_later)));
  EXPECT_GT(pttl_of("k"), 199s);
  EXPECT_FALSE(run(cmd::expire("k", 100s, cmd::expire_condition::if_later)));
  EXPECT_TRUE(run(cmd::expire("k", 50s, cmd::expire_condition::if_earlier)));
  EXPECT_LE(pttl_of("k"), 50s);
  EXPECT_FALSE(run(cmd::expire("k", 60s, cmd::expire_condition::if_earlier)));
  EXPECT_TRUE(run(cmd::expire("k", 70s, cmd::expire_condition::if_has_expiry)));
  EXPECT_GT(pttl_of("k"), 60s);

  EXPECT_TRUE(run(cmd::persist("k")));
  EXPECT_FALSE(run(cmd::persist("k")));
  EXPECT_FALSE(run(cmd::expire("k", 10s, cmd::expire_condition::if_has_expiry)));
  EXPECT_FALSE(run(cmd::expire("k", 10s, cmd::expire_condition::if_later)));  // never is later
  EXPECT_TRUE(redis().run(cmd::ttl("k")).is_persistent());
  EXPECT_TRUE(run(cmd::expire("k", 10s, cmd::expire_condition::if_earlier)));
  EXPECT_TRUE(redis().run(cmd::persist("k")));
  EXPECT_TRUE(run(cmd::expire("k", 30s, cmd::expire_condition::if_no_expiry)));
  EXPECT_LE(pttl_of("k"), 30s);

  EXPECT_TRUE(run(cmd::pexpire("k", 1500ms)));
  EXPECT_GT(pttl_of("k"), 1000ms);
  EXPECT_LE(pttl_of("k"), 1500ms);
  EXPECT_FALSE(run(cmd::pexpire("k", 5000ms, cmd::expire_condition::if_earlier)));

  EXPECT_TRUE(run(cmd::expire("k", 0s)));  // zero deletes the key, as in Redis
  EXPECT_EQ(redis().run(cmd::exists({"k"})), 0);
}

TEST_P(keys, ExpireAtTimes) {
  redis().run(cmd::set("k", "v"));
  const auto in_an_hour = std::chrono::system_clock::now() + 1h;
  EXPECT_TRUE(run(cmd::expireat("k", in_an_hour)));
  const key_expiry_time at = run(cmd::expiretime("k"));
  ASSERT_TRUE(at.is_expiring());
  EXPECT_EQ(at.when(), std::chrono::ceil<std::chrono::seconds>(in_an_hour));

  const auto in_two_hours = std::chrono::system_clock::now() + 2h;
  EXPECT_TRUE(run(cmd::pexpireat("k", in_two_hours, cmd::expire_condition::if_later)));
  EXPECT_EQ(run(cmd::pexpiretime("k")).when(),
            std::chrono::ceil<std::chrono::milliseconds>(in_two_hours));
  EXPECT_FALSE(run(cmd::expireat("k", in_an_hour, cmd::expire_condition::if_later)));
  EXPECT_TRUE(run(cmd::expireat("k", in_an_hour, cmd::expire_condition::if_earlier)));
  EXPECT_GT(redis().run(cmd::ttl("k")).remaining(), 3590s);

  EXPECT_TRUE(run(cmd::pexpireat("k", std::chrono::system_clock::now() - 1s)));  // past: deleted
  EXPECT_EQ(redis().run(cmd::exists({"k"})), 0);
}

TEST_P(keys, TtlTellsMissingFromPersistent) {
  EXPECT_EQ(run(cmd::ttl("nothing")), key_ttl::missing());
  EXPECT_EQ(run(cmd::pttl("nothing")), key_ttl::missing());
  EXPECT_TRUE(run(cmd::expiretime("nothing")).is_missing());
  EXPECT_TRUE(run(cmd::pexpiretime("nothing")).is_missing());
  redis().run(cmd::set("k", "v"));
  EXPECT_EQ(run(cmd::ttl("k")), key_ttl::persistent());
  EXPECT_EQ(run(cmd::pttl("k")), key_ttl::persistent());
  EXPECT_EQ(run(cmd::expiretime("k")), key_expiry_time::persistent());
  EXPECT_TRUE(run(cmd::pexpiretime("k")).is_persistent());
  redis().run(cmd::set("k", "v", {cmd::expiry::after(42s)}));
  EXPECT_EQ(run(cmd::ttl("k")), key_ttl::expiring(42s));
  const key_ttl precise = run(cmd::pttl("k"));
  ASSERT_TRUE(precise.is_expiring());
  EXPECT_GT(precise.remaining(), 41s);
  EXPECT_LE(precise.remaining(), 42s);
}

TEST_P(keys, TypeRenameAndCopy) {
  redis().run(cmd::set("s", "v"));
  redis().execute("RPUSH", "l", "x");
  redis().execute("HSET", "h", "f", "v");
  EXPECT_EQ(run(cmd::type("s")), "string");
  EXPECT_EQ(run(cmd::type("l")), "list");
  EXPECT_EQ(run(cmd::type("h")), "hash");
  EXPECT_EQ(run(cmd::type("missing")), "none");

  EXPECT_TRUE(run(cmd::rename("s", "s2")));
  EXPECT_EQ(redis().run(cmd::get("s2")), "v");
  EXPECT_THROW(run(cmd::rename("s", "s3")), reply_error);  // no such key
  EXPECT_FALSE(run(cmd::renamenx("s2", "l")));             // l exists: nothing changes
  EXPECT_EQ(run(cmd::type("l")), "list");
  EXPECT_TRUE(run(cmd::renamenx("s2", "s")));

  EXPECT_TRUE(run(cmd::copy("s", "c")));
  EXPECT_FALSE(run(cmd::copy("s", "l")));  // the destination exists
  EXPECT_EQ(run(cmd::type("l")), "list");
  EXPECT_TRUE(run(cmd::copy("s", "l", {cmd::existing_key::replace})));
  EXPECT_EQ(redis().run(cmd::get("l")), "v");
  EXPECT_FALSE(run(cmd::copy("missing", "d")));

  EXPECT_TRUE(run(cmd::copy("h", "h", {cmd::existing_key::keep, 1})));  // into database 1
  EXPECT_FALSE(run(cmd::copy("h", "h", {cmd::existing_key::keep, 1})));
  auto other_db = test::options_of(server());
  other_db.db = 1;
  client db1(std::make_shared<pooled_executor>(other_db));
  EXPECT_EQ(db1.execute<std::string>("HGET", "h", "f"), "v");
}

TEST_P(keys, ObjectEncodingAndIdleTime) {
  redis().run(cmd::set("n", "123"));
  redis().run(cmd::set("s", std::string(100, 'x')));
  EXPECT_EQ(run(cmd::object_encoding("n")), "int");
  EXPECT_EQ(run(cmd::object_encoding("s")), "raw");
  EXPECT_EQ(run(cmd::object_encoding("missing")), std::nullopt);
  const auto idle = run(cmd::object_idletime("n"));
  ASSERT_TRUE(idle.has_value());
  EXPECT_LE(*idle, 2s);
  EXPECT_EQ(run(cmd::object_idletime("missing")), std::nullopt);
}

TEST_P(keys, DumpAndRestore) {
  redis().execute("RPUSH", "l", "a", std::string("b\r\n\0c", 5));
  const std::optional<std::string> payload = run(cmd::dump("l"));
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(run(cmd::dump("missing")), std::nullopt);

  EXPECT_TRUE(run(cmd::restore("copy", *payload)));
  EXPECT_EQ(redis().execute<std::vector<std::string>>("LRANGE", "copy", 0, -1),
            redis().execute<std::vector<std::string>>("LRANGE", "l", 0, -1));
  EXPECT_TRUE(redis().run(cmd::ttl("copy")).is_persistent());
  try {
    run(cmd::restore("copy", *payload));
    FAIL() << "expected BUSYKEY";
  } catch (const reply_error& e) {
    EXPECT_EQ(e.server_code(), "BUSYKEY");
  }
  EXPECT_TRUE(run(cmd::restore("copy", *payload, 10s, {cmd::existing_key::replace})));
  EXPECT_GT(pttl_of("copy"), 9s);
  EXPECT_LE(pttl_of("copy"), 10s);

  const auto in_an_hour = std::chrono::system_clock::now() + 1h;
  EXPECT_TRUE(run(cmd::restore_at("at", *payload, in_an_hour)));
  EXPECT_EQ(redis().run(cmd::pexpiretime("at")).when(),
            std::chrono::ceil<std::chrono::milliseconds>(in_an_hour));
  EXPECT_TRUE(run(cmd::restore_at("past", *payload, std::chrono::system_clock::now() - 1s)));
  EXPECT_EQ(redis().run(cmd::exists({"past"})), 0);  // already expired: nothing created

  cmd::restore_options idle;
  idle.idle_time = 1000s;
  EXPECT_TRUE(run(cmd::restore("idle", *payload, 0ms, idle)));
  EXPECT_GE(redis().run(cmd::object_idletime("idle")), 1000s);

  EXPECT_THROW(run(cmd::restore("bad", "not a dump payload")), reply_error);
  EXPECT_THROW(cmd::restore_at("k", *payload, std::chrono::system_clock::time_point()),
               config_error);
  cmd::restore_options both;
  both.idle_time = 1s;
  both.frequency = 1;
  EXPECT_THROW(cmd::restore("k", *payload, 0ms, both), config_error);
}

TEST_P(keys, RestoreSetsTheLfuFrequency) {
  redis().execute("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
  struct reset_policy {
    client& redis;
    ~reset_policy() { redis.execute("CONFIG", "SET", "maxmemory-policy", "noeviction"); }
  } reset{redis()};
  redis().run(cmd::set("k", "v"));
  const std::string payload = *redis().run(cmd::dump("k"));
  cmd::restore_options hot;
  hot.frequency = 200;
  EXPECT_TRUE(run(cmd::restore("hot", payload, 0ms, hot)));
  EXPECT_EQ(redis().execute<long long>("OBJECT", "FREQ", "hot"), 200);
  EXPECT_THROW(run(cmd::object_idletime("hot")), reply_error);  // LFU keeps no idle time
}

TEST_P(keys, ScanPagesAndRange) {
  std::set<std::string> users;
  for (int i = 0; i < 40; ++i) {
    users.insert("user:" + std::to_string(i));
    redis().run(cmd::set("user:" + std::to_string(i), "x"));
  }
  for (int i = 0; i < 5; ++i) redis().execute("HSET", "hash:" + std::to_string(i), "f", "v");

  std::set<std::string> paged;
  std::string cursor = "0";
  int pages = 0;
  do {
    auto page = run(cmd::scan(cursor, {"user:*", 10}));
    paged.insert(page.items.begin(), page.items.end());
    cursor = page.cursor;
    ++pages;
  } while (cursor != "0");
  EXPECT_EQ(paged, users);
  EXPECT_GT(pages, 1);

  std::set<std::string> hashes;
  for (const auto& key : cmd::scan(redis(), {"", 1000, "hash"})) hashes.insert(key);
  EXPECT_EQ(hashes, (std::set<std::string>{"hash:0", "hash:1", "hash:2", "hash:3", "hash:4"}));

  const auto range = cmd::scan(redis(), {"user:*", 3});
  std::set<std::string> first(range.begin(), range.end());
  std::set<std::string> again(range.begin(), range.end());  // each begin() scans afresh
  EXPECT_EQ(first, users);
  EXPECT_EQ(again, users);
  const auto none = cmd::scan(redis(), {"nobody:*"});
  EXPECT_EQ(none.begin(), none.end());

  // The range keeps its client: this one's pool would be gone otherwise.
  const auto kept = [&] {
    client own = client::from_url("redis://127.0.0.1:" + std::to_string(server().port()));
    return cmd::scan(own, {"user:*"});
  }();
  EXPECT_EQ(std::set<std::string>(kept.begin(), kept.end()), users);
}

REDISCACHE_COMMAND_TESTS(keys);

}  // namespace
