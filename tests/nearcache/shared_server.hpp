#pragma once

#include "server_options.hpp"
#include "support/redis_server.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>

#include <memory>

namespace rediscache::test {

// One redis-server for the whole test binary, started on first use and stopped at exit.
inline redis_server& shared_server() {
  static redis_server server;
  return server;
}

// A cache with its own pool on the shared server; the database is flushed first unless told not.
inline cache fresh_cache(cache_options options = {}, std::size_t pool_size = 4, bool flush = true) {
  connection_options o = options_of(shared_server());
  pool_options p;
  p.max_connections = pool_size;
  auto exec = std::make_shared<pooled_executor>(o, p);
  if (flush) exec->run(command{"FLUSHDB"});
  return cache(std::make_shared<redis_backend>(exec), std::move(options));
}

}  // namespace rediscache::test
