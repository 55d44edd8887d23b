// get_many and set_many build their commands straight from the user's keys: a key costs about
// one allocation (the fetched value) instead of five.
#include "alloc/counting_new.hpp"
#include "nearcache/shared_server.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace rediscache::test {
namespace {

constexpr std::size_t batch = 100;

// Long enough that neither the user's key nor the stored one fits a short-string buffer.
std::vector<std::string> long_keys() {
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < batch; ++i) keys.push_back("user:profile:" + std::to_string(100000 + i));
  return keys;
}

std::map<std::string, std::string> items_of(const std::vector<std::string>& keys) {
  std::map<std::string, std::string> items;
  for (const auto& k : keys) items[k] = std::string(100, 'v') + k;
  return items;
}

// Allocations per key of the median of several runs of work (a pool warm-up or a reconnect
// must not decide the result).
template <class Work>
double allocations_per_key(Work&& work) {
  std::vector<std::size_t> counts;
  for (int run = 0; run < 5; ++run) {
    const std::size_t before = allocation_count();
    work();
    counts.push_back(allocation_count() - before);
  }
  std::sort(counts.begin(), counts.end());
  const double per_key = static_cast<double>(counts[counts.size() / 2]) / batch;
  ::testing::Test::RecordProperty("allocations_per_key", std::to_string(per_key));
  return per_key;
}

TEST(ManyAllocations, GetManyVectorCostsOneAllocationPerKey) {
  cache c = fresh_cache();
  const auto keys = long_keys();
  const auto items = items_of(keys);
  ASSERT_TRUE(c.set_many(items).empty());
  std::vector<std::optional<std::string>> found;
  const double per_key = allocations_per_key([&] { found = c.get_many_vector<std::string>(keys); });
  ASSERT_EQ(found.size(), batch);
  for (std::size_t i = 0; i < batch; ++i) EXPECT_EQ(found[i], items.at(keys[i]));
  // The value's own buffer, plus a share of the few per-call buffers.
  EXPECT_LE(per_key, 1.2);
}

TEST(ManyAllocations, GetManyMapAddsOnlyItsNodesAndKeys) {
  cache c = fresh_cache();
  const auto keys = long_keys();
  const auto items = items_of(keys);
  ASSERT_TRUE(c.set_many(items).empty());
  std::map<std::string, std::string> found;
  const double per_key = allocations_per_key([&] { found = c.get_many<std::string>(keys); });
  EXPECT_EQ(found, items);
  // Value, map node and the node's copy of the key.
  EXPECT_LE(per_key, 3.2);
}

TEST(ManyAllocations, SetManyCostsTheEncodedValueAndTheCommand) {
  cache c = fresh_cache();
  const auto keys = long_keys();
  const auto items = items_of(keys);
  std::vector<std::string> refused;
  const double per_key = allocations_per_key([&] { refused = c.set_many(items); });
  EXPECT_TRUE(refused.empty());
  EXPECT_EQ(c.get<std::string>(keys.back()), items.at(keys.back()));
  EXPECT_LE(per_key, 2.2);
}

// A local hit makes no key and copies nothing but the value itself: no allocation at all for a
// value that fits a short-string buffer, one (the returned string) for a longer one.
TEST(ManyAllocations, ANearCacheHitAllocatesOnlyTheReturnedValue) {
  cache_options o;
  o.near_cache.enabled = true;
  const std::string key = "user:profile:100042";  // longer than a short-string buffer
  const std::string long_value(100, 'x');
  {
    // Written before the cache tracks, so no invalidation of these writes can come later.
    pooled_executor other(options_of(shared_server()));
    other.run(command{"FLUSHDB"});
    other.run(command{"SET", ":1:" + key, "\"short\""});
    other.run(command{"SET", ":1:long", "\"" + long_value + "\""});
  }
  cache c = fresh_cache(o, 4, false);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (c.near_stats().local_hits < 2 && std::chrono::steady_clock::now() < deadline) {
    c.get<std::string>(key);
    c.get<std::string>("long");
  }
  ASSERT_GE(c.near_stats().local_hits, 2u);
  const auto hits = c.near_stats().local_hits;
  std::size_t before = allocation_count();
  for (int i = 0; i < 100; ++i) EXPECT_EQ(c.get<std::string>(key), "short");
  EXPECT_EQ(allocation_count() - before, 0u);
  before = allocation_count();
  for (int i = 0; i < 100; ++i) EXPECT_EQ(c.get<std::string>("long"), long_value);
  EXPECT_EQ(allocation_count() - before, 100u);
  EXPECT_EQ(c.near_stats().local_hits, hits + 200);
}

}  // namespace
}  // namespace rediscache::test
