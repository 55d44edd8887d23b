#pragma once

#include "support/redis_server.hpp"

#include <rediscache/connection_options.hpp>

namespace rediscache::test {

// Connection options that reach a test server over TCP, with the library's defaults otherwise.
inline connection_options options_of(const redis_server& server) {
  connection_options o;
  o.host = server.host();
  o.port = server.port();
  return o;
}

}  // namespace rediscache::test
