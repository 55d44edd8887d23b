#pragma once

#include <rediscache/export.hpp>
#include <rediscache/tls_options.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace rediscache {

/// Caps that make a hostile or broken server fail fast with a protocol_error instead of making the
/// client allocate whatever it announces.
struct reply_limits {
  /// Largest element count of one array reply. Redis itself never sends more than it stores.
  std::size_t max_array_elements = 16u * 1024 * 1024;
  /// Largest bulk string, as Redis' own proto-max-bulk-len default.
  std::size_t max_bulk_bytes = 512u * 1024 * 1024;
  /// Memory one reply may take in all: each array element's reply object, each array's storage and
  /// each string's heap block, checked as each header arrives, before the memory is taken. The
  /// default admits one bulk of max_bulk_bytes or one array of max_array_elements small values,
  /// and is Redis' own default client-query-buffer-limit; a reply nesting two such arrays fails.
  std::size_t max_reply_bytes = 1024u * 1024 * 1024;
};

/// Where and how to connect one connection. Filled by hand or by parse_url().
struct connection_options {
  /// Host name or IP literal (IPv4 or IPv6, without brackets). Ignored when unix_socket is set.
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;  ///< TCP port
  /// Path of a Unix domain socket; when non-empty it is used instead of host and port.
  std::string unix_socket;

  /// ACL user name; empty means the "default" user (`AUTH <password>` alone).
  std::string user;
  /// Never logged, never part of an error message or to_string().
  std::string password;
  /// Database selected with SELECT after connecting.
  int db = 0;
  /// Sent with CLIENT SETNAME after connecting, when non-empty.
  std::string client_name;

  /// Time allowed for TCP connect plus the TLS handshake.
  std::chrono::milliseconds connect_timeout{1000};
  /// Time allowed for each operation: writing a command (or pipeline) and reading its replies.
  std::chrono::milliseconds socket_timeout{1000};
  /// TCP keepalive idle time; zero turns keepalive off.
  std::chrono::seconds keepalive{60};

  tls_options tls;  ///< TLS; off unless tls.enabled
  reply_limits limits;  ///< caps on the size of replies
};

/// "redis://user@host:port/db" style rendering for logs; the password is shown as "***".
REDISCACHE_API std::string to_string(const connection_options& options);
/// "host:port" or the socket path, for error messages.
REDISCACHE_API std::string endpoint_name(const connection_options& options);

}  // namespace rediscache
