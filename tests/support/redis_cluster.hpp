#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/redis_server.hpp"

namespace rediscache::test {

struct cluster_config {
  std::size_t primaries = 3;
  std::size_t replicas_per_primary = 1;
  // Small, so that a killed primary is failed over within a couple of seconds.
  int node_timeout_ms = 500;
  // Extra redis.conf lines for every node.
  std::vector<std::string> extra_config;
};

// A real Redis Cluster of redis-server processes (cluster-enabled yes), created with
// `redis-cli --cluster create` and ready (cluster_state:ok on every node, every node agreeing on
// the slot map, every replica in sync) when the constructor returns. Nodes are stopped by PID.
// cluster-require-full-coverage is off, so slots whose primary is down do not stop the others.
//
// Nodes are numbered in creation order; which node is a primary changes with failovers, so ask
// primary_of() / replicas_of(). Like redis_server, construct it on a thread that outlives it.
class redis_cluster {
 public:
  // One node as the cluster sees it (CLUSTER NODES).
  struct node_view {
    std::string id;
    std::size_t index;  // which of our nodes
    bool primary;
    bool failed;             // flagged fail or pfail
    std::string primary_id;  // a replica's primary; empty for a primary
    std::vector<int> slots;  // a primary's slots (not the ones being migrated in)
  };

  explicit redis_cluster(cluster_config cfg = {});
  ~redis_cluster();
  redis_cluster(const redis_cluster&) = delete;
  redis_cluster& operator=(const redis_cluster&) = delete;

  std::size_t size() const { return nodes_.size(); }
  redis_server& node(std::size_t i) { return *nodes_.at(i); }
  const redis_server& node(std::size_t i) const { return *nodes_.at(i); }
  // "127.0.0.1:port" of node i.
  std::string address(std::size_t i) const;
  // Every node's address, to seed a client.
  std::vector<std::string> seeds() const;

  // The topology as a running node sees it.
  std::vector<node_view> nodes_view() const;
  // The node index serving slot as primary, per a running node's view.
  std::size_t primary_of(int slot) const;
  std::vector<std::size_t> primaries() const;
  std::vector<std::size_t> replicas_of(std::size_t primary) const;
  // CLUSTER KEYSLOT, as the server computes it.
  int key_slot(const std::string& key) const;

  // Runs redis-cli with args on node i (see redis_server::command).
  std::string command(std::size_t i, const std::vector<std::string>& args) const;

  // Node control. restart() waits until the cluster is whole again.
  void kill(std::size_t i);
  void restart(std::size_t i);
  void pause(std::size_t i);
  void resume(std::size_t i);

  // Waits until every running node reports cluster_state:ok, all agree on who serves every slot,
  // and every replica's link to its primary is up; throws std::runtime_error after timeout.
  void wait_until_ready(std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;
  // After kill(primary): waits until another node serves its slots and says it is a primary
  // (ROLE); returns that node. Throws std::runtime_error after timeout.
  std::size_t wait_for_promotion(
      std::size_t primary, std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;

  // Moves a slot to node `to` live, as redis-cli --cluster reshard does: IMPORTING on the
  // target, MIGRATING on the source, MIGRATE key by key (sleeping pause between keys, so clients
  // meet ASK redirects), then SETSLOT NODE on every primary. Returns how many keys moved.
  std::size_t move_slot(int slot, std::size_t to,
                        std::chrono::milliseconds pause = std::chrono::milliseconds(0));

 private:
  std::size_t index_of_port(int port) const;
  std::size_t any_running() const;
  std::map<int, std::string> slot_owners(std::size_t viewer) const;
  bool ready(std::string& why) const;

  cluster_config config_;
  std::vector<std::unique_ptr<redis_server>> nodes_;
};

}  // namespace rediscache::test
