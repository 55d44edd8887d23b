// get_many_vector and the direct MGET / SET pipeline: the caller's order, prefixes, versions,
// custom key functions, expiry, and the memory backend answering the same.
#include "nearcache/shared_server.hpp"

#include <rediscache/memory_backend.hpp>

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace rediscache::test {
namespace {

using namespace std::chrono_literals;

TEST(GetManyVector, AnswersInTheCallersOrderWithGapsForMisses) {
  cache c = fresh_cache();
  c.set("b", std::string("beta"));
  c.set("a", std::string("alpha"));
  auto found = c.get_many_vector<std::string>({"a", "missing", "b", "a"});
  std::vector<std::optional<std::string>> expected{"alpha", std::nullopt, "beta", "alpha"};
  EXPECT_EQ(found, expected);
  EXPECT_TRUE(c.get_many_vector<std::string>({}).empty());
  EXPECT_EQ(c.stats().hits, 3u);
  EXPECT_EQ(c.stats().misses, 1u);
}

TEST(GetManyVector, DecodesEveryValueType) {
  cache c = fresh_cache();
  c.set("n", 42);
  c.set("list", std::vector<int>{1, 2, 3});
  auto numbers = c.get_many_vector<int>({"n", "none"});
  ASSERT_EQ(numbers.size(), 2u);
  EXPECT_EQ(numbers[0], 42);
  EXPECT_FALSE(numbers[1]);
  auto lists = c.get_many_vector<std::vector<int>>({"list"});
  EXPECT_EQ(lists.at(0), (std::vector<int>{1, 2, 3}));
  EXPECT_THROW(c.get_many_vector<int>({"list"}), codec_error);
}

TEST(GetManyVector, ReadsThroughThePrefixVersionAndCompression) {
  cache_options o;
  o.key_prefix = "shop";
  o.version = 7;
  o.compression.kind = compressor_kind::zlib;
  o.compression.min_bytes = 10;
  cache c = fresh_cache(o);
  const std::string big(500, 'z');
  c.set_many(std::map<std::string, std::string>{{"k1", big}, {"k2", "small"}});
  c.set("k3", std::string("old"), {}, set_mode::always, key_version(6));
  EXPECT_EQ(executor_of(c, "test")->run(command{"EXISTS", "shop:7:k1"}).integer(), 1);
  auto found = c.get_many_vector<std::string>({"k1", "k2", "k3"});
  EXPECT_EQ(found[0], big);
  EXPECT_EQ(found[1], "small");
  EXPECT_FALSE(found[2]);
  EXPECT_EQ(c.get_many_vector<std::string>({"k3"}, key_version(6)).at(0), "old");
}

TEST(GetManyVector, UsesACustomKeyFunction) {
  cache_options o;
  o.make_key = [](std::string_view key, std::string_view, std::int64_t) {
    return "custom/" + std::string(key);
  };
  cache c = fresh_cache(o);
  EXPECT_TRUE(c.set_many(std::map<std::string, int>{{"x", 1}, {"y", 2}}).empty());
  EXPECT_EQ(executor_of(c, "test")->run(command{"GET", "custom/y"}).str(), "2");
  auto found = c.get_many_vector<int>({"y", "x"});
  EXPECT_EQ(found[0], 2);
  EXPECT_EQ(found[1], 1);
}

TEST(GetManyVector, TheMemoryBackendAnswersTheSame) {
  cache c(std::make_shared<memory_backend>());
  c.set_many(std::map<std::string, std::string>{{"a", "1"}, {"c", "3"}});
  auto found = c.get_many_vector<std::string>({"c", "b", "a"});
  std::vector<std::optional<std::string>> expected{"3", std::nullopt, "1"};
  EXPECT_EQ(found, expected);
}

TEST(SetMany, StoresEveryPairWithTheExpiry) {
  cache c = fresh_cache();
  std::vector<std::pair<std::string, std::string>> items{{"p", "1"}, {"q", "2"}};
  EXPECT_TRUE(c.set_many(items, 100s).empty());
  EXPECT_EQ(c.stats().sets, 2u);
  auto left = c.pttl("q");
  ASSERT_TRUE(left.is_expiring());
  EXPECT_GT(left.remaining(), 90s);
  EXPECT_LE(left.remaining(), 100s);
  EXPECT_TRUE(c.set_many(items, cache_timeout::forever()).empty());
  EXPECT_TRUE(c.pttl("p").is_persistent());
  // Zero deletes, as in Django.
  EXPECT_TRUE(c.set_many(items, 0s).empty());
  EXPECT_FALSE(c.has_key("p"));
  EXPECT_EQ(c.stats().sets, 4u);
}

TEST(SetMany, AnIgnoredFailureReportsEveryKeyAsNotStored) {
  redis_server doomed;
  cache_options o;
  o.ignore_exceptions = true;
  connection_options conn = options_of(doomed);
  conn.connect_timeout = 200ms;
  auto exec = std::make_shared<pooled_executor>(conn);
  cache c(std::make_shared<redis_backend>(exec), o);
  doomed.kill();
  auto refused = c.set_many(std::map<std::string, int>{{"a", 1}, {"b", 2}});
  EXPECT_EQ(refused, (std::vector<std::string>{"a", "b"}));
  auto found = c.get_many_vector<int>({"a", "b"});
  EXPECT_EQ(found, (std::vector<std::optional<int>>(2)));
}

}  // namespace
}  // namespace rediscache::test
