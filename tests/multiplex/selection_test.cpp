// Choosing the multiplexed executor per alias: in code, in a URL and in the CACHES JSON OPTIONS.
#include "multiplex/multiplex_fixture.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/cache_registry.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>
#include <rediscache/sharded_executor.hpp>
#include <rediscache/url.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace rediscache::test {
namespace {

std::string url_of(const redis_server& server) {
  return "redis://" + server.host() + ":" + std::to_string(server.port()) + "/0";
}

bool is_multiplexed(const cache& c) {
  return dynamic_cast<multiplexed_executor*>(executor_of(c, "test").get()) != nullptr;
}

TEST(MultiplexSelection, UrlOptionChoosesTheExecutor) {
  EXPECT_EQ(parse_url("redis://h/0?executor=multiplexed").executor, executor_kind::multiplexed);
  EXPECT_EQ(parse_url("redis://h/0?executor=pooled").executor, executor_kind::pooled);
  EXPECT_EQ(parse_url("redis://h/0").executor, executor_kind::pooled);
  try {
    parse_url("redis://h/0?executor=threaded");
    FAIL() << "expected config_error";
  } catch (const config_error& e) {
    EXPECT_NE(std::string(e.what()).find("pooled or multiplexed"), std::string::npos) << e.what();
  }
}

TEST(MultiplexSelection, JsonOptionChoosesTheExecutor) {
  auto entry = nlohmann::json::parse(R"({"BACKEND": "django_redis.cache.RedisCache",
      "LOCATION": "redis://127.0.0.1:6379/0", "OPTIONS": {"EXECUTOR": "multiplexed"}})");
  EXPECT_EQ(settings_from_json("default", entry).connection.executor, executor_kind::multiplexed);
  entry["OPTIONS"]["EXECUTOR"] = "fast";
  EXPECT_THROW(settings_from_json("default", entry), config_error);
  entry["OPTIONS"]["EXECUTOR"] = 1;
  EXPECT_THROW(settings_from_json("default", entry), config_error);
}

class MultiplexSelectionOnServer : public multiplex_test {};

TEST_F(MultiplexSelectionOnServer, CacheFromUrlRunsOnAMultiplexedExecutor) {
  cache c = cache::from_url(url_of(*server_) + "?executor=multiplexed");
  EXPECT_TRUE(is_multiplexed(c));
  c.set("k", std::string("v"));
  EXPECT_EQ(c.get<std::string>("k"), "v");
  EXPECT_FALSE(is_multiplexed(cache::from_url(url_of(*server_))));
}

TEST_F(MultiplexSelectionOnServer, RegistryAliasesFromJsonAndCode) {
  auto caches = nlohmann::json::parse(R"({"default": {"BACKEND": "django_redis.cache.RedisCache",
      "LOCATION": ")" + url_of(*server_) + R"(", "OPTIONS": {"EXECUTOR": "multiplexed"}},
      "pooled": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": ")" +
                                      url_of(*server_) + R"("}})");
  auto registry = cache_registry::from_json(caches);
  EXPECT_TRUE(is_multiplexed(registry.get("default")));
  EXPECT_FALSE(is_multiplexed(registry.get("pooled")));  // same server, other executor

  cache_settings s;
  s.location = url_of(*server_);
  s.connection.executor = executor_kind::multiplexed;
  cache from_code = registry.add("code", s);
  EXPECT_TRUE(is_multiplexed(from_code));
  from_code.set("shared", 7);
  EXPECT_EQ(registry.get("pooled").get<int>("shared"), 7);
}

TEST_F(MultiplexSelectionOnServer, ShardsOfAShardedDeploymentCanBeMultiplexed) {
  redis_server second;
  client_options a = parse_url(url_of(*server_) + "?executor=multiplexed");
  client_options b = parse_url(url_of(second) + "?executor=multiplexed");
  auto exec = std::make_shared<sharded_executor>(
      std::vector<sharded_executor::shard>{{url_of(*server_), a}, {url_of(second), b}});
  for (int i = 0; i < 20; ++i) exec->run(command{"SET", "key" + std::to_string(i), std::to_string(i)});
  EXPECT_EQ(exec->run(command{"DBSIZE"}).integer(), 20);
  EXPECT_GT(std::stoll(second.command({"DBSIZE"})), 0);
  EXPECT_EQ(exec->run(command{"GET", "key7"}).str(), "7");
  exec->close();
}

TEST_F(MultiplexSelectionOnServer, TopologiesWithPerNodePoolsRefuseIt) {
  cache_settings s;
  s.location = url_of(*server_) + "?executor=multiplexed";
  s.topology.kind = topology_kind::replicas;
  cache_registry registry;
  EXPECT_THROW(registry.add("replicated", s), config_error);
}

}  // namespace
}  // namespace rediscache::test
