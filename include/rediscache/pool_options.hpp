#pragma once

#include <chrono>
#include <cstddef>

namespace rediscache {

/// Retries of commands whose connection failed. A command that failed before any of its bytes were
/// written is retried once at once on a fresh connection, whatever this says.
struct retry_options {
  /// Further attempts after the first for commands marked idempotency::idempotent.
  int max_retries = 2;
  ///@{
  /// Exponential backoff with full jitter: a sleep in [0, min(max_backoff, base_backoff * 2^n)].
  std::chrono::milliseconds base_backoff{10};
  std::chrono::milliseconds max_backoff{1000};
  ///@}
  /// A timed-out command is not retried by default, so a call never takes much longer than
  /// socket_timeout.
  bool retry_on_timeout = false;
};

/// A connection pool's options.
struct pool_options {
  /// Connections are opened lazily, up to this many.
  std::size_t max_connections = 16;
  /// How long acquiring a connection may wait for one to be returned; then pool_timeout_error.
  std::chrono::milliseconds pool_timeout{1000};
  /// A connection idle for longer than this is checked with PING before reuse; zero checks never.
  std::chrono::milliseconds health_check_interval{30000};
  retry_options retry;  ///< retries of idempotent commands
};

}  // namespace rediscache
