#include "cluster/redirect.hpp"

#include "cluster/key_slot.hpp"

#include <charconv>

namespace rediscache::detail {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// "<slot> <host:port>" after MOVED or ASK; kind::none when malformed.
redirect parse_target(redirect::kind what, std::string_view rest) {
  const auto space = rest.find(' ');
  if (space == std::string_view::npos) return {};
  int slot = -1;
  const auto parsed = std::from_chars(rest.data(), rest.data() + space, slot);
  if (parsed.ec != std::errc() || parsed.ptr != rest.data() + space || slot < 0 ||
      slot >= cluster_slots) {
    return {};
  }
  const std::string_view node = rest.substr(space + 1);
  if (node.empty() || node.find(':') == std::string_view::npos) return {};
  redirect r;
  r.what = what;
  r.slot = slot;
  r.node = std::string(node);
  return r;
}

}  // namespace

redirect parse_redirect(std::string_view message) {
  redirect r;
  if (starts_with(message, "MOVED ")) {
    r = parse_target(redirect::kind::moved, message.substr(6));
  } else if (starts_with(message, "ASK ")) {
    r = parse_target(redirect::kind::ask, message.substr(4));
  } else if (starts_with(message, "TRYAGAIN")) {
    r.what = redirect::kind::try_again;
  } else if (starts_with(message, "CLUSTERDOWN")) {
    r.what = redirect::kind::cluster_down;
  }
  if (r.what != redirect::kind::none) r.text = std::string(message);
  return r;
}

}  // namespace rediscache::detail
