#pragma once

// The module suites (cache, session, lock, rate limit, pub/sub) run their test bodies against one
// of two targets: one redis-server (the default), or, when the environment variable
// REDISCACHE_TEST_TARGET is "cluster", a Redis Cluster of 3 primaries and 3 replicas shared by the
// whole binary and started by the first test that needs it. ctest runs each module binary a
// second time, as one test labelled "slow", with that variable set.
#include "server_options.hpp"
#include "support/redis_cluster.hpp"
#include "support/redis_server.hpp"

#include <rediscache/cluster_executor.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/multiplexed_executor.hpp>
#include <rediscache/pooled_executor.hpp>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rediscache::test {

inline bool on_cluster() {
  static const bool cluster = [] {
    const char* target = std::getenv("REDISCACHE_TEST_TARGET");
    return target != nullptr && std::string(target) == "cluster";
  }();
  return cluster;
}

// Destroyed at exit, on the main thread that started it.
inline redis_cluster& target_cluster() {
  static const std::unique_ptr<redis_cluster> cluster = std::make_unique<redis_cluster>();
  return *cluster;
}

// Where a test's commands go: its own redis-server, or the shared cluster. command() is the
// test's view of the data, through redis-cli rather than the code under test.
class target_server {
 public:
  // A new server, or the cluster emptied: either way the test starts without keys.
  target_server() {
    if (on_cluster()) {
      flush();
    } else {
      single_.emplace();
    }
  }

  // An executor on the target: a pooled_executor on the server, or a cluster_executor with the
  // same connection settings for every node.
  std::shared_ptr<executor> make_executor(connection_options tweaks = {}) const {
    if (!on_cluster()) {
      tweaks.host = single_->host();
      tweaks.port = single_->port();
      return std::make_shared<pooled_executor>(tweaks);
    }
    cluster_options cluster;
    cluster.seeds = target_cluster().seeds();
    client_options nodes;
    nodes.connection = tweaks;
    return std::make_shared<cluster_executor>(cluster, nodes);
  }

  // A multiplexed_executor on the single server (not on the cluster).
  std::shared_ptr<executor> make_multiplexed_executor() const {
    connection_options o;
    o.host = single_->host();
    o.port = single_->port();
    return std::make_shared<multiplexed_executor>(o);
  }

  // Runs a command with redis-cli. On the cluster a command with a key follows MOVED to the key's
  // node (-c); DBSIZE answers the sum over the primaries, and SCRIPT, CONFIG and FLUSHALL run on
  // every primary (the last one's reply).
  std::string command(const std::vector<std::string>& args) const {
    if (!on_cluster()) return single_->command(args);
    auto& cluster = target_cluster();
    const std::string& name = args.front();
    if (name == "DBSIZE") {
      long long keys = 0;
      for (std::size_t p : cluster.primaries()) keys += std::stoll(cluster.command(p, args));
      return std::to_string(keys);
    }
    if (name == "SCRIPT" || name == "CONFIG" || name == "FLUSHALL") {
      std::string last;
      for (std::size_t p : cluster.primaries()) last = cluster.command(p, args);
      return last;
    }
    std::vector<std::string> routed{"-c"};
    routed.insert(routed.end(), args.begin(), args.end());
    return cluster.command(cluster.primaries().front(), routed);
  }

  // Empties every database the target has.
  void flush() const {
    if (!on_cluster()) {
      single_->command({"FLUSHALL"});
      return;
    }
    for (std::size_t p : target_cluster().primaries()) target_cluster().command(p, {"FLUSHALL"});
  }

  // The one server, for tests that stay single-server (they are filtered out on the cluster).
  redis_server& single() { return single_.value(); }
  const redis_server& single() const { return single_.value(); }

 private:
  std::optional<redis_server> single_;
};

}  // namespace rediscache::test
