// The smallest useful program a user would write: it compiles against the installed (or embedded)
// headers and links every layer of the library, without needing a Redis server.
#include <rediscache/pooled_executor.hpp>
#include <rediscache/url.hpp>
#include <rediscache/version.hpp>

#include <iostream>

int main() {
  const auto options = rediscache::parse_url("redis://cache.example:6380/2?max_connections=4");
  if (options.connection.host != "cache.example" || options.connection.port != 6380 ||
      options.connection.db != 2 || options.pool.max_connections != 4) {
    std::cerr << "parse_url gave unexpected options\n";
    return 1;
  }
  // Connections open lazily, so this links the pool, connection, transport and RESP layers (and
  // so hiredis and OpenSSL) without connecting to anything.
  rediscache::pooled_executor executor(options);
  if (executor.pool().stats().created != 0) {
    std::cerr << "the pool connected eagerly\n";
    return 1;
  }
  std::cout << "rediscache " << REDISCACHE_VERSION_STRING << "\n";
  return 0;
}
