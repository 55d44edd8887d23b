#pragma once

#include <rediscache/command.hpp>

#include <string_view>
#include <vector>

namespace rediscache::detail {

// Redis Cluster refuses MGET over keys of different slots even when one node serves them all,
// so an MGET split per slot costs the node one command per slot. Instead each node gets one
// script that reads all of its keys (Redis 7's allow-cross-slot-keys flag), with MGET's answers:
// nil for a missing key or one that holds another type.

// EVAL of that script over keys (the keys of an MGET part for one node); idempotent.
command node_mget_command(const std::vector<std::string_view>& keys);
// The keys a node_mget_command reads.
std::vector<std::string_view> node_mget_keys(const command& script_call);
// Whether the script's error reply only means that some key is not on that node right now (a
// slot moved or is migrating), rather than that this server cannot run such scripts at all.
bool node_mget_missed_keys(std::string_view error_message);

}  // namespace rediscache::detail
