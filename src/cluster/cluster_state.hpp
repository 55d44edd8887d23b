#pragma once

#include "cluster/cluster_nodes.hpp"
#include "cluster/parallel.hpp"
#include "cluster/redirect.hpp"
#include "cluster/routing.hpp"

#include <rediscache/cluster_executor.hpp>

#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace rediscache {

// The cluster executor's insides, one concern per file: routing and the public calls
// (cluster_executor.cpp), one command or transaction at one slot with its redirects and retries
// (cluster_call.cpp), batches split per node (cluster_batch.cpp), calls on every primary and
// SCAN (cluster_fanout.cpp).
struct cluster_executor::state {
  state(cluster_options cluster, client_options data_nodes);

  detail::route route_of(const command& cmd);
  std::vector<std::string> ask_keys(const command& cmd);
  // A slot some primary serves, taking the primaries in turn: where keyless commands go.
  int any_slot();
  // Runs a routed command; an error reply throws reply_error.
  reply run_routed(const command& cmd, const detail::route& r);

  // cmd at the node serving slot (a replica when read and the read policy allows), following
  // redirects; `pending` is a redirect already received for it. An error reply throws.
  reply call_slot(const command& cmd, int slot, bool read, detail::redirect pending = {});
  // After TRYAGAIN: a per-key command run one key at a time; nullopt for any other command.
  std::optional<reply> key_by_key(const command& cmd, int slot, bool read);
  transaction_result call_transaction(const std::vector<command>& commands, int slot);
  // Runs fn on a pooled connection to node; `sent` tells, after a connection_error, whether any
  // bytes may have reached the node.
  template <class Fn>
  auto exchange(const std::string& node, bool& sent, Fn&& fn);

  // Commands routed by routes (one each): error replies in place.
  std::vector<reply> run_batch(const command* commands, const detail::route* routes,
                               std::size_t count);
  reply run_on_primaries(const command& cmd, detail::route::kind how);
  reply run_scan(const command& cmd);

  detail::cluster_nodes nodes;
  detail::parallel_runner parallel;
  std::atomic<std::size_t> turn{0};
};

template <class Fn>
auto cluster_executor::state::exchange(const std::string& node, bool& sent, Fn&& fn) {
  detail::cluster_node& n = nodes.node(node);
  sent = false;
  auto lease = n.exec.pool().acquire();
  const auto start = std::chrono::steady_clock::now();
  try {
    auto result = fn(*lease);
    nodes.record_latency(n, std::chrono::steady_clock::now() - start);
    return result;
  } catch (const connection_error&) {
    sent = lease->sent_before_failure();
    throw;
  }
}

}  // namespace rediscache
