#pragma once

#include "server_options.hpp"
#include "support/redis_server.hpp"

#include <rediscache/connection_options.hpp>

#include <hiredis/hiredis.h>

#include <stdexcept>
#include <string>

// One redis-server for the whole benchmark binary, 100-byte values, batches of 100.
namespace bench {

inline const std::string value(100, 'v');
constexpr int batch = 100;

inline rediscache::test::redis_server& server() {
  static rediscache::test::redis_server instance;
  return instance;
}

inline rediscache::connection_options options() { return rediscache::test::options_of(server()); }

struct hiredis_context {
  hiredis_context() : ctx(redisConnect(server().host().c_str(), server().port())) {
    if (ctx == nullptr || ctx->err) throw std::runtime_error("hiredis cannot connect");
  }
  ~hiredis_context() { redisFree(ctx); }
  hiredis_context(const hiredis_context&) = delete;
  hiredis_context& operator=(const hiredis_context&) = delete;
  redisContext* ctx;
};

inline void check(void* r) {
  if (r == nullptr) throw std::runtime_error("hiredis: no reply");
  freeReplyObject(r);
}

}  // namespace bench
