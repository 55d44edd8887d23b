#pragma once

#include <rediscache/command.hpp>
#include <rediscache/reply.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// A SCAN cursor is only meaningful on the server that made it. Topologies that may send the next
// page's call elsewhere (another replica, the next shard) carry the node in the cursor: the
// node's cursor times 1024 plus the node's number. "0" still starts and ends a scan.
namespace rediscache::detail {

constexpr std::size_t max_cursor_nodes = 1024;

struct node_scan {
  std::size_t node = 0;
  std::uint64_t cursor = 0;
};

// reply_error "ERR invalid cursor" for text that is not a cursor, as Redis answers.
node_scan decode_node_cursor(std::string_view text);
// protocol_error for a node cursor of 2^54 or more (no real hash table has one).
std::string encode_node_cursor(node_scan position);

// Where the cursor is among a command's arguments: 1 for SCAN, 2 for SSCAN/HSCAN/ZSCAN; 0 for a
// command without one.
std::size_t cursor_argument(const command& cmd);
// The command with argument `index` replaced.
command with_argument(const command& cmd, std::size_t index, std::string_view value);
// Replaces a SCAN-style reply's cursor (its first element) by `cursor`.
void replace_reply_cursor(reply& r, std::string_view cursor);
// The cursor of a SCAN-style reply; protocol_error when the reply is not [cursor, [...]].
std::uint64_t reply_cursor(const reply& r);

}  // namespace rediscache::detail
