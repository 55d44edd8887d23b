#pragma once

#include <rediscache/command.hpp>
#include <rediscache/connection_options.hpp>
#include <rediscache/export.hpp>
#include <rediscache/reply.hpp>
#include <rediscache/transaction.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace rediscache {

class connection;

/// What every higher module (cache, session, lock, rate limit) runs commands through. Pooled
/// connections are the first implementation; replicas, sharding, cluster, sentinel and a
/// multiplexed auto-pipelining executor implement the same interface. Implementations are
/// thread-safe.
class REDISCACHE_API executor {
 public:
  virtual ~executor();

  /// Runs one command. An error reply throws reply_error (auth_error for NOAUTH/NOPERM/WRONGPASS).
  virtual reply run(const command& cmd) = 0;
  /// Runs the commands as one pipeline on one connection; replies come back in order, error replies
  /// in place rather than thrown. Commands are not atomic as a group: use run_transaction for that.
  virtual std::vector<reply> run_batch(const std::vector<command>& commands) = 0;
  /// Runs the commands inside MULTI/EXEC on one connection.
  virtual transaction_result run_transaction(const std::vector<command>& commands) = 0;
  /// Runs fn with one connection reserved for the caller (for a topology, one to the node holding
  /// key; any node for an empty key), for exchanges that keep state on a connection between
  /// commands (WATCH ... EXEC). The connection goes back when fn returns; one that broke is
  /// closed. The default throws unsupported_error.
  virtual void with_connection(std::string_view key, const std::function<void(connection&)>& fn);
  /// Closes the executor's connections; later calls throw closed_error, calls in flight finish.
  /// The default does nothing, for executors that own no connections.
  virtual void close() {}
  /// Where a dedicated connection for pub/sub (a subscriber, a lock's release listener) should
  /// connect to meet what this executor publishes: the primary of a replicated deployment, the
  /// first shard of a sharded one. nullopt when there is no such single node; a pooled_executor is
  /// asked for its pool's settings instead.
  virtual std::optional<connection_options> subscriber_connection() const { return std::nullopt; }

 protected:
  executor() = default;
  ///@{
  /// Copyable by implementations only.
  executor(const executor&) = default;
  executor& operator=(const executor&) = default;
  ///@}
};

/// A claim on an executor's connections, shared by whatever uses them (the aliases of a registry
/// with the same connection settings, or the one cache from_url() made): when the last copy is
/// released the executor is closed, so cache::close() frees a pool that nobody else uses.
class REDISCACHE_API executor_claim {
 public:
  /// Claims \p exec; the last claim released closes it.
  explicit executor_claim(std::shared_ptr<executor> exec) noexcept : exec_(std::move(exec)) {}
  executor_claim(const executor_claim&) = delete;
  executor_claim& operator=(const executor_claim&) = delete;
  ~executor_claim();

  /// The claimed executor.
  const std::shared_ptr<executor>& get() const noexcept { return exec_; }

 private:
  std::shared_ptr<executor> exec_;
};

}  // namespace rediscache
