#include "topology/replica_router.hpp"

#include <rediscache/error.hpp>
#include <rediscache/primary_reads.hpp>

#include "log/log_impl.hpp"
#include "topology/node_cursor.hpp"

#include <algorithm>
#include <exception>
#include <random>

namespace rediscache::detail {
namespace {

bool is_read(const command& cmd) {
  const command_info* info = cmd.info();
  return info != nullptr && info->has(command_info::read_only) &&
         !info->has(command_info::blocking) && !info->has(command_info::pinned);
}

bool may_retry(const command& cmd) { return cmd.idempotent() && cmd.block_time().count() == 0; }

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// A replica that is loading its data, or whose link is down with replica-serve-stale-data off,
// refuses reads; another node can answer.
bool refuses_reads(const std::string& message) {
  return starts_with(message, "LOADING") || starts_with(message, "MASTERDOWN");
}

bool readonly(const reply& r) { return r.is_error() && starts_with(r.error_message(), "READONLY"); }

bool any_readonly(const std::vector<reply>& replies) {
  return std::any_of(replies.begin(), replies.end(), readonly);
}
bool any_readonly(const transaction_result& t) { return any_readonly(t.replies); }
bool any_readonly(const reply&) { return false; }  // run() throws error replies
bool any_readonly(bool) { return false; }

bool any_refusal(const std::vector<reply>& replies) {
  return std::any_of(replies.begin(), replies.end(),
                     [](const reply& r) { return r.is_error() && refuses_reads(r.error_message()); });
}
bool any_refusal(const reply&) { return false; }

std::size_t random_below(std::size_t n) {
  thread_local std::minstd_rand engine{std::random_device{}()};
  return std::uniform_int_distribution<std::size_t>(0, n - 1)(engine);
}

}  // namespace

replica_router::replica_router(replica_options options)
    : options_(options), written_(options.read_your_writes), nodes_(std::make_shared<node_set>()) {}

void replica_router::set_nodes(node_set nodes) {
  auto fresh = std::make_shared<const node_set>(std::move(nodes));
  std::lock_guard<std::mutex> lock(nodes_mutex_);
  nodes_ = std::move(fresh);
}

std::shared_ptr<const node_set> replica_router::nodes() const {
  std::lock_guard<std::mutex> lock(nodes_mutex_);
  return nodes_;
}

std::shared_ptr<data_node> replica_router::primary() const {
  if (primary_source_) return primary_source_();
  auto current = nodes()->primary;
  if (!current) throw connection_error("no primary is known");
  return current;
}

std::shared_ptr<data_node> replica_router::pick_replica(
    const node_set& set, const std::vector<const data_node*>& tried) {
  if (options_.reads == read_policy::primary_only || primary_reads::active()) return nullptr;
  std::vector<data_node*> fit;
  fit.reserve(set.replicas.size());
  for (const auto& replica : set.replicas) {
    if (replica->usable() && std::find(tried.begin(), tried.end(), replica.get()) == tried.end()) {
      fit.push_back(replica.get());
    }
  }
  if (fit.empty()) return nullptr;
  data_node* chosen = fit.front();
  switch (options_.reads) {
    case read_policy::random:
      chosen = fit[random_below(fit.size())];
      break;
    case read_policy::round_robin:
      chosen = fit[turn_.fetch_add(1, std::memory_order_relaxed) % fit.size()];
      break;
    case read_policy::lowest_latency:
      chosen = *std::min_element(fit.begin(), fit.end(), [](data_node* a, data_node* b) {
        return a->latency() < b->latency();
      });
      break;
    case read_policy::primary_only:
      break;
  }
  for (const auto& replica : set.replicas) {
    if (replica.get() == chosen) return replica;
  }
  return nullptr;
}

bool replica_router::needs_primary(const std::vector<std::string_view>& keys) const {
  if (!written_.enabled()) return false;
  if (keys.empty()) return written_.anything_written();
  return std::any_of(keys.begin(), keys.end(),
                     [&](std::string_view k) { return written_.recently_written(k); });
}

// Recorded before the command is sent: a write that times out may still have been applied.
void replica_router::note_write(const command& cmd) {
  if (!written_.enabled()) return;
  const command_info* info = cmd.info();
  if (info == nullptr) {
    written_.wrote_everything();  // an unknown command may write anything
    return;
  }
  if (info->has(command_info::read_only)) return;
  const bool writes = info->has(command_info::write) ||
                      (info->spec_count > 0 && !info->has(command_info::pinned));  // scripts
  if (!writes) return;
  const auto keys = cmd.keys();
  if (keys.empty() || info->has(command_info::keys_incomplete)) {
    written_.wrote_everything();
    return;
  }
  for (auto key : keys) written_.wrote(key);
}

// A failed call on the primary asks the topology for a new one (the sentinel's failover) and
// runs again there when that is safe: always after READONLY (the server refused the write
// without running it), after a connection error only when the caller allows it.
template <class Work>
auto replica_router::on_primary(bool retry_after_connection_error, bool retry_after_readonly,
                                Work&& work) -> decltype(work(std::declval<data_node&>())) {
  using result_type = decltype(work(std::declval<data_node&>()));
  auto node = primary();
  if (!failover_) return work(*node);
  const auto deadline = clock::now() + node->options().connection.socket_timeout;
  std::optional<result_type> refused;
  std::exception_ptr failure;
  primary_failure what = primary_failure::readonly;
  try {
    result_type result = work(*node);
    if (!any_readonly(result)) return result;
    refused.emplace(std::move(result));
  } catch (const reply_error& e) {
    if (e.server_code() != "READONLY") throw;
    failure = std::current_exception();
  } catch (const connection_error&) {
    what = primary_failure::connection;
    failure = std::current_exception();
  }
  const bool retry = what == primary_failure::readonly ? retry_after_readonly
                                                       : retry_after_connection_error;
  auto next = failover_(node, what, retry ? deadline : clock::now());
  if (!retry || !next || next == node) {
    if (failure) std::rethrow_exception(failure);
    return std::move(*refused);
  }
  log_debug("retrying on the new primary {}", next->address());
  return work(*next);
}

// Reads go to a replica when one fits, to another after one fails, and to the primary last.
template <class Work>
auto replica_router::on_reader(const node_set& set, bool primary_only, Work&& work)
    -> decltype(work(std::declval<data_node&>())) {
  std::vector<const data_node*> tried;
  for (;;) {
    auto node = primary_only ? nullptr : pick_replica(set, tried);
    if (!node) return on_primary(true, true, work);
    tried.push_back(node.get());
    try {
      auto result = work(*node);
      if (!any_refusal(result)) return result;
      node->mark_unusable("it refused a read (loading, or its link to the primary is down)");
    } catch (const reply_error& e) {
      if (!refuses_reads(e.server_message())) throw;
      node->mark_unusable(e.what());
    } catch (const pool_timeout_error&) {
      // Busy, not broken: another node may have a free connection.
    } catch (const timeout_error& e) {
      node->mark_unusable(e.what());
      if (!node->options().pool.retry.retry_on_timeout) throw;
    } catch (const connection_error& e) {
      node->mark_unusable(e.what());
    }
    log_debug("a read failed on replica {}; trying another node", node->address());
  }
}

reply replica_router::run(const command& cmd) {
  if (const std::size_t at = cursor_argument(cmd)) return run_scan(cmd, at);
  if (!is_read(cmd)) {
    note_write(cmd);
    return on_primary(may_retry(cmd), true, [&](data_node& n) { return n.commands().run(cmd); });
  }
  const auto set = nodes();
  return on_reader(*set, needs_primary(cmd.keys()),
                   [&](data_node& n) { return n.commands().run(cmd); });
}

// A fresh scan goes where a read would; a continued one to the node its cursor names.
reply replica_router::run_scan(const command& cmd, std::size_t cursor_at) {
  const node_scan where = decode_node_cursor(cmd.argument(cursor_at));
  auto carry = [](data_node& n, reply r) {
    const std::uint64_t next = reply_cursor(r);
    replace_reply_cursor(r, next == 0 ? "0" : encode_node_cursor({n.id(), next}));
    return r;
  };
  const auto set = nodes();
  if (where.cursor == 0) {
    auto fresh = with_argument(cmd, cursor_at, "0");
    auto work = [&](data_node& n) { return carry(n, n.commands().run(fresh)); };
    if (!is_read(cmd)) return on_primary(may_retry(cmd), true, work);
    return on_reader(*set, needs_primary(cmd.keys()), work);
  }
  auto node = set->find(where.node);
  if (!node) {
    throw connection_error("the server this SCAN cursor came from has left the deployment; "
                           "start the scan again");
  }
  return carry(*node, node->commands().run(
                          with_argument(cmd, cursor_at, std::to_string(where.cursor))));
}

std::vector<reply> replica_router::run_batch_on_one(const std::vector<command>& commands,
                                                    bool reads,
                                                    const std::vector<std::string_view>& keys,
                                                    std::size_t& ran_on) {
  auto work = [&](data_node& n) {
    ran_on = n.id();
    return n.commands().run_batch(commands);
  };
  if (!reads) {
    const bool retry = std::all_of(commands.begin(), commands.end(), may_retry);
    return on_primary(retry, true, work);
  }
  const auto set = nodes();
  return on_reader(*set, needs_primary(keys), work);
}

// Cursor continuations run on their own nodes; the rest as one pipeline on one node, a replica
// when the batch only reads.
std::vector<reply> replica_router::run_batch(const std::vector<command>& commands) {
  if (commands.empty()) return {};
  bool reads = true;
  std::vector<std::string_view> keys;
  for (const auto& cmd : commands) {
    if (!is_read(cmd)) {
      reads = false;
      note_write(cmd);
    }
    for (auto key : cmd.keys()) keys.push_back(key);
  }
  struct pinned_page {
    std::size_t position;
    std::shared_ptr<data_node> node;
    command cmd;
  };
  std::vector<pinned_page> continued;
  std::vector<command> main;
  std::vector<std::size_t> main_positions;
  std::vector<std::size_t> fresh_scans;  // indexes into main
  const auto set = nodes();
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const std::size_t at = cursor_argument(commands[i]);
    const node_scan where =
        at != 0 ? decode_node_cursor(commands[i].argument(at)) : node_scan{};
    if (at != 0 && where.cursor != 0) {
      auto node = set->find(where.node);
      if (!node) {
        throw connection_error("the server this SCAN cursor came from has left the deployment; "
                               "start the scan again");
      }
      continued.push_back({i, node, with_argument(commands[i], at, std::to_string(where.cursor))});
      continue;
    }
    if (at != 0) fresh_scans.push_back(main.size());
    main.push_back(at != 0 ? with_argument(commands[i], at, "0") : commands[i]);
    main_positions.push_back(i);
  }
  std::vector<reply> out(commands.size());
  if (!main.empty()) {
    std::size_t ran_on = 0;
    auto replies = run_batch_on_one(main, reads, keys, ran_on);
    for (const std::size_t m : fresh_scans) {
      if (replies[m].is_error()) continue;
      const std::uint64_t next = reply_cursor(replies[m]);
      replace_reply_cursor(replies[m], next == 0 ? "0" : encode_node_cursor({ran_on, next}));
    }
    for (std::size_t m = 0; m < replies.size(); ++m) out[main_positions[m]] = std::move(replies[m]);
  }
  for (auto& page : continued) {
    reply r = std::move(page.node->commands().run_batch({page.cmd}).front());
    if (!r.is_error()) {
      const std::uint64_t next = reply_cursor(r);
      replace_reply_cursor(r, next == 0 ? "0" : encode_node_cursor({page.node->id(), next}));
    }
    out[page.position] = std::move(r);
  }
  return out;
}

transaction_result replica_router::run_transaction(const std::vector<command>& commands) {
  bool retry = true;
  for (const auto& cmd : commands) {
    note_write(cmd);
    retry = retry && cmd.idempotent();
  }
  return on_primary(retry, true,
                    [&](data_node& n) { return n.commands().run_transaction(commands); });
}

// fn may write anything on the connection, and is the caller's code: it is not run twice.
void replica_router::with_connection(std::string_view key,
                                     const std::function<void(connection&)>& fn) {
  if (written_.enabled()) {
    if (key.empty()) written_.wrote_everything();
    else written_.wrote(key);
  }
  on_primary(false, false, [&](data_node& n) {
    n.commands().with_connection(key, fn);
    return true;
  });
}

}  // namespace rediscache::detail
