#pragma once

#include <rediscache/connection_options.hpp>

#include <chrono>
#include <string>
#include <vector>

/// \file
/// Deployments beyond one Redis. Each topology is an executor that routes commands to nodes (see
/// executor.hpp); the cache, sessions, locks, rate limits and pub/sub run unchanged on top.
namespace rediscache {

/// Where a read-only command goes when replicas could answer it.
enum class read_policy {
  primary_only,    ///< always the primary: never a stale read
  /// a random healthy replica (django-redis' DefaultClient with several LOCATIONs)
  random,
  round_robin,     ///< the healthy replicas in turn
  lowest_latency,  ///< the healthy replica with the lowest measured round trip
};

/// What kind of deployment an alias talks to.
enum class topology_kind {
  single,    ///< one server
  replicas,  ///< a primary and replicas at known addresses (django-redis' DefaultClient, LOCATION list)
  sentinel,  ///< a primary and replicas found through Redis Sentinel (django-redis' SentinelClient)
  cluster,   ///< Redis Cluster
  sharded,   ///< independent servers, keys placed by django-redis' ShardClient hash ring
};

/// Reads from replicas (replicas and sentinel topologies).
struct replica_options {
  /// django-redis reads from a random replica when it has several LOCATIONs.
  read_policy reads = read_policy::random;
  /// After this process writes a key, its reads of that key go to the primary for this long, so
  /// it reads its own writes despite replication lag; zero turns it off.
  std::chrono::milliseconds read_your_writes{0};
  /// A replica whose replication lags more than this (or whose link to the primary is down) is
  /// skipped; with no replica left, reads go to the primary.
  std::chrono::milliseconds max_lag{5000};
  /// How often each replica's role and lag are checked.
  std::chrono::milliseconds check_interval{1000};
};

/// A sentinel that does not answer at once is passed over for the next one (the Sentinel client
/// guidelines), so sentinels get short timeouts unless told otherwise.
inline connection_options default_sentinel_connection() {
  connection_options o;
  o.connect_timeout = std::chrono::milliseconds(300);
  o.socket_timeout = std::chrono::milliseconds(300);
  return o;
}

/// Where the Sentinels are and which primary to ask them for.
struct sentinel_options {
  /// "host:port" of each sentinel (IPv6 in brackets: "[::1]:26379"); they are asked in turn, the
  /// one that answered first next time.
  std::vector<std::string> sentinels;
  /// The primary's name in the sentinels' configuration (SENTINEL get-master-addr-by-name).
  std::string service;
  /// How to reach the sentinels: their own user, password, TLS and timeouts (host and port are
  /// taken from `sentinels`, and no database is selected). The data nodes use the alias'
  /// connection options, with the host and port the sentinels name.
  connection_options sentinel_connection = default_sentinel_connection();
};

/// How to reach a Redis Cluster.
struct cluster_options {
  /// "host:port" of nodes to learn the slot map from; any one reachable node is enough.
  std::vector<std::string> seeds;
  /// Reads on replicas (READONLY) by this policy; primary_only by default, as redis-py's cluster.
  read_policy reads = read_policy::primary_only;
  /// MOVED/ASK redirects one command follows before it fails.
  int max_redirects = 5;
  /// The slot map is read again this often, besides after MOVED and after a lost connection.
  std::chrono::milliseconds refresh_interval{30000};
};

/// How an alias reaches its data. The alias' connection options (URL, OPTIONS) apply to every data
/// node; the first LOCATION is the primary (replicas), or the first shard (sharded).
struct topology_options {
  topology_kind kind = topology_kind::single;  ///< single, replicas, sharded, sentinel or cluster
  /// replicas: the replicas' URLs; sharded: every shard's URL after the first LOCATION.
  std::vector<std::string> nodes;
  replica_options replicas;  ///< for replicas and sentinel
  sentinel_options sentinel;  ///< for sentinel
  cluster_options cluster;  ///< for cluster
};

}  // namespace rediscache
