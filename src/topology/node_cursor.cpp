#include "topology/node_cursor.hpp"

#include <rediscache/error.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace rediscache::detail {
namespace {

bool named(std::string_view name, std::string_view lower) {
  return name.size() == lower.size() &&
         std::equal(name.begin(), name.end(), lower.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

std::uint64_t parse_cursor(std::string_view text) {
  std::uint64_t value = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) {
    throw reply_error("ERR invalid cursor");
  }
  return value;
}

}  // namespace

node_scan decode_node_cursor(std::string_view text) {
  const std::uint64_t value = parse_cursor(text);
  return {static_cast<std::size_t>(value % max_cursor_nodes), value / max_cursor_nodes};
}

std::string encode_node_cursor(node_scan position) {
  if (position.cursor >= (std::uint64_t{1} << 54) || position.node >= max_cursor_nodes) {
    throw protocol_error("a SCAN cursor of " + std::to_string(position.cursor) + " on node " +
                         std::to_string(position.node) + " cannot be carried in one cursor");
  }
  return std::to_string(position.cursor * max_cursor_nodes + position.node);
}

std::size_t cursor_argument(const command& cmd) {
  const std::string_view name = cmd.name();
  if (named(name, "scan")) return cmd.size() >= 2 ? 1 : 0;
  if (named(name, "sscan") || named(name, "hscan") || named(name, "zscan")) {
    return cmd.size() >= 3 ? 2 : 0;
  }
  return 0;
}

command with_argument(const command& cmd, std::size_t index, std::string_view value) {
  command fresh;
  for (std::size_t i = 0; i < cmd.size(); ++i) fresh.arg(i == index ? value : cmd.argument(i));
  fresh.mark(cmd.kind());
  fresh.blocks_for(cmd.block_time());
  if (const command_info* info = cmd.info()) fresh.describe(*info);
  return fresh;
}

std::uint64_t reply_cursor(const reply& r) {
  if (!r.is_array() || r.elements().size() != 2 || !r.elements()[0].is_string()) {
    throw protocol_error("a SCAN reply is not [cursor, [...]]");
  }
  const std::string& text = r.elements()[0].str();
  std::uint64_t value = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) {
    throw protocol_error("a SCAN reply's cursor is not a number");
  }
  return value;
}

void replace_reply_cursor(reply& r, std::string_view cursor) {
  r.elements()[0] = reply::make_bulk_string(cursor);
}

}  // namespace rediscache::detail
