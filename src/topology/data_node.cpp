#include "topology/data_node.hpp"

#include <rediscache/error.hpp>

namespace rediscache::detail {

std::string address_of(const connection_options& o) {
  if (!o.unix_socket.empty()) return o.unix_socket;
  const bool ipv6 = o.host.find(':') != std::string::npos;
  return (ipv6 ? "[" + o.host + "]" : o.host) + ":" + std::to_string(o.port);
}

client_options replica_client_options(client_options options) {
  options.pool.retry.max_retries = 0;
  return options;
}

data_node::data_node(std::size_t id, client_options options)
    : id_(id),
      options_(std::move(options)),
      address_(address_of(options_.connection)),
      exec_(options_) {}

void data_node::mark_usable(std::chrono::milliseconds lag) {
  lag_ms_.store(lag.count(), std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> lock(problem_mutex_);
    problem_.clear();
  }
  usable_.store(true, std::memory_order_release);
}

void data_node::mark_unusable(const std::string& why) {
  usable_.store(false, std::memory_order_release);
  std::lock_guard<std::mutex> lock(problem_mutex_);
  problem_ = why;
}

void data_node::record_round_trip(std::chrono::microseconds sample) {
  const std::int64_t old = latency_us_.load(std::memory_order_relaxed);
  const std::int64_t fresh = old == 0 ? sample.count() : (old * 3 + sample.count()) / 4;
  latency_us_.store(fresh > 0 ? fresh : 1, std::memory_order_relaxed);
}

replica_status data_node::status() const {
  replica_status s;
  s.address = address_;
  s.usable = usable();
  s.latency = latency();
  s.lag = std::chrono::milliseconds(lag_ms_.load(std::memory_order_relaxed));
  std::lock_guard<std::mutex> lock(problem_mutex_);
  s.problem = problem_;
  return s;
}

std::vector<reply> data_node::check(const std::vector<command>& commands) {
  if (check_ && !check_->broken()) {
    try {
      return check_->pipeline(commands);
    } catch (const connection_error&) {
      check_.reset();
    }
  }
  check_.reset();
  check_.emplace(connection::open(options_.connection));
  return check_->pipeline(commands);
}

std::shared_ptr<data_node> node_set::find(std::size_t id) const {
  if (primary && primary->id() == id) return primary;
  for (const auto& replica : replicas) {
    if (replica->id() == id) return replica;
  }
  return nullptr;
}

}  // namespace rediscache::detail
