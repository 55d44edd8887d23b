#pragma once

#include <rediscache/connection_options.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>
#include <rediscache/pool.hpp>
#include <rediscache/pool_options.hpp>
#include <rediscache/url.hpp>

#include <string_view>

namespace rediscache {

/// Runs each command (or batch) on a connection leased from a bounded pool, retrying when the
/// connection fails:
/// - a command none of whose bytes were written is retried once, at once, on a fresh connection;
/// - after bytes were written, only commands marked idempotency::idempotent are retried, up to
///   retry.max_retries times, with jittered exponential backoff; INCR is never applied twice;
/// - timeouts are not retried unless retry.retry_on_timeout is set; reply errors never are;
/// - an idempotent command reuses an idle connection without checking it for a close by the
///   server; when it was closed, the command goes at once to another connection and the pool
///   drops every idle connection the server closed (not counted against max_retries).
class REDISCACHE_API pooled_executor final : public executor {
 public:
  /// A pool of connections to the server of \p connection.
  pooled_executor(connection_options connection, pool_options pool = {});
  /// A pool for what a URL says (see parse_url).
  explicit pooled_executor(const client_options& options);
  /// As parse_url(url) would configure it.
  static pooled_executor from_url(std::string_view url);

  reply run(const command& cmd) override;
  std::vector<reply> run_batch(const std::vector<command>& commands) override;
  transaction_result run_transaction(const std::vector<command>& commands) override;
  /// Leases a pooled connection for fn (the key does not matter with one server).
  void with_connection(std::string_view key, const std::function<void(connection&)>& fn) override;
  /// Closes the pool (see connection_pool::close).
  void close() override;

  /// The pool itself.
  connection_pool& pool() noexcept { return pool_; }

 private:
  template <class Work>
  auto with_retries(bool idempotent, Work&& work) -> decltype(work(std::declval<connection&>()));
  connection_pool pool_;
};

}  // namespace rediscache
