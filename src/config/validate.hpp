#pragma once

#include <rediscache/cache_timeout.hpp>

// Range checks of the options structs, run where options enter the library (connection::open,
// the connection_pool constructor, parse_url, settings_from_json, the subscriber constructor), so
// a wrong value fails once, naming its field, instead of making every later call fail.

#include <rediscache/connection_options.hpp>
#include <rediscache/pool_options.hpp>
#include <rediscache/pubsub/subscriber_options.hpp>
#include <rediscache/topology.hpp>
#include <rediscache/url.hpp>

#include <chrono>
#include <cstddef>

namespace rediscache::detail {

// The longest wait a connection, pool, retry or subscriber setting may ask for: a year, whether
// it comes from code, a URL or a settings file. Longer is surely a mistaken unit.
inline constexpr std::chrono::milliseconds max_wait = std::chrono::hours(24 * 365);

// The longest cache TIMEOUT a settings file may give (null is forever): 100 years of 365 days,
// so that the current Unix time plus it still fits a nanosecond time_point, and a Redis expiry
// in milliseconds by far.
inline constexpr std::chrono::milliseconds max_cache_timeout = cache_timeout::longest;

// Linux refuses a longer TCP_KEEPIDLE.
inline constexpr std::chrono::seconds max_keepalive{32767};

// A Unix socket path must fit sockaddr_un::sun_path with its terminating NUL.
inline constexpr std::size_t max_unix_socket_path = 107;

// Each throws config_error naming the struct, the field and the allowed range:
// "connection_options::socket_timeout is 0 ms; it must be greater than 0".
void validate(const connection_options& options);
void validate(const pool_options& options);
void validate(const client_options& options);
void validate(const subscriber_options& options);
void validate(const replica_options& options);
void validate(const sentinel_options& options);

}  // namespace rediscache::detail
