// The topology part of a CACHES entry: django-redis' CLIENT_CLASS names (DefaultClient with a
// LOCATION list for replicas, SentinelClient with SENTINELS, ShardClient), ours for Redis Cluster,
// and the read-routing OPTIONS.
#include "cache/settings_reader.hpp"
#include "topology/factory.hpp"
#include "topology/topology_url.hpp"

#include <algorithm>
#include <climits>

namespace rediscache::detail::settings {
namespace {

constexpr const char* default_client = "django_redis.client.DefaultClient";
constexpr const char* sentinel_client = "django_redis.client.SentinelClient";
constexpr const char* shard_client = "django_redis.client.ShardClient";
constexpr const char* cluster_client = "rediscache.client.ClusterClient";

// SENTINELS: [["host", port], ...] as django-redis takes them, or ["host:port", ...].
std::vector<std::string> sentinel_list(const reader& r, const json& v) {
  const std::string key = "OPTIONS SENTINELS";
  if (!v.is_array() || v.empty()) r.fail(key, "must be provided as a list of (host, port)");
  std::vector<std::string> out;
  for (const auto& entry : v) {
    if (entry.is_string()) {
      out.push_back(entry.get<std::string>());
      continue;
    }
    if (!entry.is_array() || entry.size() != 2 || !entry[0].is_string()) {
      r.fail(key, "must be provided as a list of (host, port)");
    }
    const std::string host = entry[0].get<std::string>();
    std::string port;
    if (entry[1].is_string()) port = entry[1].get<std::string>();
    else port = std::to_string(r.whole(key + " port", entry[1], 1, 65535));
    out.push_back((host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port);
  }
  return out;
}

// SENTINEL_KWARGS: redis-py's Sentinel(sentinel_kwargs=...), the sentinels' own connection.
connection_options sentinel_connection(const reader& r, const json& v) {
  const std::string key = "OPTIONS SENTINEL_KWARGS";
  if (!v.is_object()) r.fail(key, "must be an object");
  client_options c;
  c.connection = default_sentinel_connection();
  for (const auto& [name, value] : v.items()) {
    if (name == "ssl") c.connection.tls.enabled = r.flag(key + " ssl", value);
    else apply_pool_argument(r, name, value, c);
  }
  return c.connection;
}

}  // namespace

bool read_topology_option(const reader& r, const std::string& key, const json& v,
                          topology_settings& t) {
  if (key == "CLIENT_CLASS") {
    t.client_class = r.text(key, v);
    const bool known = t.client_class == default_client || t.client_class == sentinel_client ||
                       t.client_class == shard_client || t.client_class == cluster_client;
    if (!known) {
      r.fail(key, quote_for_message(t.client_class) +
                      " is not supported (DefaultClient, SentinelClient, ShardClient or "
                      "rediscache.client.ClusterClient)");
    }
  } else if (key == "CONNECTION_FACTORY") {
    t.connection_factory = r.text(key, v);
  } else if (key == "SENTINELS") {
    t.sentinels = &v;
  } else if (key == "SENTINEL_KWARGS") {
    t.sentinel_kwargs = &v;
  } else if (key == "READ_POLICY") {
    try {
      t.reads = parse_read_policy(r.text(key, v), key);
    } catch (const config_error& e) {
      r.fail_with(std::string(e.detail()));
    }
    t.read_policy_given = true;
  } else if (key == "READ_YOUR_WRITES") {
    t.replicas.read_your_writes = r.wait(key, v, true);
    t.replica_keys.push_back(key);
  } else if (key == "MAX_REPLICA_LAG") {
    t.replicas.max_lag = r.wait(key, v, false);
    t.replica_keys.push_back(key);
  } else if (key == "REPLICA_CHECK_INTERVAL") {
    t.replicas.check_interval = r.wait(key, v, false);
    t.replica_keys.push_back(key);
  } else if (key == "CLUSTER_MAX_REDIRECTS") {
    t.cluster.max_redirects = static_cast<int>(r.whole(key, v, 0, 1000));
    t.cluster_keys.push_back(key);
  } else if (key == "CLUSTER_REFRESH_INTERVAL") {
    t.cluster.refresh_interval = r.wait(key, v, false);
    t.cluster_keys.push_back(key);
  } else if (key == "REPLICA_READ_ONLY") {
    if (!r.flag(key, v)) {
      r.fail(key, "false (writing to replicas when the primary fails) is not supported");
    }
  } else {
    return false;
  }
  return true;
}

void apply_topology(const reader& r, const std::vector<std::string>& locations,
                    const topology_settings& t, cache_settings& s) {
  topology_options& topology = s.topology;
  const bool url_topology = is_topology_url(s.location);
  const std::string& cls = t.client_class;
  const std::vector<std::string> rest(locations.begin() + (locations.empty() ? 0 : 1),
                                      locations.end());
  if (cls == sentinel_client) {
    if (locations.size() != 1) {
      r.fail("LOCATION", "must be one URL for SentinelClient (redis://service_name/db)");
    }
    if (t.sentinels == nullptr && !url_topology) {
      r.fail("OPTIONS SENTINELS", "must be provided as a list of (host, port)");
    }
    if (!url_topology) topology.kind = topology_kind::sentinel;
  } else if (cls == shard_client) {
    topology.kind = topology_kind::sharded;
    topology.nodes = rest;
  } else if (cls == cluster_client) {
    if (!url_topology) topology.kind = topology_kind::cluster;
    topology.nodes = rest;
  } else if (!rest.empty()) {
    topology.kind = topology_kind::replicas;
    topology.nodes = rest;
  }
  if (t.sentinels != nullptr || t.sentinel_kwargs != nullptr) {
    if (cls != sentinel_client) {
      r.fail(t.sentinels != nullptr ? "OPTIONS SENTINELS" : "OPTIONS SENTINEL_KWARGS",
             "needs CLIENT_CLASS django_redis.client.SentinelClient");
    }
    if (t.sentinels != nullptr) topology.sentinel.sentinels = sentinel_list(r, *t.sentinels);
    if (t.sentinel_kwargs != nullptr) {
      topology.sentinel.sentinel_connection = sentinel_connection(r, *t.sentinel_kwargs);
    }
  }
  if (!t.connection_factory.empty()) {
    const bool sentinel_factory =
        t.connection_factory == "django_redis.pool.SentinelConnectionFactory";
    if (!sentinel_factory && t.connection_factory != "django_redis.pool.ConnectionFactory") {
      r.fail("OPTIONS CONNECTION_FACTORY", quote_for_message(t.connection_factory) +
                                               " is not supported (django-redis' ConnectionFactory "
                                               "or SentinelConnectionFactory)");
    }
    if (sentinel_factory != (cls == sentinel_client)) {
      r.fail("OPTIONS CONNECTION_FACTORY",
             sentinel_factory ? "SentinelConnectionFactory needs CLIENT_CLASS SentinelClient"
                              : "ConnectionFactory cannot serve CLIENT_CLASS SentinelClient");
    }
  }
  // Which options the deployment can use; a redis+... URL in LOCATION decides its own kind.
  const bool replicated = topology.kind == topology_kind::replicas ||
                          topology.kind == topology_kind::sentinel ||
                          (url_topology && cls != cluster_client);
  const bool cluster = topology.kind == topology_kind::cluster || url_topology;
  if (!t.replica_keys.empty() && !replicated) {
    r.fail("OPTIONS " + t.replica_keys.front(),
           "applies only to replicas (a LOCATION list, or SentinelClient)");
  }
  if (!t.cluster_keys.empty() && !cluster) {
    r.fail("OPTIONS " + t.cluster_keys.front(),
           "applies only to CLIENT_CLASS rediscache.client.ClusterClient");
  }
  if (t.read_policy_given && !replicated && !cluster) {
    r.fail("OPTIONS READ_POLICY", "applies only to replicas, SentinelClient or ClusterClient");
  }
  topology.replicas = t.replicas;
  topology.cluster = t.cluster;
  if (t.read_policy_given) topology.replicas.reads = topology.cluster.reads = t.reads;
  try {
    plan_topology(s.location, s.connection, topology);
  } catch (const config_error& e) {
    r.fail_with(std::string(e.detail()));
  }
}

}  // namespace rediscache::detail::settings
