#pragma once

#include "support/redis_server.hpp"

#include <rediscache/url.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rediscache::test {

// A primary and `replicas` real redis-server processes following it (replicaof), for the topology
// tests. Replicas can be pointed elsewhere and back, killed and restarted.
class replication_group {
 public:
  explicit replication_group(std::size_t replicas);

  redis_server& primary() { return *primary_; }
  redis_server& replica(std::size_t i) { return *replicas_.at(i); }
  std::size_t size() const { return replicas_.size(); }

  // Waits (up to 10 s) until every running replica has its link up and the primary's offset.
  void wait_synced();
  // Points replica i at host:port (REPLICAOF), or back at the primary.
  void follow(std::size_t i, const std::string& host, std::uint16_t port);
  void follow_primary(std::size_t i);
  // CONFIG RESETSTAT on every running server.
  void reset_stats();

  client_options primary_options() const;
  client_options replica_options(std::size_t i) const;
  std::vector<client_options> replica_options() const;
  std::string url(const redis_server& server) const;

 private:
  std::unique_ptr<redis_server> primary_;
  std::vector<std::unique_ptr<redis_server>> replicas_;
};

// A server that starts a replica's full sync at once (no diskless-sync delay).
server_config quick_sync();

// Calls of `command` a server has run since its last CONFIG RESETSTAT (INFO commandstats).
long long calls(const redis_server& server, const std::string& command);
// One field of INFO replication.
std::string replication_field(const redis_server& server, const std::string& field);

}  // namespace rediscache::test
