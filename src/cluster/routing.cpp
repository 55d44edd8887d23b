#include "cluster/routing.hpp"

#include "cluster/key_slot.hpp"
#include "quote.hpp"

#include <rediscache/error.hpp>

#include <algorithm>
#include <cctype>

namespace rediscache::detail {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

struct keyless_rule {
  std::string_view name;
  std::string_view subcommand;  // empty: any
  route::kind how;
};

// Keyless commands that concern every primary's data rather than any one node's.
constexpr keyless_rule keyless_rules[] = {
    {"scan", {}, route::kind::scan},
    {"dbsize", {}, route::kind::sum},
    {"keys", {}, route::kind::concat},
    {"flushdb", {}, route::kind::every_primary},
    {"flushall", {}, route::kind::every_primary},
    {"script", "load", route::kind::every_primary},
    {"script", "flush", route::kind::every_primary},
    {"function", "load", route::kind::every_primary},
    {"function", "flush", route::kind::every_primary},
    {"function", "delete", route::kind::every_primary},
    {"function", "restore", route::kind::every_primary},
};

route::kind keyless_kind(const command& cmd) {
  const std::string name = lower(cmd.argument(0));
  const std::string sub = lower(cmd.argument(1));
  for (const auto& rule : keyless_rules) {
    if (rule.name == name && (rule.subcommand.empty() || rule.subcommand == sub)) return rule.how;
  }
  return route::kind::any;
}

// The keys of cmd: from the command table, or from the server when the table cannot tell.
// info is cmd.info(), which callers look up once: finding it by name is most of routing's cost.
std::vector<std::string_view> keys_of(const command& cmd, const command_info* info,
                                      const key_finder& ask_server,
                                      std::vector<std::string>& asked) {
  if (info != nullptr && !info->has(command_info::keys_incomplete)) return cmd.keys(*info);
  asked = ask_server(cmd);
  return std::vector<std::string_view>(asked.begin(), asked.end());
}

std::string hash_tag_advice() {
  return "; nothing was sent. Keys with the same hash tag share a slot: '{user42}:cart' and "
         "'{user42}:profile'";
}

}  // namespace

route route_command(const command& cmd, const key_finder& ask_server) {
  route r;
  std::vector<std::string> asked;
  const command_info* info = cmd.info();
  const auto keys = keys_of(cmd, info, ask_server, asked);
  if (keys.empty()) {
    r.how = keyless_kind(cmd);
    return r;
  }
  r.read_only =
      info != nullptr && info->has(command_info::read_only) && !info->has(command_info::write);
  r.how = route::kind::slot;
  r.slot = key_slot(keys.front());
  for (const auto key : keys) {
    const int slot = key_slot(key);
    if (slot == r.slot) continue;
    r.split = split_by_node(
        cmd, [](std::string_view k) { return static_cast<std::size_t>(key_slot(k)); });
    if (r.split) {
      r.how = route::kind::split;
      r.slot = -1;
      return r;
    }
    const std::string name(cmd.name());
    throw cross_slot_error(name + " needs all its keys in one cluster slot, but " +
                               quote_for_message(keys.front()) + " is in slot " +
                               std::to_string(r.slot) + " and " + quote_for_message(key) +
                               " in slot " + std::to_string(slot) + hash_tag_advice(),
                           name, r.slot, slot);
  }
  return r;
}

int transaction_slot(const std::vector<command>& commands, const key_finder& ask_server) {
  int slot = -1;
  std::string first_key;
  std::string first_name;
  for (const auto& cmd : commands) {
    std::vector<std::string> asked;
    for (const auto key : keys_of(cmd, cmd.info(), ask_server, asked)) {
      const int here = key_slot(key);
      if (slot < 0) {
        slot = here;
        first_key = std::string(key);
        first_name = std::string(cmd.name());
      } else if (here != slot) {
        throw cross_slot_error("a transaction needs all its keys in one cluster slot, but " +
                                   quote_for_message(first_key) + " (" + first_name +
                                   ") is in slot " + std::to_string(slot) + " and " +
                                   quote_for_message(key) + " (" + std::string(cmd.name()) +
                                   ") in slot " + std::to_string(here) + hash_tag_advice(),
                               "MULTI", slot, here);
      }
    }
  }
  return slot;
}

command getkeys_command(const command& cmd) {
  command out{"COMMAND", "GETKEYS"};
  for (const auto arg : arguments_of(cmd)) out.arg(arg);
  return out.mark(idempotency::idempotent);
}

}  // namespace rediscache::detail
