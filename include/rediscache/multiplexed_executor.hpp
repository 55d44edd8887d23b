#pragma once

#include <rediscache/connection_options.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>
#include <rediscache/multiplex_options.hpp>
#include <rediscache/pooled_executor.hpp>

#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace rediscache {

/// Runs every command that can share a connection on one connection to the server (or
/// options.connections of them), shared by all threads: the commands of concurrent callers go out
/// together in one write and their replies, which come back in order, are matched to the callers
/// by an I/O thread. What cannot share a connection goes to an internal pooled_executor, decided
/// from the command metadata: blocking commands (BLPOP, XREAD ... BLOCK), pinned ones (WATCH,
/// MULTI, SELECT, SUBSCRIBE, CLIENT REPLY), commands Redis 7.0 does not know, transactions and
/// with_connection.
///
/// Guarantees:
/// - each call ends by its deadline (connection_options::socket_timeout) with timeout_error; a
///   reply that comes later is read and dropped, so no caller ever gets another's reply;
/// - a broken connection fails every call in flight with connection_error and is reopened in the
///   background with backoff (pool.retry); calls made while a reopen waits out its backoff fail at
///   once. Synchronous calls are retried as a pooled_executor retries: once at once when none of
///   their bytes were written, and commands marked idempotent up to retry.max_retries times.
class REDISCACHE_API multiplexed_executor final : public executor {
 public:
  /// Called on the executor's I/O thread with the reply, or with the failure and an empty reply.
  /// It must not block: every later reply on the connection waits for it.
  using reply_callback = std::function<void(std::exception_ptr, reply)>;
  /// As reply_callback, with a batch's replies.
  using batch_callback = std::function<void(std::exception_ptr, std::vector<reply>)>;

  /// Connects to the server of connection; options set the sharing and the internal pool.
  explicit multiplexed_executor(connection_options connection, multiplex_options options = {});
  /// The connection settings of options, and its pool settings for the internal pool.
  explicit multiplexed_executor(const client_options& options);
  ~multiplexed_executor() override;
  multiplexed_executor(const multiplexed_executor&) = delete;
  multiplexed_executor& operator=(const multiplexed_executor&) = delete;

  reply run(const command& cmd) override;
  std::vector<reply> run_batch(const std::vector<command>& commands) override;
  /// On a pooled connection: MULTI/EXEC must not interleave with other callers' commands.
  transaction_result run_transaction(const std::vector<command>& commands) override;
  void with_connection(std::string_view key, const std::function<void(connection&)>& fn) override;
  void close() override;
  std::optional<connection_options> subscriber_connection() const override;

  ///@{
  /// Non-blocking forms, for commands that share the connection (shares_connection); others throw
  /// unsupported_error. No thread waits per call and nothing is retried: the failure or the
  /// timeout goes to the callback or the future. An error reply to run_async is a reply_error.
  void run_async(const command& cmd, reply_callback done);
  std::future<reply> run_async(const command& cmd);
  ///@}
  ///@{
  /// The commands as one pipeline; error replies in place, as run_batch. Otherwise as run_async.
  void run_batch_async(const std::vector<command>& commands, batch_callback done);
  std::future<std::vector<reply>> run_batch_async(const std::vector<command>& commands);
  ///@}

  /// Whether cmd runs on the shared connection (true) or on the internal pool.
  static bool shares_connection(const command& cmd);
  /// The internal pool, for what cannot share a connection.
  pooled_executor& pool() noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace rediscache
