#pragma once

#include <rediscache/connection.hpp>
#include <rediscache/connection_options.hpp>
#include <rediscache/export.hpp>
#include <rediscache/pool_options.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace rediscache {

/// A snapshot of a pool's counters.
struct pool_stats {
  std::uint64_t created = 0;     ///< connections opened over the pool's life
  std::uint64_t closed = 0;      ///< connections closed because they broke, went stale or failed a check
  std::size_t in_use = 0;        ///< leased right now
  std::size_t idle = 0;          ///< open and waiting in the pool right now
  std::uint64_t waits = 0;       ///< acquires that had to wait for a connection to come back
  std::uint64_t timeouts = 0;    ///< acquires that gave up after pool_timeout
};

/// A thread-safe, bounded pool of connections to one server. Connections open lazily up to
/// max_connections. A connection that saw any error is closed, never handed out again. A connection
/// idle for longer than health_check_interval is checked with PING before reuse; one the server
/// closed meanwhile is noticed without a round trip and replaced (pooled_executor skips that look
/// for commands it may send twice, and retries them on another connection instead).
class REDISCACHE_API connection_pool {
 public:
  class lease;

  /// A pool of connections to the server of \p connection; nothing opens until the first acquire.
  connection_pool(connection_options connection, pool_options pool = {});
  ~connection_pool();
  connection_pool(const connection_pool&) = delete;
  connection_pool& operator=(const connection_pool&) = delete;

  /// A connection for the caller's exclusive use until the lease ends. Waits at most pool_timeout
  /// for one to come back, then throws pool_timeout_error. Opening a new connection can throw what
  /// connection::open throws.
  lease acquire();
  /// A snapshot of the pool's counters.
  pool_stats stats() const;
  /// The options each connection opens with.
  const connection_options& connection_settings() const noexcept;
  /// The pool's own options.
  const pool_options& settings() const noexcept;
  /// Closes idle connections and makes later acquires throw closed_error. Leased connections are
  /// closed when they come back.
  void close();

 private:
  friend class pooled_executor;
  struct state;
  /// acquire() for a command that may be sent twice: an idle connection is reused without a look
  /// for a close by the server, as the caller retries elsewhere if it was closed. reused tells
  /// whether the lease is such a connection.
  lease acquire_unchecked(bool& reused);
  lease take(bool check_close, bool* reused);
  /// Closes the idle connections whose server closed them: after one is found, more are likely.
  void drop_closed_idle() noexcept;
  bool reusable(connection& c, bool check_close, std::chrono::steady_clock::time_point now);
  lease open_leased();
  void discard(connection& c) noexcept;
  void give_back(connection&& c) noexcept;
  std::unique_ptr<state> state_;
};

/// RAII ownership of one pooled connection; returns it to the pool on destruction (or closes it
/// when it broke). The pool must outlive its leases.
class REDISCACHE_API connection_pool::lease {
 public:
  ///@{
  /// Moves the ownership; only the new lease returns the connection.
  lease(lease&& other) noexcept;
  lease& operator=(lease&& other) noexcept;
  ///@}
  lease(const lease&) = delete;
  lease& operator=(const lease&) = delete;
  ~lease();

  ///@{
  /// The leased connection.
  connection& operator*() noexcept { return conn_; }
  connection* operator->() noexcept { return &conn_; }
  ///@}

 private:
  friend class connection_pool;
  lease(connection_pool* pool, connection&& c);
  void release() noexcept;
  connection_pool* pool_;
  connection conn_;
};

}  // namespace rediscache
