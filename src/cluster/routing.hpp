#pragma once

#include "topology/split.hpp"

#include <rediscache/command.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rediscache::detail {

// Where a command goes in a cluster, decided from its keys before anything is sent.
struct route {
  enum class kind {
    slot,           // every key in one slot: the node serving it
    split,          // a per-key command (MGET, DEL, ...) over several slots: one part per slot
    any,            // no keys (PING, INFO, PUBLISH, ...): any primary
    every_primary,  // FLUSHDB, FLUSHALL, SCRIPT LOAD/FLUSH, FUNCTION LOAD/FLUSH/DELETE/RESTORE:
                    // each primary, one reply
    sum,            // DBSIZE: each primary's count added up
    concat,         // KEYS: each primary's keys together
    scan,           // SCAN: one primary after the other, behind one cursor
  };
  kind how = kind::any;
  int slot = -1;
  bool read_only = false;              // a replica may answer
  std::optional<split_command> split;  // kind::split: parts[i].node is the part's slot
};

// Asks a node which arguments of cmd are keys (COMMAND GETKEYS), for commands whose keys the
// command table cannot tell; empty for a command without keys.
using key_finder = std::function<std::vector<std::string>(const command&)>;

// cross_slot_error (nothing sent) when the keys span slots and the command cannot be split.
route route_command(const command& cmd, const key_finder& ask_server);

// The slot every key of a transaction's commands is in; -1 when none has keys. cross_slot_error
// when they differ.
int transaction_slot(const std::vector<command>& commands, const key_finder& ask_server);

// COMMAND GETKEYS followed by cmd's arguments.
command getkeys_command(const command& cmd);

}  // namespace rediscache::detail
