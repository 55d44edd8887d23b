#include <rediscache/connection_options.hpp>

#include "url_parts.hpp"

#include <string>

namespace rediscache {

std::string endpoint_name(const connection_options& options) {
  if (!options.unix_socket.empty()) return options.unix_socket;
  const std::string port = std::to_string(options.port);
  if (detail::url::is_ipv6_literal(options.host)) return "[" + options.host + "]:" + port;
  return options.host + ":" + port;
}

// Written in parse_url()'s grammar, so a logged value can be pasted back (with the real password).
std::string to_string(const connection_options& options) {
  const bool socket = !options.unix_socket.empty();
  std::string out = socket ? "unix://" : options.tls.enabled ? "rediss://" : "redis://";
  if (!options.user.empty() || !options.password.empty()) {
    out += detail::url::percent_encode(options.user);
    if (!options.password.empty()) out += ":***";
    out += '@';
  }
  const std::string db = std::to_string(options.db);
  if (socket) {
    out += detail::url::percent_encode(options.unix_socket, "/") + "?db=" + db;
  } else {
    out += endpoint_name(options) + "/" + db;
  }
  if (!options.client_name.empty()) {
    out += socket ? "&" : "?";
    out += "client_name=" + detail::url::percent_encode(options.client_name);
  }
  return out;
}

}  // namespace rediscache
