#include "topology/host_port.hpp"

#include <rediscache/error.hpp>

#include "quote.hpp"

#include <algorithm>

namespace rediscache::detail {
namespace {

bool valid_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

}  // namespace

host_port parse_host_port(std::string_view text, std::uint16_t default_port,
                          const std::string& what) {
  auto fail = [&](const std::string& why) -> host_port {
    throw config_error(what + " " + quote_for_message(text) + " " + why);
  };
  host_port out;
  std::string_view port;
  bool has_port = false;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return fail("lacks the IPv6 address' closing ']'");
    out.host = std::string(text.substr(1, close - 1));
    const bool v6 = !out.host.empty() && std::all_of(out.host.begin(), out.host.end(), [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
             c == ':' || c == '.';
    });
    if (!v6) return fail("is not an IPv6 address in brackets");
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return fail("has text after the ']' that is not :port");
    has_port = !rest.empty();
    if (has_port) port = rest.substr(1);
  } else {
    const auto colon = text.find(':');
    out.host = std::string(text.substr(0, colon));
    has_port = colon != std::string_view::npos;
    if (has_port) port = text.substr(colon + 1);
    if (port.find(':') != std::string_view::npos)
      return fail("has more than one ':' (write an IPv6 address in brackets: [::1]:26379)");
    if (out.host.empty() || !std::all_of(out.host.begin(), out.host.end(), valid_host_char))
      return fail("is not host:port (the host may contain only letters, digits, '-', '.', '_')");
  }
  if (!has_port) {
    if (default_port == 0) return fail("has no :port");
    out.port = default_port;
    return out;
  }
  unsigned value = 0;
  if (port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return fail("has a port that is not a number");
  for (const char c : port) value = value * 10 + static_cast<unsigned>(c - '0');
  if (value == 0 || value > 65535) return fail("has a port outside 1 to 65535");
  out.port = static_cast<std::uint16_t>(value);
  return out;
}

connection_options at_address(connection_options base, const host_port& where) {
  base.unix_socket.clear();
  base.host = where.host;
  base.port = where.port;
  return base;
}

}  // namespace rediscache::detail
