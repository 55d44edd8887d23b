#pragma once

#include <rediscache/executor.hpp>
#include <rediscache/export.hpp>
#include <rediscache/topology.hpp>
#include <rediscache/url.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rediscache {

/// Runs commands on a Redis Cluster: each goes to the node serving its keys' slot, through one
/// connection pool per node (the data_nodes options, with each node's host and port).
/// - Keys of one command in several slots: MGET, MSET, DEL, UNLINK, EXISTS and TOUCH are split per
///   slot, run on the nodes in parallel and their replies merged; any other command, script or
///   transaction throws cross_slot_error before anything is sent.
/// - Keyless commands: FLUSHDB, FLUSHALL, SCRIPT LOAD/FLUSH and FUNCTION LOAD/FLUSH/DELETE/RESTORE
///   run on every primary (one reply), DBSIZE sums the primaries, KEYS joins their keys, SCAN walks
///   the primaries one after the other behind one cursor; the rest go to any primary.
/// - Batches are split per node, run in parallel and answered in the caller's order.
/// - MOVED updates the slot map and the command goes to the new node; ASK sends it once to the
///   importing node after ASKING; TRYAGAIN and CLUSTERDOWN are retried with backoff within the
///   socket timeout; at most cluster_options::max_redirects per command. Connection failures follow
///   pooled_executor's rules, and a node that cannot be reached is waited for (a replica may be
///   taking over) within the socket timeout.
/// - With cluster_options::reads other than primary_only, read-only commands go to replicas
///   (READONLY); a replica that fails is skipped and the read goes to the primary.
/// The slot map is read from the seeds by the first call (construction connects to nothing, as
/// pools connect lazily; call refresh() to check the seeds at once), again after MOVED or a lost
/// connection, and every refresh_interval.
class REDISCACHE_API cluster_executor final : public executor {
 public:
  /// config_error for no seeds, a malformed seed, max_redirects < 0, a refresh_interval that is
  /// not positive, a database other than 0 or a Unix socket.
  cluster_executor(cluster_options cluster, client_options data_nodes);
  ~cluster_executor() override;
  cluster_executor(const cluster_executor&) = delete;
  cluster_executor& operator=(const cluster_executor&) = delete;

  reply run(const command& cmd) override;
  std::vector<reply> run_batch(const std::vector<command>& commands) override;
  /// cross_slot_error when the commands' keys span slots; otherwise MULTI/EXEC on the node serving
  /// their slot (any primary without keys).
  transaction_result run_transaction(const std::vector<command>& commands) override;
  /// A connection to the primary serving key's slot (any primary for an empty key).
  void with_connection(std::string_view key, const std::function<void(connection&)>& fn) override;
  void close() override;
  /// The first seed, with the data nodes' settings: where pub/sub starts. Any node of a cluster
  /// delivers every PUBLISH; a subscriber made from this executor moves to another primary when
  /// its node goes (see subscriber).
  std::optional<connection_options> subscriber_connection() const override;

  /// Reads the slot map again now. connection_error when no node answers.
  void refresh();
  /// "host:port" of the primary serving key's slot, as this client's map has it.
  std::string primary_for(std::string_view key) const;
  /// "host:port" of every primary, in slot order.
  std::vector<std::string> primaries() const;

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace rediscache
