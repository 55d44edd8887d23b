#pragma once

#include <rediscache/executor.hpp>
#include <rediscache/topology.hpp>
#include <rediscache/url.hpp>

#include <memory>
#include <string>
#include <vector>

// One place that turns an alias' LOCATION, connection options and topology into an executor,
// used by cache_registry and cache::from_url.
namespace rediscache::detail {

// Everything an executor is built from, with every URL parsed and checked.
struct topology_plan {
  // kind, and the kind's options completed from the LOCATION (sentinels and service, seeds).
  topology_options topology;
  // single: the server; replicas: the primary; sentinel and cluster: the data nodes (their
  // addresses come from the deployment); sharded: the first shard.
  client_options data;
  // replicas: each replica; sharded: every shard, the first included.
  std::vector<client_options> nodes;
  // sharded: every shard's LOCATION string, the ring's node names.
  std::vector<std::string> names;
};

// location: a redis://, rediss:// or unix:// URL (the primary, the first shard, a cluster seed;
// for sentinel django-redis' "redis://service_name/db"), or a redis+sentinel:// or
// redis+cluster:// URL, which sets the kind itself. config_error for anything malformed.
topology_plan plan_topology(const std::string& location, const client_options& defaults,
                            topology_options topology);

std::shared_ptr<executor> make_executor(const topology_plan& plan);

// Every setting that makes two executors differ, passwords included (never shown anywhere).
std::string identity_of(const topology_plan& plan);

// The Redis Cluster executor: std::make_shared<cluster_executor>(cluster, data_nodes). It lives
// on the cluster branch; until that is merged this throws unsupported_error.
std::shared_ptr<executor> make_cluster_executor(const cluster_options& cluster,
                                                const client_options& data_nodes);

}  // namespace rediscache::detail
