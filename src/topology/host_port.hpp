#pragma once

#include <rediscache/connection_options.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace rediscache::detail {

struct host_port {
  std::string host;  // without brackets
  std::uint16_t port = 0;
};

// "host:port", "[v6]:port", or without ":port" when default_port is not 0. config_error naming
// `what` for anything else.
host_port parse_host_port(std::string_view text, std::uint16_t default_port,
                          const std::string& what);

// base, connecting to host:port over TCP.
connection_options at_address(connection_options base, const host_port& where);

}  // namespace rediscache::detail
