#include "cache/cache_fixture.hpp"

#include <algorithm>
#include <set>

using namespace rediscache;
using rediscache::test::cache_test;

namespace {

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_P(cache_test, KeysReturnsUserKeysForThePattern) {
  auto c = make_cache();
  c.set("user:1", 1);
  c.set("user:2", 2);
  c.set("order:1", 3);
  c.set("user:3", 3, {}, set_mode::always, key_version(2));
  EXPECT_EQ(sorted(c.keys("user:*")), (std::vector<std::string>{"user:1", "user:2"}));
  EXPECT_EQ(sorted(c.keys("*")), (std::vector<std::string>{"order:1", "user:1", "user:2"}));
  EXPECT_EQ(c.keys("user:3", key_version(2)), std::vector<std::string>{"user:3"});
  EXPECT_TRUE(c.keys("nothing*").empty());
}

TEST_P(cache_test, IterKeysIsLazyAndComplete) {
  auto c = make_cache();
  std::map<std::string, int> items;
  for (int i = 0; i < 250; ++i) items["item:" + std::to_string(i)] = i;
  c.set_many(items);
  c.set("other", 1);
  std::set<std::string> seen;
  for (const auto& key : c.iter_keys("item:*", {}, 10)) seen.insert(key);
  EXPECT_EQ(seen.size(), 250u);
  EXPECT_TRUE(seen.count("item:249"));
  auto range = c.iter_keys("item:1?", {}, 5);
  EXPECT_EQ(std::distance(range.begin(), range.end()), 10);
  auto empty = c.iter_keys("absent*");
  EXPECT_TRUE(empty.begin() == empty.end());
}

TEST_P(cache_test, DeletePatternCountsAndSparesOthers) {
  auto c = make_cache();
  std::map<std::string, int> items;
  for (int i = 0; i < 120; ++i) items["tmp:" + std::to_string(i)] = i;
  c.set_many(items);
  c.set("keep", 1);
  EXPECT_EQ(c.delete_pattern("tmp:*", {}, 25), 120u);
  EXPECT_TRUE(c.keys("tmp:*").empty());
  EXPECT_TRUE(c.has_key("keep"));
  EXPECT_EQ(c.delete_pattern("tmp:*"), 0u);
}

TEST_P(cache_test, GlobCharactersInPrefixAreEscaped) {
  cache_options star;
  star.key_prefix = "a*";
  cache_options plain;
  plain.key_prefix = "ab";
  auto starred = make_cache(star);
  auto other = make_cache(plain);
  starred.set("k", 1);
  other.set("k", 2);
  EXPECT_EQ(starred.keys("*"), std::vector<std::string>{"k"});
  EXPECT_EQ(starred.delete_pattern("*"), 1u);
  EXPECT_EQ(other.get<int>("k"), 2);
}

TEST_P(cache_test, PrefixWithColonsReversesCorrectly) {
  cache_options o;
  o.key_prefix = "svc:eu:1";
  auto c = make_cache(o);
  c.set("a:b", 1);
  EXPECT_EQ(c.keys("*"), std::vector<std::string>{"a:b"});
}

}  // namespace
