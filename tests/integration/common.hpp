#pragma once

#include "server_options.hpp"
#include "support/redis_server.hpp"

#include <rediscache/connection_options.hpp>

#include <chrono>

namespace rediscache::test {

// Options that reach server over TCP (with the test CA when it speaks TLS).
inline connection_options tcp_options(const redis_server& server) {
  connection_options o = options_of(server);
  o.connect_timeout = std::chrono::milliseconds(2000);
  o.socket_timeout = std::chrono::milliseconds(2000);
  return o;
}

inline connection_options tls_client_options(const redis_server& server) {
  connection_options o = tcp_options(server);
  o.tls.enabled = true;
  o.tls.ca_file = server.tls().ca_cert;
  return o;
}

inline connection_options unix_options(const redis_server& server) {
  connection_options o;
  o.unix_socket = server.unix_path();
  return o;
}

template <class F>
std::chrono::milliseconds time_it(F&& f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

}  // namespace rediscache::test
