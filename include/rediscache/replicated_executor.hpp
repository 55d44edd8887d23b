#pragma once

#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>
#include <rediscache/replica_status.hpp>
#include <rediscache/topology.hpp>
#include <rediscache/url.hpp>

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace rediscache {

/// A primary and replicas at known addresses, as django-redis' DefaultClient with several
/// LOCATIONs. Each server gets its own connection pool.
/// - Writes, blocking, pinned and unknown commands, transactions and with_connection() go to the
///   primary. Read-only commands, and batches of nothing but read-only commands, go to a replica
///   chosen by replica_options::reads.
/// - The primary instead: inside a primary_reads scope on the calling thread, and for
///   replica_options::read_your_writes after this process wrote one of the read's keys (a keyless
///   read such as SCAN or DBSIZE after any write).
/// - Replicas are used only once a health check (every check_interval, on a thread of the
///   executor that starts with the first call: construction connects to nothing) found them to be replicas of this primary (ROLE, and the same replication id), with
///   their link up and a lag within max_lag. A read that fails on a replica (connection lost,
///   LOADING, MASTERDOWN) marks it unusable until a check passes again, and is run on another
///   replica, or on the primary: a replica going down costs no read. A timed-out read is not run
///   again unless the pool's retry_on_timeout is set.
/// - SCAN, SSCAN, HSCAN and ZSCAN cursors carry the server that made them (times 1024), so a scan
///   continues on the node it began on.
class REDISCACHE_API replicated_executor final : public executor {
 public:
  /// config_error for a bad option (max_lag or check_interval not positive, read_your_writes
  /// negative).
  replicated_executor(client_options primary, std::vector<client_options> replicas,
                      replica_options options = {});
  ~replicated_executor() override;
  replicated_executor(const replicated_executor&) = delete;
  replicated_executor& operator=(const replicated_executor&) = delete;

  reply run(const command& cmd) override;
  std::vector<reply> run_batch(const std::vector<command>& commands) override;
  transaction_result run_transaction(const std::vector<command>& commands) override;
  void with_connection(std::string_view key, const std::function<void(connection&)>& fn) override;
  void close() override;
  /// The primary's connection options.
  std::optional<connection_options> subscriber_connection() const override;

  /// Each replica, in the order given, as the last check and reads found it.
  std::vector<replica_status> replicas() const;
  /// Checks every replica now, on the calling thread (the next periodic check still comes).
  void check_now();

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace rediscache
