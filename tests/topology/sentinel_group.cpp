#include "topology/sentinel_group.hpp"

#include <chrono>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace rediscache::test {
namespace {

std::string address_of(const redis_server& s) { return s.host() + ":" + std::to_string(s.port()); }

}  // namespace

sentinel_group::sentinel_group() : data_(std::make_unique<replication_group>(2)) {
  const redis_server& primary = data_->primary();
  for (int i = 0; i < 3; ++i) {
    server_config cfg;
    cfg.sentinel = true;
    const std::string name = service;
    cfg.extra_config = {
        "sentinel monitor " + name + " " + primary.host() + " " + std::to_string(primary.port()) + " 2",
        "sentinel down-after-milliseconds " + name + " 500",
        "sentinel failover-timeout " + name + " 2000",
        "sentinel parallel-syncs " + name + " 2",
    };
    sentinels_.push_back(std::make_unique<redis_server>(cfg));
  }
  wait_stable();
}

std::vector<std::string> sentinel_group::addresses() const {
  std::vector<std::string> out;
  for (const auto& s : sentinels_) out.push_back(address_of(*s));
  return out;
}

std::string sentinel_group::url_hosts() const {
  std::string out;
  for (const auto& a : addresses()) out += (out.empty() ? "" : ",") + a;
  return out;
}

std::string sentinel_group::primary_address(std::size_t i) const {
  std::istringstream lines(sentinels_.at(i)->command({"SENTINEL", "get-master-addr-by-name", service}));
  std::string host;
  std::string port;
  std::getline(lines, host);
  std::getline(lines, port);
  return host + ":" + port;
}

redis_server* sentinel_group::server_at(const std::string& address) {
  if (address_of(data_->primary()) == address) return &data_->primary();
  for (std::size_t i = 0; i < data_->size(); ++i) {
    if (address_of(data_->replica(i)) == address) return &data_->replica(i);
  }
  return nullptr;
}

void sentinel_group::wait_stable(std::size_t replicas, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::string last;
  for (;;) {
    bool stable = true;
    std::string primary;
    for (const auto& s : sentinels_) {
      if (!s->running()) continue;
      const std::string info = s->command({"INFO", "sentinel"});
      const std::string named = primary_address(static_cast<std::size_t>(&s - &sentinels_[0]));
      if (primary.empty()) primary = named;
      stable = stable && named == primary &&
               info.find("address=" + named + ",slaves=" + std::to_string(replicas) +
                         ",sentinels=3") != std::string::npos;
      last = info;
    }
    redis_server* node = server_at(primary);
    stable = stable && node != nullptr && node->running() &&
             replication_field(*node, "role") == "master" &&
             replication_field(*node, "connected_slaves") == std::to_string(replicas);
    if (stable) return;
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("the sentinels did not settle; last INFO sentinel:\n" + last);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace rediscache::test
