#include "topology/factory.hpp"

#include <rediscache/error.hpp>
#include <rediscache/multiplexed_executor.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/replicated_executor.hpp>
#include <rediscache/sentinel_executor.hpp>
#include <rediscache/sharded_executor.hpp>

#include "config/url_parts.hpp"
#include "config/validate.hpp"
#include "topology/host_port.hpp"
#include "topology/data_node.hpp"
#include "topology/topology_url.hpp"

#include <sstream>

namespace rediscache::detail {
namespace {

// django-redis' SentinelClient LOCATION, "redis://service_name/db?options": the host is the
// service. Returns the data nodes' options; sets the service.
client_options sentinel_location(const std::string& location, const client_options& defaults,
                                 sentinel_options& sentinel) {
  const url::url_parts parts = url::split_url(location);
  if (parts.kind == url::scheme::unix_socket) {
    throw config_error("a sentinel LOCATION is redis://service_name/db, not a unix:// URL");
  }
  const std::string_view host = parts.host_port.substr(0, parts.host_port.find(':'));
  auto service = url::percent_decode(host);
  if (!service || service->empty()) {
    throw config_error("a sentinel LOCATION names the service as its host: redis://mymaster/0");
  }
  sentinel.service = std::move(*service);
  std::string data_url = parts.kind == url::scheme::rediss ? "rediss://" : "redis://";
  if (parts.userinfo) data_url.append(*parts.userinfo).append("@");
  data_url.append("localhost").append(parts.path);
  if (!parts.query.empty()) data_url.append("?").append(parts.query);
  return parse_url(data_url, defaults);
}

std::string seed_of(const std::string& url, const client_options& defaults) {
  const client_options seed = parse_url(url, defaults);
  if (!seed.connection.unix_socket.empty()) {
    throw config_error("a cluster seed must be a TCP address, not a unix:// URL");
  }
  return address_of(seed.connection);
}

// What the executors would refuse, found while the settings are read.
void check(const topology_options& t) {
  if (t.kind == topology_kind::replicas || t.kind == topology_kind::sentinel) validate(t.replicas);
  if (t.kind == topology_kind::sentinel) {
    validate(t.sentinel);
    for (const auto& s : t.sentinel.sentinels) parse_host_port(s, 26379, "sentinel address");
  }
  if (t.kind == topology_kind::cluster) {
    if (t.cluster.seeds.empty()) throw config_error("a cluster needs at least one seed node");
    for (const auto& s : t.cluster.seeds) parse_host_port(s, 6379, "cluster seed address");
  }
}

void write(std::ostream& id, const client_options& o) {
  const connection_options& c = o.connection;
  const pool_options& p = o.pool;
  id << c.host << '\n' << c.port << '\n' << c.unix_socket << '\n' << c.user << '\n'
     << c.password << '\n' << c.db << '\n' << c.client_name << '\n' << c.connect_timeout.count()
     << '\n' << c.socket_timeout.count() << '\n' << c.keepalive.count() << '\n'
     << c.tls.enabled << '\n' << c.tls.ca_file << '\n' << c.tls.ca_dir << '\n'
     << c.tls.cert_file << '\n' << c.tls.key_file << '\n' << c.tls.server_name << '\n'
     << static_cast<int>(c.tls.verify) << '\n' << c.limits.max_array_elements << '\n'
     << c.limits.max_bulk_bytes << '\n' << c.limits.max_reply_bytes << '\n'
     << p.max_connections << '\n' << p.pool_timeout.count() << '\n'
     << p.health_check_interval.count() << '\n' << p.retry.max_retries << '\n'
     << p.retry.base_backoff.count() << '\n' << p.retry.max_backoff.count() << '\n'
     << p.retry.retry_on_timeout << '\n' << static_cast<int>(o.executor) << '\n';
}

void write(std::ostream& id, const std::vector<std::string>& texts) {
  id << texts.size() << '\n';
  for (const auto& t : texts) id << t.size() << ':' << t << '\n';
}

}  // namespace

topology_plan plan_topology(const std::string& location, const client_options& defaults,
                            topology_options topology) {
  topology_plan plan;
  if (is_topology_url(location)) {
    if (!topology.nodes.empty()) {
      throw config_error("a redis+sentinel:// or redis+cluster:// LOCATION names every node "
                         "itself; there must be no further LOCATION");
    }
    plan.data = parse_topology_url(location, defaults, topology);
    check(topology);
    plan.topology = std::move(topology);
    return plan;
  }
  if (topology.kind == topology_kind::single && is_location_list(location)) {
    if (!topology.nodes.empty()) {
      throw config_error("the LOCATION is a list of URLs and further LOCATIONs are given too");
    }
    const auto urls = split_location_list(location, topology);
    plan.data = parse_url(urls.front(), defaults);
    for (const auto& replica : topology.nodes) plan.nodes.push_back(parse_url(replica, defaults));
    check(topology);
    plan.topology = std::move(topology);
    return plan;
  }
  switch (topology.kind) {
    case topology_kind::single:
      if (!topology.nodes.empty()) {
        throw config_error("further LOCATIONs need a topology: replicas (DefaultClient), sharded "
                           "(ShardClient) or cluster");
      }
      plan.data = parse_url(location, defaults);
      break;
    case topology_kind::replicas:
      plan.data = parse_url(location, defaults);
      for (const auto& replica : topology.nodes) plan.nodes.push_back(parse_url(replica, defaults));
      break;
    case topology_kind::sharded:
      plan.names.push_back(location);
      plan.names.insert(plan.names.end(), topology.nodes.begin(), topology.nodes.end());
      for (const auto& shard : plan.names) plan.nodes.push_back(parse_url(shard, defaults));
      plan.data = plan.nodes.front();
      break;
    case topology_kind::sentinel:
      if (!topology.nodes.empty()) {
        throw config_error("a sentinel deployment has one LOCATION (redis://service_name/db); "
                           "the sentinels are listed apart (SENTINELS)");
      }
      plan.data = location.empty() ? defaults
                                   : sentinel_location(location, defaults, topology.sentinel);
      break;
    case topology_kind::cluster:
      if (!location.empty()) {
        plan.data = parse_url(location, defaults);
        if (topology.cluster.seeds.empty()) {
          topology.cluster.seeds.push_back(seed_of(location, defaults));
          for (const auto& seed : topology.nodes) {
            topology.cluster.seeds.push_back(seed_of(seed, defaults));
          }
        }
      } else {
        plan.data = defaults;
      }
      break;
  }
  check(topology);
  plan.topology = std::move(topology);
  return plan;
}

std::shared_ptr<executor> make_executor(const topology_plan& plan) {
  const topology_options& t = plan.topology;
  const bool per_node_pools = t.kind == topology_kind::replicas ||
                              t.kind == topology_kind::sentinel || t.kind == topology_kind::cluster;
  if (per_node_pools && plan.data.executor == executor_kind::multiplexed) {
    throw config_error("executor=multiplexed serves a single server or the shards of a sharded "
                       "deployment; replicas, Sentinel and Redis Cluster nodes are pooled");
  }
  switch (t.kind) {
    case topology_kind::single:
      if (plan.data.executor == executor_kind::multiplexed) {
        return std::make_shared<multiplexed_executor>(plan.data);
      }
      return std::make_shared<pooled_executor>(plan.data);
    case topology_kind::replicas:
      return std::make_shared<replicated_executor>(plan.data, plan.nodes, t.replicas);
    case topology_kind::sentinel:
      return std::make_shared<sentinel_executor>(t.sentinel, plan.data, t.replicas);
    case topology_kind::cluster:
      return make_cluster_executor(t.cluster, plan.data);
    case topology_kind::sharded: {
      std::vector<sharded_executor::shard> shards;
      for (std::size_t i = 0; i < plan.names.size(); ++i) {
        shards.push_back({plan.names[i], plan.nodes[i]});
      }
      return std::make_shared<sharded_executor>(std::move(shards));
    }
  }
  throw config_error("unknown topology kind");
}

std::string identity_of(const topology_plan& plan) {
  const topology_options& t = plan.topology;
  std::ostringstream id;
  id << static_cast<int>(t.kind) << '\n';
  write(id, plan.data);
  for (const auto& node : plan.nodes) write(id, node);
  write(id, plan.names);
  if (t.kind == topology_kind::replicas || t.kind == topology_kind::sentinel) {
    id << static_cast<int>(t.replicas.reads) << '\n' << t.replicas.read_your_writes.count()
       << '\n' << t.replicas.max_lag.count() << '\n' << t.replicas.check_interval.count() << '\n';
  }
  if (t.kind == topology_kind::sentinel) {
    write(id, t.sentinel.sentinels);
    id << t.sentinel.service.size() << ':' << t.sentinel.service << '\n';
    write(id, client_options{t.sentinel.sentinel_connection, {}});
  }
  if (t.kind == topology_kind::cluster) {
    write(id, t.cluster.seeds);
    id << static_cast<int>(t.cluster.reads) << '\n' << t.cluster.max_redirects << '\n'
       << t.cluster.refresh_interval.count() << '\n';
  }
  return id.str();
}

}  // namespace rediscache::detail
