#pragma once

#include <rediscache/command.hpp>
#include <rediscache/connection.hpp>
#include <rediscache/reply.hpp>
#include <rediscache/topology.hpp>
#include <rediscache/transaction.hpp>

#include "topology/data_node.hpp"
#include "topology/write_record.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

namespace rediscache::detail {

enum class primary_failure { connection, readonly };

// Routing shared by the replicated and the sentinel executor. Writes, blocking, pinned and unknown
// commands, transactions and reserved connections go to the primary; read-only commands (and
// batches of nothing else) to a replica picked by the read policy, unless the calling thread is in
// a primary_reads scope or this process wrote one of their keys within read_your_writes. A read
// that fails on a replica marks it unusable and goes to another replica, or to the primary. A
// SCAN-style cursor carries the node that made it, so the next page goes there.
class replica_router {
 public:
  using clock = std::chrono::steady_clock;
  // The primary to use now; the sentinel executor may ask the sentinels here, and throw.
  using primary_source = std::function<std::shared_ptr<data_node>()>;
  // A call on `failed` met `what`: the primary to run it on again, found before `deadline`, or
  // nullptr. The default (replicas at fixed addresses) has none.
  using failover_source = std::function<std::shared_ptr<data_node>(
      const std::shared_ptr<data_node>& failed, primary_failure what, clock::time_point deadline)>;

  explicit replica_router(replica_options options);

  const replica_options& options() const noexcept { return options_; }
  void set_nodes(node_set nodes);
  std::shared_ptr<const node_set> nodes() const;
  // Both are set once, before the first call.
  void set_primary_source(primary_source source) { primary_source_ = std::move(source); }
  void set_failover(failover_source source) { failover_ = std::move(source); }

  reply run(const command& cmd);
  std::vector<reply> run_batch(const std::vector<command>& commands);
  transaction_result run_transaction(const std::vector<command>& commands);
  void with_connection(std::string_view key, const std::function<void(connection&)>& fn);

 private:
  std::shared_ptr<data_node> primary() const;
  std::shared_ptr<data_node> pick_replica(const node_set& set,
                                          const std::vector<const data_node*>& tried);
  bool needs_primary(const std::vector<std::string_view>& keys) const;
  void note_write(const command& cmd);

  template <class Work>
  auto on_primary(bool retry_after_connection_error, bool retry_after_readonly, Work&& work)
      -> decltype(work(std::declval<data_node&>()));
  template <class Work>
  auto on_reader(const node_set& set, bool primary_only, Work&& work)
      -> decltype(work(std::declval<data_node&>()));

  reply run_scan(const command& cmd, std::size_t cursor_at);
  std::vector<reply> run_batch_on_one(const std::vector<command>& commands, bool reads,
                                      const std::vector<std::string_view>& keys,
                                      std::size_t& ran_on);

  replica_options options_;
  write_record written_;
  mutable std::mutex nodes_mutex_;
  std::shared_ptr<const node_set> nodes_;
  primary_source primary_source_;
  failover_source failover_;
  std::atomic<std::size_t> turn_{0};
};

}  // namespace rediscache::detail
