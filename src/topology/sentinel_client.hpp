#pragma once

#include <rediscache/connection.hpp>
#include <rediscache/topology.hpp>

#include "topology/host_port.hpp"

#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

namespace rediscache::detail {

// Asks Redis Sentinels about one primary, as the Sentinel client guidelines say: each sentinel in
// turn, within its own short timeout, and the one that answered first next time. Keeps one
// connection to the sentinel that answered last. Thread-safe.
class sentinel_client {
 public:
  // config_error for a malformed sentinel address.
  explicit sentinel_client(sentinel_options options);

  const std::string& service() const noexcept { return options_.service; }
  // SENTINEL get-master-addr-by-name. sentinel_unreachable_error when no sentinel answers,
  // unknown_primary_error when those that answer know no primary by the name.
  host_port primary();
  // SENTINEL replicas: the replicas the sentinels consider up (not s_down, o_down or
  // disconnected). Throws as primary() does.
  std::vector<host_port> replicas();
  // Where the sentinel that answered last listens (the first of the list before any answer).
  connection_options current() const;

 private:
  // Runs cmd on each sentinel in turn until one answers with something other than nil or an
  // error reply (which mean it knows no such primary).
  reply ask(const command& cmd);
  connection& connect(std::size_t index);

  sentinel_options options_;
  std::vector<host_port> order_;  // the one that answered last first
  mutable std::mutex mutex_;
  std::optional<connection> open_;  // to order_.front()
};

}  // namespace rediscache::detail
