#include "topology/replication_group.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

namespace rediscache::test {
namespace {

std::string field_of(const std::string& info, const std::string& name) {
  const std::string prefix = name + ":";
  std::size_t pos = 0;
  while (pos < info.size()) {
    std::size_t end = info.find('\n', pos);
    if (end == std::string::npos) end = info.size();
    std::string line = info.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.compare(0, prefix.size(), prefix) == 0) return line.substr(prefix.size());
    pos = end + 1;
  }
  return {};
}

client_options options_for(const redis_server& server) {
  client_options o;
  o.connection.host = server.host();
  o.connection.port = server.port();
  return o;
}

}  // namespace

server_config quick_sync() {
  server_config cfg;
  cfg.extra_config = {"repl-diskless-sync-delay 0"};
  return cfg;
}

replication_group::replication_group(std::size_t replicas) {
  primary_ = std::make_unique<redis_server>(quick_sync());
  for (std::size_t i = 0; i < replicas; ++i) {
    server_config cfg;
    cfg.extra_config = {"replicaof " + primary_->host() + " " + std::to_string(primary_->port())};
    replicas_.push_back(std::make_unique<redis_server>(cfg));
  }
  wait_synced();
}

void replication_group::wait_synced() {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    const std::string offset = replication_field(*primary_, "master_repl_offset");
    bool synced = true;
    for (const auto& r : replicas_) {
      if (!r->running()) continue;
      const std::string info = r->command({"INFO", "replication"});
      synced = synced && field_of(info, "master_link_status") == "up" &&
               field_of(info, "master_host") == primary_->host() &&
               field_of(info, "master_port") == std::to_string(primary_->port()) &&
               field_of(info, "slave_repl_offset") == offset;
    }
    if (synced) return;
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("replicas did not catch up with the primary within 10 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void replication_group::follow(std::size_t i, const std::string& host, std::uint16_t port) {
  replica(i).command({"REPLICAOF", host, std::to_string(port)});
}

void replication_group::follow_primary(std::size_t i) {
  follow(i, primary_->host(), primary_->port());
}

void replication_group::reset_stats() {
  primary_->command({"CONFIG", "RESETSTAT"});
  for (const auto& r : replicas_) {
    if (r->running()) r->command({"CONFIG", "RESETSTAT"});
  }
}

client_options replication_group::primary_options() const { return options_for(*primary_); }

client_options replication_group::replica_options(std::size_t i) const {
  return options_for(*replicas_.at(i));
}

std::vector<client_options> replication_group::replica_options() const {
  std::vector<client_options> out;
  for (std::size_t i = 0; i < replicas_.size(); ++i) out.push_back(replica_options(i));
  return out;
}

std::string replication_group::url(const redis_server& server) const {
  return "redis://" + server.host() + ":" + std::to_string(server.port()) + "/0";
}

long long calls(const redis_server& server, const std::string& command) {
  const std::string stats = field_of(server.command({"INFO", "commandstats"}), "cmdstat_" + command);
  if (stats.empty()) return 0;
  const auto start = stats.find("calls=") + 6;
  return std::stoll(stats.substr(start, stats.find(',', start) - start));
}

std::string replication_field(const redis_server& server, const std::string& field) {
  return field_of(server.command({"INFO", "replication"}), field);
}

}  // namespace rediscache::test
