#include "cluster/scan_cursor.hpp"

#include <rediscache/error.hpp>

#include <charconv>

namespace rediscache::detail {

scan_position decode_scan_cursor(std::string_view text) {
  std::uint64_t value = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) {
    throw reply_error("ERR invalid cursor");
  }
  return {static_cast<std::size_t>(value % max_scan_shards), value / max_scan_shards};
}

std::string encode_scan_cursor(scan_position position) {
  if (position.cursor >= (std::uint64_t{1} << 54) || position.shard >= max_scan_shards) {
    throw protocol_error("a SCAN cursor of " + std::to_string(position.cursor) + " on primary " +
                         std::to_string(position.shard) + " cannot be carried in one cursor");
  }
  return std::to_string(position.cursor * max_scan_shards + position.shard);
}

}  // namespace rediscache::detail
