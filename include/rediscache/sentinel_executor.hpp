#pragma once

#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>
#include <rediscache/replica_status.hpp>
#include <rediscache/topology.hpp>
#include <rediscache/url.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rediscache {

/// A primary and replicas found through Redis Sentinel (django-redis' SentinelClient), following
/// the Sentinel client guidelines:
/// - the sentinels are asked in turn, each within sentinel_connection's short timeouts, and the one
///   that answered is asked first next time; SENTINEL get-master-addr-by-name names the primary,
///   which must answer ROLE with "master" before it is used;
/// - the primary is looked up again when a call meets a lost connection or a READONLY error (the
///   node was demoted), when a sentinel publishes +switch-master (one subscription, to the sentinel
///   that answered last), and every check_interval in any case;
/// - a call that met READONLY runs again on the new primary (the demoted node ran nothing); one
///   that lost its connection does so only when it is idempotent. Either waits for the new primary
///   at most its data node's socket_timeout, so a call meeting a failover returns within about
///   twice socket_timeout (plus connect_timeout);
/// - reads go to replicas listed by SENTINEL replicas, with the routing, health checks, read
///   policies and read-your-writes of replicated_executor.
/// Calls made while no sentinel answers throw sentinel_unreachable_error; while the sentinels know
/// no primary by the name, unknown_primary_error (each asked again at most every 100 ms).
class REDISCACHE_API sentinel_executor final : public executor {
 public:
  /// data_nodes: how to connect to the primary and replicas (their host and port come from the
  /// sentinels). config_error for bad options or a malformed sentinel address. Connects to
  /// nothing: the sentinels are first asked by the first call (or refresh()), which reports it
  /// when they cannot be reached.
  sentinel_executor(sentinel_options sentinel, client_options data_nodes,
                    replica_options replicas = {});
  ~sentinel_executor() override;
  sentinel_executor(const sentinel_executor&) = delete;
  sentinel_executor& operator=(const sentinel_executor&) = delete;

  reply run(const command& cmd) override;
  std::vector<reply> run_batch(const std::vector<command>& commands) override;
  transaction_result run_transaction(const std::vector<command>& commands) override;
  void with_connection(std::string_view key, const std::function<void(connection&)>& fn) override;
  void close() override;
  /// The current primary's connection options (nullopt before one is known).
  std::optional<connection_options> subscriber_connection() const override;

  /// "host:port" of the primary in use; empty before the first call or refresh().
  std::string primary_address() const;
  /// The replicas in use and their state, as last checked.
  std::vector<replica_status> replicas() const;
  /// Asks the sentinels now and moves to the primary they name, and refreshes and checks the
  /// replicas. Throws sentinel_unreachable_error, unknown_primary_error, or connection_error when
  /// the named node is not (yet) a primary.
  void refresh();

 private:
  struct state;
  std::shared_ptr<state> state_;
};

}  // namespace rediscache
