#pragma once

#include <rediscache/connection_options.hpp>
#include <rediscache/executor_kind.hpp>
#include <rediscache/export.hpp>
#include <rediscache/pool_options.hpp>

#include <string_view>

namespace rediscache {

/// Everything a URL can say.
struct client_options {
  connection_options connection;  ///< how each connection connects
  pool_options pool;  ///< the pool's size, timeouts and retries
  /// pooled, or multiplexed (its internal pool for blocking commands then takes `pool`).
  executor_kind executor = executor_kind::pooled;
};

/// Parses
///   redis://[[user][:password]@]host[:port][/db][?option=value&...]
///   rediss://...                       (TLS)
///   unix://[[user][:password]@]/path/to/redis.sock[?db=N&option=value&...]
/// Host may be an IPv6 literal in brackets. User, password and path are percent-decoded.
/// ?db= wins over /db. Options use redis-py's names: socket_timeout, socket_connect_timeout
/// (seconds, fractions allowed), max_connections, pool_timeout, health_check_interval, client_name,
/// ssl_cert_reqs (none|optional|required), ssl_ca_certs, ssl_ca_path, ssl_certfile, ssl_keyfile,
/// ssl_check_hostname (true|false), db, and executor (pooled|multiplexed).
/// Throws config_error naming the part that is wrong and why.
REDISCACHE_API client_options parse_url(std::string_view url);

/// Applies url onto defaults: only what the URL states changes.
REDISCACHE_API client_options parse_url(std::string_view url, const client_options& defaults);

}  // namespace rediscache
