#pragma once

#include "cluster/slot_map.hpp"

#include <rediscache/pooled_executor.hpp>
#include <rediscache/topology.hpp>
#include <rediscache/url.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace rediscache::detail {

// One cluster node's connections and what the client learned about it.
struct cluster_node {
  explicit cluster_node(const client_options& options) : exec(options) {}
  pooled_executor exec;
  // Until when (steady clock, ns) the node counts as unreachable: no reads, asked for the map last.
  std::atomic<long long> down_until{0};
  // Smoothed round trip in microseconds, for read_policy::lowest_latency; 0 until measured.
  std::atomic<long long> latency_us{0};
};

// The nodes of a cluster and the slot map, shared by every call. Thread-safe.
class cluster_nodes {
 public:
  cluster_nodes(cluster_options cluster, client_options data_nodes);

  // The current map: loaded when there is none (connection_error when no node answers) and read
  // again when refresh_interval has passed.
  std::shared_ptr<const slot_map> map();
  // Reads the map from the first node that answers, nodes believed up first.
  void refresh();
  // After a lost connection or a redirect: refresh, unless another thread is at it or one
  // finished moments ago.
  void refresh_soon() noexcept;
  // MOVED: the slot is served by node now.
  void moved(int slot, const std::string& node);

  // The node's pool, created on first use. Nodes are never forgotten, so the reference stays.
  cluster_node& node(const std::string& name);
  // Where a read of this shard goes under the read policy: a replica believed up, else the primary.
  const std::string& read_node(const shard& s);
  void mark_down(const std::string& name);
  void record_latency(cluster_node& n, std::chrono::steady_clock::duration took) noexcept;

  const cluster_options& cluster_settings() const noexcept { return cluster_; }
  const client_options& node_settings() const noexcept { return data_; }
  // Closes every node's pool; later calls throw closed_error.
  void close();
  bool closed() const noexcept { return closed_.load(); }

 private:
  bool is_down(const cluster_node& n) const noexcept;
  std::vector<std::string> refresh_candidates();
  // With refresh_mutex_ held.
  void refresh_locked();

  cluster_options cluster_;
  client_options data_;
  mutable std::mutex mutex_;  // guards map_, loaded_ and nodes_
  std::shared_ptr<const slot_map> map_;
  std::chrono::steady_clock::time_point loaded_;
  std::map<std::string, std::unique_ptr<cluster_node>> nodes_;
  std::mutex refresh_mutex_;  // one refresh at a time; guards last_attempt_
  std::chrono::steady_clock::time_point last_attempt_;
  std::atomic<std::size_t> turn_{0};
  std::atomic<bool> closed_{false};
};

}  // namespace rediscache::detail
