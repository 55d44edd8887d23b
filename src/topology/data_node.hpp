#pragma once

#include <rediscache/connection.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/replica_status.hpp>
#include <rediscache/url.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace rediscache::detail {

// One server of a replicated deployment (primary or replica): its pool and, for a replica, what
// its health checks and reads found. Shared by the calls using it; its pool closes when the last
// one lets go of a node that left the deployment.
class data_node {
 public:
  // id: stable for the address within one executor (it travels in SCAN cursors).
  data_node(std::size_t id, client_options options);

  std::size_t id() const noexcept { return id_; }
  const std::string& address() const noexcept { return address_; }
  const client_options& options() const noexcept { return options_; }
  pooled_executor& commands() noexcept { return exec_; }
  void close() { exec_.close(); }

  bool usable() const noexcept { return usable_.load(std::memory_order_acquire); }
  std::chrono::microseconds latency() const noexcept {
    return std::chrono::microseconds(latency_us_.load(std::memory_order_relaxed));
  }
  // A check found it fit for reads.
  void mark_usable(std::chrono::milliseconds lag);
  // A check or a read found it unfit; reads avoid it until a check finds it fit again.
  void mark_unusable(const std::string& why);
  void record_round_trip(std::chrono::microseconds sample);
  replica_status status() const;

  // Runs a health check's commands on the checker's own connection, so checks neither wait for
  // nor take pooled connections. A kept connection that fails (the server restarted since the
  // last check) is replaced and the commands sent once more. Used by the checker thread only.
  std::vector<reply> check(const std::vector<command>& commands);
  void drop_check_connection() noexcept { check_.reset(); }

 private:
  std::size_t id_;
  client_options options_;
  std::string address_;
  pooled_executor exec_;
  std::atomic<bool> usable_{false};
  std::atomic<std::int64_t> latency_us_{0};
  std::atomic<std::int64_t> lag_ms_{0};
  mutable std::mutex problem_mutex_;
  std::string problem_ = "not checked yet";
  std::optional<connection> check_;
};

// The servers of a deployment at one moment. Replaced whole (never changed in place) when the
// deployment changes, so a call keeps a consistent view.
struct node_set {
  std::shared_ptr<data_node> primary;  // null while the sentinels have not named one
  std::vector<std::shared_ptr<data_node>> replicas;

  std::shared_ptr<data_node> find(std::size_t id) const;
};

// "host:port" ("[::1]:6379" for IPv6), or the socket path.
std::string address_of(const connection_options& o);

// Replicas are not retried on the same server: a read that fails there goes to another node.
client_options replica_client_options(client_options options);

}  // namespace rediscache::detail
