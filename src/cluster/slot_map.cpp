#include "cluster/slot_map.hpp"

#include <rediscache/error.hpp>

#include "quote.hpp"

#include <algorithm>
#include <charconv>
#include <map>

namespace rediscache::detail {
namespace {

// A field of a RESP2 map (a flat array of name, value pairs); nullptr when absent.
const reply* field(const reply& map, std::string_view name) {
  const auto& items = map.elements();
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].is_string() && items[i].str() == name) return &items[i + 1];
  }
  return nullptr;
}

std::string text_field(const reply& map, std::string_view name) {
  const reply* value = field(map, name);
  return value != nullptr && value->is_string() ? value->str() : std::string();
}

long long integer_field(const reply& map, std::string_view name) {
  const reply* value = field(map, name);
  return value != nullptr && value->is_integer() ? value->integer() : 0;
}

// An endpoint the cluster does not know ("?" or empty) is the host we asked.
std::string reachable_host(std::string host, std::string_view asked_host) {
  if (host.empty() || host == "?") return std::string(asked_host);
  return host;
}

int checked_slot(long long value) {
  if (value < 0 || value >= cluster_slots) {
    throw protocol_error("the cluster named slot " + std::to_string(value) + ", not in 0-16383");
  }
  return static_cast<int>(value);
}

// Adds a shard serving [first, last] for primary, or extends the one it already has.
void assign(slot_map& map, std::map<std::string, std::size_t>& index, const std::string& primary,
            const std::vector<std::string>& replicas, int first, int last) {
  auto found = index.find(primary);
  if (found == index.end()) {
    found = index.emplace(primary, map.shards.size()).first;
    map.shards.push_back({primary, replicas, cluster_slots});
  }
  shard& s = map.shards[found->second];
  s.first_slot = std::min(s.first_slot, first);
  for (int slot = first; slot <= last; ++slot) {
    map.owner[static_cast<std::size_t>(slot)] = static_cast<std::int16_t>(found->second);
  }
}

// Orders shards by their lowest slot and renumbers the owners to match.
slot_map ordered(slot_map map) {
  std::vector<std::size_t> order(map.shards.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return map.shards[a].first_slot < map.shards[b].first_slot;
  });
  std::vector<std::int16_t> renumber(order.size());
  slot_map out;
  for (std::size_t i = 0; i < order.size(); ++i) {
    renumber[order[i]] = static_cast<std::int16_t>(i);
    out.shards.push_back(std::move(map.shards[order[i]]));
  }
  for (std::size_t slot = 0; slot < out.owner.size(); ++slot) {
    if (map.owner[slot] >= 0) out.owner[slot] = renumber[static_cast<std::size_t>(map.owner[slot])];
  }
  return out;
}

}  // namespace

node_address parse_node_address(std::string_view text, std::string_view what) {
  auto fail = [&]() -> node_address {
    throw config_error(std::string(what) + " " + quote_for_message(text) +
                       " is not host:port (a port from 1 to 65535)");
  };
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return fail();
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string_view digits = text.substr(colon + 1);
  unsigned port = 0;
  const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (host.empty() || digits.empty() || parsed.ec != std::errc() ||
      parsed.ptr != digits.data() + digits.size() || port == 0 || port > 65535) {
    return fail();
  }
  return {std::string(host), static_cast<std::uint16_t>(port)};
}

int slot_map::shard_index(std::string_view node) const {
  for (std::size_t i = 0; i < shards.size(); ++i) {
    if (shards[i].primary == node) return static_cast<int>(i);
  }
  return -1;
}

slot_map parse_cluster_shards(const reply& r, std::string_view asked_host, bool tls) {
  slot_map map;
  std::map<std::string, std::size_t> index;
  for (const reply& entry : r.elements()) {
    const reply* slots = field(entry, "slots");
    const reply* nodes = field(entry, "nodes");
    if (slots == nullptr || nodes == nullptr)
      throw protocol_error("CLUSTER SHARDS: a shard without slots or nodes");
    std::string primary;
    std::vector<std::string> replicas;
    for (const reply& node : nodes->elements()) {
      long long port = tls && field(node, "tls-port") != nullptr ? integer_field(node, "tls-port")
                                                                 : integer_field(node, "port");
      std::string host = text_field(node, "endpoint");
      if (host.empty() || host == "?") host = text_field(node, "ip");
      if (port <= 0 || port > 65535) continue;
      const std::string name = reachable_host(host, asked_host) + ":" + std::to_string(port);
      if (text_field(node, "role") == "master") {
        primary = name;
      } else if (text_field(node, "health") == "online") {
        replicas.push_back(name);
      }
    }
    const auto& ranges = slots->elements();
    if (primary.empty() || ranges.empty()) continue;  // a failed primary replaced by its replica
    for (std::size_t i = 0; i + 1 < ranges.size(); i += 2) {
      assign(map, index, primary, replicas, checked_slot(ranges[i].integer()),
             checked_slot(ranges[i + 1].integer()));
    }
  }
  return ordered(std::move(map));
}

slot_map parse_cluster_slots(const reply& r, std::string_view asked_host) {
  slot_map map;
  std::map<std::string, std::size_t> index;
  auto name_of = [&](const reply& node) {
    const auto& parts = node.elements();
    if (parts.size() < 2) throw protocol_error("CLUSTER SLOTS: a node without host and port");
    const std::string host = parts[0].is_string() ? parts[0].str() : std::string();
    return reachable_host(host, asked_host) + ":" + std::to_string(parts[1].integer());
  };
  for (const reply& range : r.elements()) {
    const auto& parts = range.elements();
    if (parts.size() < 3) throw protocol_error("CLUSTER SLOTS: a range without a primary");
    std::vector<std::string> replicas;
    for (std::size_t i = 3; i < parts.size(); ++i) replicas.push_back(name_of(parts[i]));
    assign(map, index, name_of(parts[2]), replicas, checked_slot(parts[0].integer()),
           checked_slot(parts[1].integer()));
  }
  return ordered(std::move(map));
}

slot_map with_slot_moved(const slot_map& map, int slot, const std::string& node) {
  slot_map moved = map;
  int index = moved.shard_index(node);
  if (index < 0) {
    index = static_cast<int>(moved.shards.size());
    moved.shards.push_back({node, {}, slot});
  }
  moved.owner[static_cast<std::size_t>(slot)] = static_cast<std::int16_t>(index);
  return moved;
}

}  // namespace rediscache::detail
