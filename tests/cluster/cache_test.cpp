// The cache facade over a cluster: multi-key calls span slots and nodes, the caller sees one
// result.
#include "cluster/cluster_fixture.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/redis_backend.hpp>

#include <map>
#include <set>

namespace rediscache::test {
namespace {

class cluster_cache : public cluster_test {
 protected:
  void SetUp() override {
    cluster_test::SetUp();
    cache_options options;
    options.key_prefix = "app";
    options.scan_batch = 25;
    store =
        std::make_unique<cache>(std::make_shared<redis_backend>(make_cluster_executor()), options);
  }

  // How many of the stored keys each primary holds, through redis-cli.
  std::size_t primaries_holding_keys() {
    std::size_t holding = 0;
    for (std::size_t p : cluster().primaries()) holding += cluster().command(p, {"DBSIZE"}) != "0";
    return holding;
  }

  std::unique_ptr<cache> store;
};

std::map<std::string, int> numbered(const std::string& prefix, int count) {
  std::map<std::string, int> items;
  for (int i = 0; i < count; ++i) items[prefix + std::to_string(i)] = i;
  return items;
}

TEST_F(cluster_cache, SetGetAndCountersWork) {
  EXPECT_TRUE(store->set("greeting", std::string("hello")));
  EXPECT_EQ(store->get<std::string>("greeting"), "hello");
  EXPECT_TRUE(store->add("fresh", 1));
  EXPECT_FALSE(store->add("fresh", 2));
  EXPECT_EQ(store->incr("fresh", 41), 42);
  EXPECT_EQ(store->decr("fresh", 2), 40);
  EXPECT_THROW(store->incr("missing"), key_not_found_error);
  EXPECT_TRUE(store->has_key("greeting"));
  EXPECT_TRUE(store->remove("greeting"));
  EXPECT_FALSE(store->get<std::string>("greeting"));
  EXPECT_TRUE(store->touch("fresh", std::chrono::seconds(100)));
  EXPECT_GT(store->ttl("fresh").remaining(), std::chrono::seconds(90));
}

TEST_F(cluster_cache, ManyKeysAcrossSlotsReadWriteAndRemoveAsOne) {
  const auto items = numbered("item:", 100);
  EXPECT_TRUE(store->set_many(items).empty());
  EXPECT_EQ(primaries_holding_keys(), 3u);
  std::vector<std::string> names;
  for (const auto& [name, value] : items) names.push_back(name);
  names.push_back("item:absent");
  const auto found = store->get_many<int>(names);
  EXPECT_EQ(found, items);
  EXPECT_EQ(store->remove_many({"item:1", "item:2", "item:3", "item:absent"}), 3u);
  EXPECT_EQ(store->get_many<int>(names).size(), 97u);
}

TEST_F(cluster_cache, KeysIterKeysAndDeletePatternCoverEveryPrimary) {
  EXPECT_TRUE(store->set_many(numbered("user:", 120)).empty());
  EXPECT_TRUE(store->set_many(numbered("order:", 30)).empty());
  const auto users = store->keys("user:*");
  EXPECT_EQ(users.size(), 120u);
  EXPECT_EQ(std::set<std::string>(users.begin(), users.end()).count("user:119"), 1u);
  std::set<std::string> iterated;
  for (const auto& k : store->iter_keys("order:*")) iterated.insert(k);
  EXPECT_EQ(iterated.size(), 30u);
  EXPECT_EQ(iterated.count("order:7"), 1u);
  EXPECT_EQ(store->delete_pattern("user:*"), 120u);
  EXPECT_TRUE(store->keys("user:*").empty());
  EXPECT_EQ(store->keys("*").size(), 30u);
}

TEST_F(cluster_cache, ClearEmptiesEveryPrimary) {
  EXPECT_TRUE(store->set_many(numbered("c:", 60)).empty());
  EXPECT_EQ(primaries_holding_keys(), 3u);
  store->clear();
  EXPECT_EQ(primaries_holding_keys(), 0u);
}

TEST_F(cluster_cache, VersionMovesWorkAcrossSlots) {
  // The two versions of an untagged key are in two slots, which no script can touch together:
  // the value moves in steps, with its expiry.
  store->set("plain", 1, std::chrono::seconds(100));
  ASSERT_NE(cluster().key_slot(":1:plain"), cluster().key_slot(":2:plain"));
  EXPECT_EQ(store->incr_version("plain"), 2);
  EXPECT_FALSE(store->get<int>("plain"));
  EXPECT_EQ(store->get<int>("plain", key_version(2)), 1);
  EXPECT_GT(store->pttl("plain", key_version(2)).remaining(), std::chrono::seconds(99));
  EXPECT_THROW(store->incr_version("missing"), key_not_found_error);
  // A hash tag keeps both versions in one slot: one script, as on one server.
  store->set("{plain}", 2);
  EXPECT_EQ(store->incr_version("{plain}"), 2);
  EXPECT_EQ(store->get<int>("{plain}", key_version(2)), 2);
}

}  // namespace
}  // namespace rediscache::test
