// Key making and timeout resolution, on the in-process backend: no server needed.
#include <rediscache/cache.hpp>
#include <rediscache/cache_timeout.hpp>
#include <rediscache/error.hpp>
#include <rediscache/key_ttl.hpp>
#include <rediscache/memory_backend.hpp>

#include <gtest/gtest.h>

#include <cmath>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

cache memory_cache(cache_options o = {}) {
  return cache(std::make_shared<memory_backend>(), std::move(o));
}

TEST(CacheKeys, DefaultLayoutIsPrefixVersionKey) {
  EXPECT_EQ(memory_cache().make_key("foo"), ":1:foo");
  cache_options o;
  o.key_prefix = "myapp";
  o.version = 3;
  auto c = memory_cache(o);
  EXPECT_EQ(c.make_key("k"), "myapp:3:k");
  EXPECT_EQ(c.make_key("k", key_version(7)), "myapp:7:k");
  EXPECT_EQ(c.make_key("key with spaces"), "myapp:3:key with spaces");
  EXPECT_EQ(c.make_key(std::string("a\0b", 3)), std::string("myapp:3:a\0b", 11));
  EXPECT_EQ(c.make_key("k", key_version(-1)), "myapp:-1:k");
}

TEST(CacheKeys, CustomKeyFunctionReceivesPrefixAndVersion) {
  cache_options o;
  o.key_prefix = "p";
  o.make_key = [](std::string_view key, std::string_view prefix, int version) {
    return std::string(key) + "@" + std::string(prefix) + "/" + std::to_string(version);
  };
  EXPECT_EQ(memory_cache(o).make_key("k", key_version(2)), "k@p/2");
}

TEST(CacheKeys, CustomLayoutWithoutReverseUsesDjangoRedisRule) {
  cache_options o;
  o.make_key = [](std::string_view key, std::string_view prefix, int version) {
    return std::string(prefix) + ":" + std::to_string(version) + ":" + std::string(key);
  };
  auto c = memory_cache(o);
  c.set("a:b", 1);
  EXPECT_EQ(c.keys("*"), std::vector<std::string>{"a:b"});
}

TEST(CacheTimeout, ThreeKinds) {
  cache_timeout def;
  EXPECT_TRUE(def.is_default());
  EXPECT_TRUE(cache_timeout::forever().is_forever());
  cache_timeout d = 1500ms;
  EXPECT_TRUE(d.is_duration());
  EXPECT_EQ(d.duration(), 1500ms);
  EXPECT_EQ(cache_timeout(std::chrono::minutes(2)).duration(), 120000ms);
  EXPECT_EQ(cache_timeout(std::chrono::microseconds(2500)).duration(), 3ms);  // rounded up
}

TEST(CacheTimeout, EveryDurationConvertsWithoutOverflow) {
  EXPECT_TRUE(cache_timeout(std::chrono::hours::max()).is_forever());
  EXPECT_TRUE(cache_timeout(std::chrono::nanoseconds::max()).is_forever());
  EXPECT_TRUE(cache_timeout(std::chrono::duration<double>(1e300)).is_forever());
  EXPECT_TRUE(cache_timeout(cache_timeout::longest + 1ms).is_forever());
  EXPECT_EQ(cache_timeout(cache_timeout::longest).duration(), cache_timeout::longest);
  EXPECT_TRUE(cache_timeout(std::chrono::hours::min()).expires_immediately());
  EXPECT_EQ(cache_timeout(std::chrono::hours::min()).duration(), -cache_timeout::longest);
  EXPECT_EQ(cache_timeout(std::chrono::nanoseconds(1)).duration(), 1ms);
  EXPECT_EQ(cache_timeout(std::chrono::duration<double>(0.0001)).duration(), 1ms);
  EXPECT_TRUE(cache_timeout(std::chrono::nanoseconds(-1)).expires_immediately());
  EXPECT_THROW(cache_timeout(std::chrono::duration<double>(std::nan(""))), config_error);
}

TEST(CacheTimeout, DefaultResolvesToFallbackOnly) {
  cache_timeout fallback = 300s;
  EXPECT_EQ(cache_timeout().or_default(fallback), fallback);
  EXPECT_EQ(cache_timeout(5s).or_default(fallback), cache_timeout(5s));
  EXPECT_TRUE(cache_timeout::forever().or_default(fallback).is_forever());
}

TEST(CacheTimeout, ZeroAndNegativeExpireImmediately) {
  EXPECT_TRUE(cache_timeout(0s).expires_immediately());
  EXPECT_TRUE(cache_timeout(-5s).expires_immediately());
  EXPECT_FALSE(cache_timeout(1ms).expires_immediately());
  EXPECT_FALSE(cache_timeout::forever().expires_immediately());
  EXPECT_FALSE(cache_timeout().expires_immediately());
}

TEST(CacheTimeout, AliasDefaultMustBeConcrete) {
  cache_options o;
  o.default_timeout = cache_timeout::use_default();
  EXPECT_THROW(memory_cache(o), config_error);
}

TEST(CacheTimeout, ZeroAliasDefaultMeansNothingIsStored) {
  cache_options o;
  o.default_timeout = 0s;  // Django: TIMEOUT 0 caches nothing
  auto c = memory_cache(o);
  EXPECT_FALSE(c.set("k", 1));
  EXPECT_FALSE(c.has_key("k"));
  EXPECT_TRUE(c.set("k", 1, 10s));
}

TEST(KeyTtl, States) {
  EXPECT_TRUE(key_ttl::missing().is_missing());
  EXPECT_FALSE(key_ttl::missing().exists());
  EXPECT_TRUE(key_ttl::persistent().exists());
  EXPECT_EQ(key_ttl::persistent().remaining(), 0ms);
  EXPECT_EQ(key_ttl::expiring(250ms).remaining(), 250ms);
  EXPECT_FALSE(key_ttl::expiring(0ms) == key_ttl::persistent());
}

TEST(MemoryUrl, Parsing) {
  EXPECT_NO_THROW(cache::from_url("memory://"));
  EXPECT_NO_THROW(cache::from_url("MEMORY://?max_entries=5"));
  EXPECT_THROW(cache::from_url("memory://host"), config_error);
  EXPECT_THROW(cache::from_url("memory://?max_entries=abc"), config_error);
  EXPECT_THROW(cache::from_url("memory://?size=5"), config_error);
}

}  // namespace
