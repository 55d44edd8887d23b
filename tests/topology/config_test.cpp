// Topology settings from code, URLs and the CACHES JSON file, through cache_registry and
// cache::from_url: what a valid setting builds (against real servers) and what an invalid one
// says.
#include "topology/replication_group.hpp"

#include <rediscache/cache_registry.hpp>
#include <rediscache/cluster_executor.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>
#include <rediscache/replicated_executor.hpp>
#include <rediscache/sharded_executor.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace rediscache;
using nlohmann::json;
using rediscache::test::calls;
using rediscache::test::redis_server;
using rediscache::test::replication_group;

namespace {

class topology_config : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { group_ = std::make_unique<replication_group>(2); }
  static void TearDownTestSuite() { group_.reset(); }
  void SetUp() override {
    group_->primary().command({"FLUSHALL"});
    group_->wait_synced();
    group_->reset_stats();
  }

  static std::string url(const redis_server& s) { return group_->url(s); }
  static std::string primary_url() { return url(group_->primary()); }
  static json location_list() {
    return {primary_url(), url(group_->replica(0)), url(group_->replica(1))};
  }
  static std::string address(const redis_server& s) {
    return s.host() + ":" + std::to_string(s.port());
  }

  static replicated_executor& replicated_of(const cache_registry& r, const char* alias) {
    auto* exec = dynamic_cast<replicated_executor*>(&r.client(alias).commands());
    if (exec == nullptr) throw std::runtime_error("not a replicated_executor");
    return *exec;
  }

  // Reads n times through the alias once its replicas are checked; reads that reached replicas.
  static long long replica_reads(const cache_registry& r, const char* alias, int n) {
    auto& exec = replicated_of(r, alias);
    exec.check_now();
    auto c = r.get(alias);
    for (int i = 0; i < n; ++i) c.get<int>("k");
    return calls(group_->replica(0), "get") + calls(group_->replica(1), "get");
  }

  static std::unique_ptr<replication_group> group_;
};

std::unique_ptr<replication_group> topology_config::group_;

TEST_F(topology_config, DefaultClientWithALocationListIsPrimaryAndReplicas) {
  auto r = cache_registry::from_json(json{
      {"default",
       {{"BACKEND", "django_redis.cache.RedisCache"},
        {"LOCATION", location_list()},
        {"OPTIONS",
         {{"CLIENT_CLASS", "django_redis.client.DefaultClient"},
          {"READ_POLICY", "round_robin"},
          {"MAX_REPLICA_LAG", 2},
          {"REPLICA_CHECK_INTERVAL", 60}}}}}});
  const auto status = replicated_of(r, "default").replicas();
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(status[0].address, address(group_->replica(0)));
  EXPECT_EQ(status[1].address, address(group_->replica(1)));
  EXPECT_EQ(replica_reads(r, "default", 10), 10);
  EXPECT_EQ(calls(group_->replica(0), "get"), 5);  // round robin
  EXPECT_EQ(calls(group_->primary(), "get"), 0);
}

TEST_F(topology_config, ReadYourWritesAndPrimaryOnlyFromJson) {
  auto r = cache_registry::from_json(json{
      {"ryw", {{"LOCATION", location_list()}, {"OPTIONS", {{"READ_YOUR_WRITES", 30}}}}},
      {"primary", {{"LOCATION", location_list()}, {"OPTIONS", {{"READ_POLICY", "primary_only"}}}}}});
  r.get("ryw").set("k", 1);
  EXPECT_EQ(replica_reads(r, "ryw", 3), 0);
  EXPECT_EQ(calls(group_->primary(), "get"), 3);
  EXPECT_EQ(replica_reads(r, "primary", 3), 0);
  EXPECT_EQ(calls(group_->primary(), "get"), 6);
}

TEST_F(topology_config, DjangosCommaSeparatedLocationAndUrlOptions) {
  cache_registry r;
  r.add("list", primary_url() + "," + url(group_->replica(0)) + "," + url(group_->replica(1)));
  r.add("policy", primary_url() + "?read_policy=primary_only;" + url(group_->replica(0)));
  EXPECT_EQ(replicated_of(r, "list").replicas().size(), 2u);
  EXPECT_EQ(replica_reads(r, "list", 4), 4);
  EXPECT_EQ(replica_reads(r, "policy", 4), 4);  // no more than before
  EXPECT_EQ(calls(group_->primary(), "get"), 4);

  auto c = cache::from_url(primary_url() + "," + url(group_->replica(0)) +
                           "?socket_timeout=2");  // the replica's own options
  c.set("k", 5);
  EXPECT_EQ(c.get<int>("k"), 5);
}

TEST_F(topology_config, FromCode) {
  cache_settings s;
  s.location = primary_url();
  s.topology.kind = topology_kind::replicas;
  s.topology.nodes = {url(group_->replica(1))};
  s.topology.replicas.reads = read_policy::round_robin;
  cache_registry r;
  r.add("code", s);
  EXPECT_EQ(replicated_of(r, "code").replicas().at(0).address, address(group_->replica(1)));
  EXPECT_EQ(replica_reads(r, "code", 3), 3);
  EXPECT_EQ(calls(group_->replica(1), "get"), 3);
}

TEST_F(topology_config, AliasesShareAnExecutorOnlyWithTheSameTopology) {
  auto r = cache_registry::from_json(json{
      {"a", {{"LOCATION", location_list()}, {"KEY_PREFIX", "a"}}},
      {"b", {{"LOCATION", location_list()}, {"KEY_PREFIX", "b"}}},
      {"c", {{"LOCATION", location_list()}, {"OPTIONS", {{"READ_POLICY", "round_robin"}}}}},
      {"d", {{"LOCATION", primary_url()}}}});
  EXPECT_EQ(r.pool_count(), 3u);
  EXPECT_EQ(&r.client("a").commands(), &r.client("b").commands());
  EXPECT_NE(&r.client("a").commands(), &r.client("c").commands());
}

TEST_F(topology_config, ASingleServerIsStillOnePool) {
  cache_registry r;
  r.add("one", primary_url());
  EXPECT_NE(dynamic_cast<pooled_executor*>(&r.client("one").commands()), nullptr);
  auto c = cache::from_url(primary_url());
  c.set("k", 1);
  EXPECT_EQ(c.get<int>("k"), 1);
}

TEST_F(topology_config, ShardClientNamesItsShardsByLocation) {
  const json shards = {primary_url(), "redis://127.0.0.1:1/0"};
  auto r = cache_registry::from_json(json{
      {"sharded",
       {{"LOCATION", shards}, {"OPTIONS", {{"CLIENT_CLASS", "django_redis.client.ShardClient"}}}}}});
  auto* exec = dynamic_cast<sharded_executor*>(&r.client("sharded").commands());
  ASSERT_NE(exec, nullptr);
  EXPECT_EQ(exec->shard_names(), (std::vector<std::string>{shards[0], shards[1]}));
}

// Cluster settings make a cluster executor that connects to nothing until its first call.
TEST_F(topology_config, ClusterSettingsMakeAClusterExecutor) {
  auto from_url = cache::from_url("redis+cluster://127.0.0.1:1,127.0.0.1:2");
  EXPECT_NE(dynamic_cast<cluster_executor*>(&client::of(from_url).commands()), nullptr);
  auto r = cache_registry::from_json(
      json{{"c",
            {{"LOCATION", {"redis://127.0.0.1:1", "redis://127.0.0.1:2"}},
             {"OPTIONS", {{"CLIENT_CLASS", "rediscache.client.ClusterClient"}}}}}});
  auto* exec = dynamic_cast<cluster_executor*>(&r.client("c").commands());
  ASSERT_NE(exec, nullptr);
  EXPECT_THROW(exec->refresh(), connection_error);  // nothing listens on ports 1 and 2
}

struct bad_case {
  const char* name;
  const char* caches;  // one alias' settings, JSON
  const char* says;
};

const bad_case bad_cases[] = {
    {"unknown_policy", R"({"LOCATION": ["redis://a", "redis://b"], "OPTIONS": {"READ_POLICY": "fastest"}})",
     "is not a read policy"},
    {"policy_without_replicas", R"({"LOCATION": "redis://a", "OPTIONS": {"READ_POLICY": "random"}})",
     "applies only to"},
    {"lag_without_replicas", R"({"LOCATION": "redis://a", "OPTIONS": {"MAX_REPLICA_LAG": 1}})",
     "applies only to replicas"},
    {"zero_lag", R"({"LOCATION": ["redis://a", "redis://b"], "OPTIONS": {"MAX_REPLICA_LAG": 0}})",
     "must be more than 0"},
    {"negative_ryw", R"({"LOCATION": ["redis://a", "redis://b"], "OPTIONS": {"READ_YOUR_WRITES": -1}})",
     "must not be negative"},
    {"herd_client", R"({"LOCATION": "redis://a", "OPTIONS": {"CLIENT_CLASS": "django_redis.client.HerdClient"}})",
     "is not supported"},
    {"bad_replica_url", R"({"LOCATION": ["redis://a", "http://b"]})", "http"},
    {"writable_replicas", R"({"LOCATION": ["redis://a", "redis://b"], "OPTIONS": {"REPLICA_READ_ONLY": false}})",
     "not supported"},
    {"sentinels_without_client", R"({"LOCATION": "redis://m/0", "OPTIONS": {"SENTINELS": [["h", 26379]]}})",
     "needs CLIENT_CLASS django_redis.client.SentinelClient"},
    {"sentinel_client_without_sentinels", R"({"LOCATION": "redis://m/0", "OPTIONS": {"CLIENT_CLASS": "django_redis.client.SentinelClient"}})",
     "SENTINELS must be provided"},
    {"sentinel_two_locations", R"({"LOCATION": ["redis://m/0", "redis://n/0"], "OPTIONS": {"CLIENT_CLASS": "django_redis.client.SentinelClient", "SENTINELS": [["h", 26379]]}})",
     "must be one URL"},
    {"sentinel_pair_without_port", R"({"LOCATION": "redis://m/0", "OPTIONS": {"CLIENT_CLASS": "django_redis.client.SentinelClient", "SENTINELS": [["h"]]}})",
     "(host, port)"},
    {"sentinel_port_too_large", R"({"LOCATION": "redis://m/0", "OPTIONS": {"CLIENT_CLASS": "django_redis.client.SentinelClient", "SENTINELS": [["h", 70000]]}})",
     "too large"},
    {"sentinel_factory_for_default", R"({"LOCATION": "redis://a", "OPTIONS": {"CONNECTION_FACTORY": "django_redis.pool.SentinelConnectionFactory"}})",
     "needs CLIENT_CLASS SentinelClient"},
    {"cluster_option_on_replicas", R"({"LOCATION": ["redis://a", "redis://b"], "OPTIONS": {"CLUSTER_MAX_REDIRECTS": 3}})",
     "applies only to CLIENT_CLASS rediscache.client.ClusterClient"},
    {"shard_twice", R"({"LOCATION": ["redis://a", "redis://a"], "OPTIONS": {"CLIENT_CLASS": "django_redis.client.ShardClient"}})",
     "twice"},
};

class bad_settings : public ::testing::TestWithParam<bad_case> {};

TEST_P(bad_settings, AreConfigErrorsSayingWhatIsWrong) {
  const json caches = {{"alias", json::parse(GetParam().caches)}};
  try {
    cache_registry::from_json(caches);
    FAIL() << "accepted";
  } catch (const config_error& e) {
    EXPECT_NE(std::string(e.what()).find(GetParam().says), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("alias"), std::string::npos) << e.what();
  }
}

std::string case_name(const ::testing::TestParamInfo<bad_case>& c) { return c.param.name; }
INSTANTIATE_TEST_SUITE_P(table, bad_settings, ::testing::ValuesIn(bad_cases), case_name);

struct bad_url {
  const char* name;
  const char* url;
  const char* says;
};

const bad_url bad_urls[] = {
    {"list_empty_entry", "redis://a,,redis://b", "empty URL"},
    {"list_bad_policy", "redis://a?read_policy=nearest,redis://b", "is not a read policy"},
    {"list_bad_lag", "redis://a?max_lag=soon,redis://b", "is not a number of seconds"},
    {"list_bad_replica", "redis://a,ftp://b", "ftp"},
    {"sentinel_no_service", "redis+sentinel://h:26379", "service name is missing"},
    {"sentinel_bad_port", "redis+sentinel://h:99999/mymaster", "port"},
    {"sentinel_empty_host", "redis+sentinel://h:26379,,g/mymaster", "empty sentinel address"},
    {"sentinel_bad_policy", "redis+sentinel://h/mymaster?read_policy=x", "is not a read policy"},
    {"sentinel_twice", "redis+sentinel://h/m?max_lag=1&max_lag=2", "more than once"},
    {"sentinel_unknown_option", "redis+sentinel://h/m?colour=blue", "colour"},
    {"cluster_with_db", "redis+cluster://h:7000/3", "only database 0"},
    {"cluster_sentinel_option", "redis+cluster://h:7000?max_lag=1", "max_lag"},
};

class bad_urls_test : public ::testing::TestWithParam<bad_url> {};

TEST_P(bad_urls_test, AreConfigErrorsSayingWhatIsWrong) {
  try {
    cache::from_url(GetParam().url);
    FAIL() << "accepted";
  } catch (const config_error& e) {
    EXPECT_NE(std::string(e.what()).find(GetParam().says), std::string::npos) << e.what();
  }
  cache_registry r;
  EXPECT_THROW(r.add("alias", GetParam().url), config_error);
}

std::string url_name(const ::testing::TestParamInfo<bad_url>& c) { return c.param.name; }
INSTANTIATE_TEST_SUITE_P(table, bad_urls_test, ::testing::ValuesIn(bad_urls), url_name);

}  // namespace
