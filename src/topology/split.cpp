#include "topology/split.hpp"

#include <rediscache/error.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <unordered_map>

namespace rediscache::detail {
namespace {

struct splittable {
  std::string_view name;
  std::size_t step;  // arguments per key: 1, or 2 for MSET's key value pairs
  split_command::merge how;
};

constexpr splittable commands[] = {
    {"mget", 1, split_command::merge::in_order}, {"del", 1, split_command::merge::sum},
    {"unlink", 1, split_command::merge::sum},    {"exists", 1, split_command::merge::sum},
    {"touch", 1, split_command::merge::sum},     {"mset", 2, split_command::merge::all_ok},
};

const splittable* find(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& s : commands) {
    if (s.name == lower) return &s;
  }
  return nullptr;
}

}  // namespace

std::vector<std::string_view> arguments_of(const command& cmd) {
  std::vector<std::string_view> args;
  args.reserve(cmd.size());
  const std::string_view encoded = cmd.encoded_args();
  std::size_t pos = 0;
  while (pos < encoded.size()) {  // "$<length>\r\n<bytes>\r\n" per argument
    std::size_t length = 0;
    const auto parsed =
        std::from_chars(encoded.data() + pos + 1, encoded.data() + encoded.size(), length);
    const std::size_t body = static_cast<std::size_t>(parsed.ptr - encoded.data()) + 2;
    args.push_back(encoded.substr(body, length));
    pos = body + length + 2;
  }
  return args;
}

std::optional<split_command> split_by_node(
    const command& cmd, const std::function<std::size_t(std::string_view key)>& node_of) {
  const splittable* kind = find(cmd.name());
  if (kind == nullptr || cmd.size() < 2 || (cmd.size() - 1) % kind->step != 0) return std::nullopt;
  split_command split;
  split.how = kind->how;
  split.key_count = (cmd.size() - 1) / kind->step;
  const auto args = arguments_of(cmd);
  const command_info* info = cmd.info();
  std::unordered_map<std::size_t, std::size_t> part_of_node;
  for (std::size_t k = 0; k < split.key_count; ++k) {
    const std::size_t first = 1 + k * kind->step;
    const auto [found, fresh] = part_of_node.emplace(node_of(args[first]), split.parts.size());
    if (fresh) {
      command part{args[0]};
      part.mark(cmd.kind());
      if (info != nullptr) part.describe(*info);
      split.parts.push_back({found->first, std::move(part), {}});
    }
    split_command::part& part = split.parts[found->second];
    for (std::size_t a = first; a < first + kind->step; ++a) part.cmd.arg(args[a]);
    part.positions.push_back(k);
  }
  return split;
}

reply merge_replies(const split_command& split, std::vector<reply> replies) {
  if (replies.size() != split.parts.size()) {
    throw protocol_error("a split command lost replies from its nodes");
  }
  for (auto& r : replies) {
    if (r.is_error()) return std::move(r);
  }
  switch (split.how) {
    case split_command::merge::sum: {
      long long total = 0;
      for (const auto& r : replies) total += r.integer();
      return reply::make_integer(total);
    }
    case split_command::merge::all_ok:
      return reply::make_simple_string("OK");
    case split_command::merge::in_order:
      break;
  }
  std::vector<reply> ordered(split.key_count);
  for (std::size_t p = 0; p < split.parts.size(); ++p) {
    auto& values = replies[p].elements();
    const auto& positions = split.parts[p].positions;
    if (values.size() != positions.size()) {
      throw protocol_error("a node answered MGET with the wrong number of values");
    }
    for (std::size_t i = 0; i < values.size(); ++i) ordered[positions[i]] = std::move(values[i]);
  }
  return reply::make_array(std::move(ordered));
}

}  // namespace rediscache::detail
