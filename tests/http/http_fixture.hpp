#pragma once

// One redis-server per test binary, flushed before each test, and helpers to build requests.
#include "support/redis_server.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/http/response.hpp>

#include <gtest/gtest.h>

#include <string>

namespace rediscache::test {

inline redis_server& shared_server() {
  static redis_server server;  // constructed on the test's main thread, stopped at exit
  return server;
}

inline std::string url_of(const redis_server& server) {
  return "redis://127.0.0.1:" + std::to_string(server.port()) +
         "/0?socket_connect_timeout=0.5&socket_timeout=2";
}

inline cache shared_cache(cache_options options = {}) {
  return cache::from_url(url_of(shared_server()), std::move(options));
}

class http_test : public ::testing::Test {
 protected:
  void SetUp() override { shared_server().command({"FLUSHALL"}); }
};

inline http::request make_request(std::string method, std::string path, std::string query = {}) {
  http::request r;
  r.method = std::move(method);
  r.host = "shop.example";
  r.path = std::move(path);
  r.query = std::move(query);
  r.client_address = "203.0.113.7";
  return r;
}

inline std::string header(const http::response& r, std::string_view name) {
  return r.headers.get(name).value_or("<absent>");
}

}  // namespace rediscache::test
