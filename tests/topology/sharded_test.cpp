// Independent servers with keys placed as django-redis' ShardClient places them: the same key on
// the same server from C++ and from Python, multi-key commands split per shard, keyless commands
// over every shard, and cross-shard transactions refused before anything is sent.
#include "examples/run_example.hpp"
#include "support/redis_server.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/cache_registry.hpp>
#include <rediscache/error.hpp>
#include <rediscache/sharded_executor.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <set>

using namespace rediscache;
using nlohmann::json;
using rediscache::test::redis_server;

namespace {

class sharded : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (auto& s : servers_) s = std::make_unique<redis_server>();
  }
  static void TearDownTestSuite() {
    for (auto& s : servers_) s.reset();
  }
  void SetUp() override {
    for (auto& s : servers_) s->command({"FLUSHALL"});
    registry_ = cache_registry::from_json(
        json{{"default",
              {{"LOCATION", urls()},
               {"OPTIONS", {{"CLIENT_CLASS", "django_redis.client.ShardClient"}}}}}});
  }

  static std::vector<std::string> urls() {
    return {test::url_of(*servers_[0]), test::url_of(*servers_[1])};
  }
  sharded_executor& exec() {
    return dynamic_cast<sharded_executor&>(registry_.client("default").commands());
  }
  static long long size_of(const redis_server& s) { return std::stoll(s.command({"DBSIZE"})); }
  static bool holds(const redis_server& s, const std::string& key) {
    return s.command({"EXISTS", key}) == "1";
  }

  static std::unique_ptr<redis_server> servers_[2];
  cache_registry registry_;
};

std::unique_ptr<redis_server> sharded::servers_[2];

TEST_F(sharded, KeysSpreadOverTheShardsAndAreFoundAgain) {
  auto c = registry_.default_cache();
  for (int i = 0; i < 100; ++i) c.set("k" + std::to_string(i), i);
  EXPECT_EQ(size_of(*servers_[0]) + size_of(*servers_[1]), 100);
  EXPECT_GT(size_of(*servers_[0]), 20);
  EXPECT_GT(size_of(*servers_[1]), 20);
  for (int i = 0; i < 100; ++i) {
    const std::string stored = ":1:k" + std::to_string(i);
    EXPECT_TRUE(holds(*servers_[exec().shard_of(stored)], stored)) << stored;
    EXPECT_EQ(c.get<int>("k" + std::to_string(i)), i);
  }
}

TEST_F(sharded, TheLastHashTagPicksTheShard) {
  // ShardClient's regex .*\{(.*)\}.* is greedy: the last {...} counts, unlike Redis Cluster.
  EXPECT_EQ(exec().shard_of("a{x}b{tag}"), exec().shard_of("{tag}"));
  EXPECT_EQ(exec().shard_of(":1:user:{7}:name"), exec().shard_of(":1:user:{7}:mail"));
  EXPECT_EQ(exec().shard_of(":1:user:{7}:name"), exec().shard_of("7"));
  std::set<std::size_t> firsts;
  for (int i = 0; i < 20; ++i) firsts.insert(exec().shard_of("{" + std::to_string(i) + "}x{same}"));
  EXPECT_EQ(firsts.size(), 1u);
}

TEST_F(sharded, MultiKeyCallsAreSplitPerShard) {
  auto c = registry_.default_cache();
  std::map<std::string, int> items;
  for (int i = 0; i < 30; ++i) items["m" + std::to_string(i)] = i;
  EXPECT_TRUE(c.set_many(items).empty());
  std::vector<std::string> names;
  for (const auto& [k, v] : items) names.push_back(k);
  names.push_back("missing");
  const auto found = c.get_many<int>(names);
  EXPECT_EQ(found.size(), 30u);
  EXPECT_EQ(found.at("m17"), 17);
  EXPECT_EQ(c.remove_many({"m1", "m2", "m3", "missing"}), 3u);
  EXPECT_EQ(size_of(*servers_[0]) + size_of(*servers_[1]), 27);
  c.set("counter", 1);
  EXPECT_EQ(c.incr("counter", 5), 6);
}

TEST_F(sharded, KeysScanAndClearCoverEveryShard) {
  auto c = registry_.default_cache();
  for (int i = 0; i < 250; ++i) c.set("s" + std::to_string(i), i);
  c.set("other", 1);
  EXPECT_EQ(c.keys("s*").size(), 250u);
  std::size_t iterated = 0;
  for (const auto& key : c.iter_keys("s1*", {}, 10)) {
    EXPECT_EQ(key.rfind("s1", 0), 0u) << key;
    ++iterated;
  }
  EXPECT_EQ(iterated, 111u);  // s1, s10-s19, s100-s199
  EXPECT_EQ(c.delete_pattern("s*"), 250u);
  EXPECT_EQ(size_of(*servers_[0]) + size_of(*servers_[1]), 1);
  EXPECT_EQ(exec().run(command{"DBSIZE"}).integer(), 1);
  c.clear();
  EXPECT_EQ(size_of(*servers_[0]) + size_of(*servers_[1]), 0);
}

TEST_F(sharded, CrossShardTransactionsAreRefusedBeforeSending) {
  std::string a = "t0";
  std::string b;
  for (int i = 1; b.empty(); ++i) {
    const std::string candidate = "t" + std::to_string(i);
    if (exec().shard_of(candidate) != exec().shard_of(a)) b = candidate;
  }
  EXPECT_THROW(exec().run_transaction({command{"SET", a, "1"}, command{"SET", b, "1"}}),
               cross_shard_error);
  EXPECT_THROW(exec().run(command{"RENAME", a, b}), cross_shard_error);
  EXPECT_EQ(size_of(*servers_[0]) + size_of(*servers_[1]), 0);  // nothing was sent
  auto t = exec().run_transaction({command{"SET", "{g}1", "1"}, command{"INCR", "x{g}"}});
  EXPECT_EQ(t.replies.size(), 2u);
  EXPECT_TRUE(holds(*servers_[exec().shard_of("g")], "x{g}"));
}

class sharded_django : public sharded {
 protected:
  void SetUp() override {
    if (std::system("/usr/bin/python3 -c 'import django, django_redis' >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "python3-django and python3-django-redis are not installed";
    }
    sharded::SetUp();
  }
  static test::run_result python(const std::string& action,
                                 const std::vector<std::string>& keys = {}) {
    std::string line = std::string("/usr/bin/python3 ") + PYTHON_DIR + "/django_shards.py " + action;
    for (const auto& url : urls()) line += " " + url;
    line += " --";
    for (const auto& key : keys) line += " '" + key + "'";
    return test::run(line);
  }
};

TEST_F(sharded_django, EveryKeyIsPlacedWhereShardClientPlacesIt) {
  std::vector<std::string> keys;
  for (int i = 0; i < 200; ++i) keys.push_back(":1:key" + std::to_string(i));
  for (const char* k : {":1:user:{42}:name", ":1:a{b}c{d}e", ":1:{only}", ":1:{}", ":1:}{",
                        ":1:x{y", ":1:h\xc3\xa9llo"}) {
    keys.push_back(k);
  }
  const auto r = python("place", keys);
  ASSERT_EQ(r.status, 0) << r.output;
  const auto placed = json::parse(r.output);
  const auto names = exec().shard_names();
  std::set<std::size_t> used;
  for (const auto& key : keys) {
    const std::size_t shard = exec().shard_of(key);
    used.insert(shard);
    EXPECT_EQ(placed.at(key).get<std::string>(), names[shard]) << key;
  }
  EXPECT_EQ(used.size(), 2u);
}

TEST_F(sharded_django, DjangoReadsWhatCppWroteAndBack) {
  auto c = registry_.default_cache();
  std::vector<std::string> made;
  for (int i = 0; i < 40; ++i) {
    c.set("cpp:" + std::to_string(i), json{{"n", i}});
    made.push_back("cpp:" + std::to_string(i));
  }
  c.set("user:{7}:city", std::string("Lyon"));
  made.push_back("user:{7}:city");
  auto r = python("read", made);
  ASSERT_EQ(r.status, 0) << r.output;
  const auto seen = json::parse(r.output);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(seen.at("cpp:" + std::to_string(i)), (json{{"n", i}}));
  EXPECT_EQ(seen.at("user:{7}:city"), "Lyon");

  r = python("write");
  ASSERT_EQ(r.status, 0) << r.output;
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(c.get<json>("py:" + std::to_string(i)), (json{{"n", i}, {"text", "from python"}}));
  }
  EXPECT_EQ(c.get<std::string>("user:{7}:name"), "seven");
  EXPECT_EQ(c.get_many<std::string>({"user:{7}:name", "user:{7}:mail"}).size(), 2u);
  EXPECT_GT(size_of(*servers_[0]), 10);
  EXPECT_GT(size_of(*servers_[1]), 10);
}

}  // namespace
