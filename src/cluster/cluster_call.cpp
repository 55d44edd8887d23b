#include "cluster/attempts.hpp"
#include "cluster/cluster_state.hpp"
#include "connection/connection_impl.hpp"

#include <optional>

namespace rediscache {
namespace {

using detail::redirect;

// A blocking command that was sent is never sent again: its wait is the caller's whole budget.
bool may_retry(const command& cmd) { return cmd.idempotent() && cmd.block_time().count() == 0; }

// cmd alone, or after READONLY (a replica) or ASKING (an importing node) in the same pipeline.
reply exchange_one(connection& c, const command& cmd, const command* before) {
  if (before == nullptr) return std::move(c.pipeline(&cmd, 1).front());
  const command both[] = {*before, cmd};
  return std::move(c.pipeline(both, 2).back());
}

const command& readonly_command() {
  static const command cmd{"READONLY"};
  return cmd;
}

const command& asking_command() {
  static const command cmd{"ASKING"};
  return cmd;
}

// Acts on a redirect received for a command at `slot`: updates the map (MOVED), notes the node
// to ask (ASK), or waits (TRYAGAIN, CLUSTERDOWN). Throws the redirect as a reply_error when the
// call may not go on.
void follow(detail::cluster_nodes& nodes, detail::attempts& budget, const redirect& r,
            std::string& ask_node) {
  switch (r.what) {
    case redirect::kind::moved:
      if (!budget.redirect(nodes.cluster_settings().max_redirects)) throw reply_error(r.text);
      nodes.moved(r.slot, r.node);
      return;
    case redirect::kind::ask:
      if (!budget.redirect(nodes.cluster_settings().max_redirects)) throw reply_error(r.text);
      ask_node = r.node;
      return;
    case redirect::kind::cluster_down:
      nodes.refresh_soon();
      [[fallthrough]];
    case redirect::kind::try_again:
      if (!budget.wait()) throw reply_error(r.text);
      return;
    case redirect::kind::none:
      return;
  }
}

}  // namespace

// TRYAGAIN answers a command over several keys of a slot being migrated, some moved and some not,
// for as long as the migration lasts. A per-key command (MGET, MSET, DEL, ...) then goes key by
// key, each to wherever its key is; the others wait within their budget.
std::optional<reply> cluster_executor::state::key_by_key(const command& cmd, int slot, bool read) {
  std::size_t next = 0;
  auto split = detail::split_by_node(cmd, [&](std::string_view) { return next++; });
  if (!split || split->parts.size() < 2) return std::nullopt;
  std::vector<reply> replies;
  for (const auto& part : split->parts) {
    try {
      replies.push_back(call_slot(part.cmd, slot, read));
    } catch (const reply_error& e) {
      replies.push_back(reply::make_error(e.server_message()));
    }
  }
  reply merged = detail::merge_replies(*split, std::move(replies));
  if (merged.is_error()) throw_reply(merged, nodes.node_settings().connection);
  return merged;
}

reply cluster_executor::state::call_slot(const command& cmd, int slot, bool read,
                                         redirect pending) {
  detail::attempts budget(nodes.node_settings(), may_retry(cmd));
  std::string ask_node;
  bool replica_ok = read;
  for (;;) {
    if (pending.what == redirect::kind::try_again) {
      if (auto merged = key_by_key(cmd, slot, read)) return std::move(*merged);
    }
    follow(nodes, budget, pending, ask_node);
    pending = {};
    const auto map = nodes.map();
    const detail::shard* owner = map->shard_of(slot);
    std::string target = ask_node;
    const command* before = ask_node.empty() ? nullptr : &asking_command();
    ask_node.clear();
    if (target.empty()) {
      if (owner == nullptr) {
        nodes.refresh_soon();
        if (budget.wait()) continue;
        throw connection_error("no Redis Cluster node serves slot " + std::to_string(slot));
      }
      target = replica_ok ? nodes.read_node(*owner) : owner->primary;
      if (target != owner->primary) before = &readonly_command();
    }
    bool sent = false;
    try {
      reply r = exchange(target, sent, [&](connection& c) { return exchange_one(c, cmd, before); });
      if (!r.is_error()) return r;
      pending = detail::parse_redirect(r.error_message());
      if (pending.what == redirect::kind::none) {
        throw_reply(r, nodes.node(target).exec.pool().connection_settings());
      }
    } catch (const connection_error& e) {
      nodes.mark_down(target);
      nodes.refresh_soon();
      if (before == &readonly_command() && (!sent || may_retry(cmd))) {
        replica_ok = false;  // the primary answers instead
        continue;
      }
      if (!budget.after_failure(e, sent)) throw;
    }
  }
}

transaction_result cluster_executor::state::call_transaction(const std::vector<command>& commands,
                                                             int slot) {
  bool idempotent = true;
  for (const auto& cmd : commands) idempotent = idempotent && cmd.idempotent();
  detail::attempts budget(nodes.node_settings(), idempotent);
  if (slot < 0) slot = any_slot();
  std::string ask_node;
  redirect pending;
  for (;;) {
    follow(nodes, budget, pending, ask_node);
    pending = {};
    const auto map = nodes.map();
    const detail::shard* owner = map->shard_of(slot);
    std::string target = ask_node;
    const bool asking = !ask_node.empty();
    ask_node.clear();
    if (target.empty()) {
      if (owner == nullptr) {
        nodes.refresh_soon();
        if (budget.wait()) continue;
        throw connection_error("no Redis Cluster node serves slot " + std::to_string(slot));
      }
      target = owner->primary;
    }
    bool sent = false;
    try {
      transaction_result result = exchange(target, sent, [&](connection& c) {
        if (asking) c.execute(asking_command());  // ASKING holds for the whole MULTI
        return c.transaction(commands);
      });
      // A queued command refused with a redirect made the server discard the transaction.
      if (result.status == transaction_result::outcome::discarded) {
        for (const auto& r : result.replies) {
          if (r.is_error()) pending = detail::parse_redirect(r.error_message());
          if (pending.what != redirect::kind::none) break;
        }
        if (pending.what != redirect::kind::none) continue;
      }
      return result;
    } catch (const connection_error& e) {
      nodes.mark_down(target);
      nodes.refresh_soon();
      if (!budget.after_failure(e, sent)) throw;
    }
  }
}

void cluster_executor::with_connection(std::string_view key,
                                       const std::function<void(connection&)>& fn) {
  const int slot = key.empty() ? state_->any_slot() : detail::key_slot(key);
  detail::attempts budget(state_->nodes.node_settings(), false);
  for (;;) {
    const auto map = state_->nodes.map();
    const detail::shard* owner = map->shard_of(slot);
    if (owner == nullptr) {
      state_->nodes.refresh_soon();
      if (budget.wait()) continue;
      throw connection_error("no Redis Cluster node serves slot " + std::to_string(slot));
    }
    std::optional<connection_pool::lease> lease;
    try {
      lease.emplace(state_->nodes.node(owner->primary).exec.pool().acquire());
    } catch (const connection_error& e) {
      state_->nodes.mark_down(owner->primary);
      state_->nodes.refresh_soon();
      if (!budget.after_failure(e, false)) throw;
      continue;
    }
    fn(**lease);
    return;
  }
}

}  // namespace rediscache
