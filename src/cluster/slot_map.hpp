#pragma once

#include "cluster/key_slot.hpp"

#include <rediscache/reply.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rediscache::detail {

// Where a cluster node listens. Its name, "host:port" with an IPv6 host unbracketed, is how
// Redis writes it in MOVED and ASK.
struct node_address {
  std::string host;
  std::uint16_t port = 0;
  std::string name() const { return host + ":" + std::to_string(port); }
};

// "host:port", "[v6]:port" or Redis' "v6:port"; config_error naming `what` otherwise.
node_address parse_node_address(std::string_view text, std::string_view what);

// One primary and its replicas, serving some slots.
struct shard {
  std::string primary;                // node name
  std::vector<std::string> replicas;  // those reported healthy
  int first_slot = cluster_slots;     // the lowest slot it serves
};

// Who serves each of the 16384 slots. Shards are ordered by their lowest slot, so that the order
// stays the same when a replica replaces its primary (a SCAN over the primaries relies on it).
struct slot_map {
  std::vector<shard> shards;
  std::array<std::int16_t, cluster_slots> owner;  // index into shards; -1: nobody

  slot_map() { owner.fill(-1); }
  const shard* shard_of(int slot) const {
    const int index = owner[static_cast<std::size_t>(slot)];
    return index < 0 ? nullptr : &shards[static_cast<std::size_t>(index)];
  }
  // Index of the shard whose primary is `node`; -1 when none.
  int shard_index(std::string_view node) const;
};

// The map from a CLUSTER SHARDS (Redis 7) or CLUSTER SLOTS reply. Nodes whose endpoint is unknown
// to the cluster are reached at asked_host, the host that answered. With tls, CLUSTER SHARDS'
// tls-port is used where it is given. protocol_error for a reply of another shape.
slot_map parse_cluster_shards(const reply& r, std::string_view asked_host, bool tls);
slot_map parse_cluster_slots(const reply& r, std::string_view asked_host);

// A copy of map in which node serves slot as primary (after MOVED), in a new shard if no shard
// has that primary.
slot_map with_slot_moved(const slot_map& map, int slot, const std::string& node);

}  // namespace rediscache::detail
