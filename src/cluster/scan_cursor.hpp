#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace rediscache::detail {

// A SCAN over a cluster walks the primaries in slot order, each with its own cursor. Both travel
// in one decimal cursor, so that callers loop until "0" as with one server: the node's cursor
// times 1024 plus the primary's position. "0" starts at the first primary and ends after the last.
struct scan_position {
  std::size_t shard = 0;
  std::uint64_t cursor = 0;
};

constexpr std::size_t max_scan_shards = 1024;

// reply_error "ERR invalid cursor" for text that is not such a cursor, as Redis answers.
scan_position decode_scan_cursor(std::string_view text);
// protocol_error for a node cursor too large to carry (2^54 or more: no real hash table).
std::string encode_scan_cursor(scan_position position);

}  // namespace rediscache::detail
