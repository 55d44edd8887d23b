#include "cluster/attempts.hpp"
#include "cluster/cluster_state.hpp"

#include <algorithm>
#include <exception>
#include <functional>

namespace rediscache {
namespace {

using detail::route;

bool may_retry(const command& cmd) { return cmd.idempotent() && cmd.block_time().count() == 0; }

// One command of a batch (or one part of a split command) and the slot it goes to.
struct entry {
  std::size_t index;  // in the caller's batch
  int part;           // in its split command; -1 for a whole command
  const command* cmd;
  int slot;
  bool read;
};

// The entries one node gets, as one pipeline.
struct node_group {
  std::string node;
  bool replica = false;
  std::vector<entry> entries;
  std::vector<reply> replies;
  std::exception_ptr failure;
  bool sent = false;
};

}  // namespace

std::vector<reply> cluster_executor::state::run_batch(const command* commands, const route* routes,
                                                      std::size_t count) {
  std::vector<reply> out(count);
  std::vector<std::vector<reply>> parts(count);  // replies of split commands' parts
  std::vector<entry> pending;
  std::vector<std::size_t> fanouts;
  for (std::size_t i = 0; i < count; ++i) {
    const route& r = routes[i];
    if (r.how == route::kind::slot) {
      pending.push_back({i, -1, &commands[i], r.slot, r.read_only});
    } else if (r.how == route::kind::any) {
      pending.push_back({i, -1, &commands[i], any_slot(), false});
    } else if (r.how == route::kind::split) {
      // Split per slot: each part's "node" is its slot.
      parts[i].resize(r.split->parts.size());
      for (std::size_t p = 0; p < r.split->parts.size(); ++p) {
        const auto& part = r.split->parts[p];
        pending.push_back(
            {i, static_cast<int>(p), &part.cmd, static_cast<int>(part.node), r.read_only});
      }
    } else {
      fanouts.push_back(i);
    }
  }

  auto deliver = [&](const entry& e, reply r) {
    if (e.part < 0) {
      out[e.index] = std::move(r);
    } else {
      parts[e.index][static_cast<std::size_t>(e.part)] = std::move(r);
    }
  };
  // One entry on its own, with all of call_slot's redirect handling.
  auto alone = [&](const entry& e, detail::redirect received) {
    try {
      deliver(e, call_slot(*e.cmd, e.slot, e.read, std::move(received)));
    } catch (const reply_error& x) {
      deliver(e, reply::make_error(x.server_message()));
    }
  };

  std::vector<std::pair<entry, detail::redirect>> redirected;
  // Whether a failed pipeline may go again is decided per node below, from its own commands.
  detail::attempts budget(nodes.node_settings(), true);
  while (!pending.empty()) {
    const auto map = nodes.map();
    std::vector<node_group> groups;
    std::vector<entry> unplaced;
    for (const entry& e : pending) {
      const detail::shard* owner = map->shard_of(e.slot);
      if (owner == nullptr) {
        unplaced.push_back(e);
        continue;
      }
      const std::string& node = e.read ? nodes.read_node(*owner) : owner->primary;
      auto g = std::find_if(groups.begin(), groups.end(),
                            [&](const node_group& x) { return x.node == node; });
      if (g == groups.end()) {
        groups.push_back({node, node != owner->primary, {}, {}, nullptr, false});
        g = std::prev(groups.end());
      }
      g->entries.push_back(e);
    }
    pending.clear();
    for (const entry& e : unplaced) alone(e, {});

    std::vector<std::function<void()>> tasks;
    for (auto& g : groups) {
      tasks.emplace_back([this, &g] {
        std::vector<command> pipeline;
        pipeline.reserve(g.entries.size() + 1);
        if (g.replica) pipeline.push_back(command{"READONLY"});
        for (const entry& e : g.entries) pipeline.push_back(*e.cmd);
        try {
          g.replies = exchange(g.node, g.sent, [&](connection& c) { return c.pipeline(pipeline); });
          if (g.replica) g.replies.erase(g.replies.begin());
        } catch (const connection_error&) {
          g.failure = std::current_exception();
          nodes.mark_down(g.node);
        }
      });
    }
    for (const auto& failure : parallel.run_all(tasks)) {
      if (failure) std::rethrow_exception(failure);
    }

    std::exception_ptr failure;
    bool sent = false;
    for (auto& g : groups) {
      if (g.failure) {
        bool retryable = true;
        for (const entry& e : g.entries) retryable = retryable && (!g.sent || may_retry(*e.cmd));
        if (!retryable) std::rethrow_exception(g.failure);
        failure = g.failure;
        sent = sent || g.sent;
        pending.insert(pending.end(), g.entries.begin(), g.entries.end());
        continue;
      }
      for (std::size_t k = 0; k < g.entries.size(); ++k) {
        reply& r = g.replies[k];
        const entry& e = g.entries[k];
        detail::redirect red;
        if (r.is_error()) red = detail::parse_redirect(r.error_message());
        if (red.what == detail::redirect::kind::none) {
          deliver(e, std::move(r));
        } else {
          redirected.emplace_back(e, std::move(red));
        }
      }
    }
    if (!failure) break;
    nodes.refresh_soon();
    try {
      std::rethrow_exception(failure);
    } catch (const connection_error& e) {
      if (!budget.after_failure(e, sent)) throw;
    }
  }
  // Redirects only come during a migration or a failover: each goes on alone.
  for (auto& [e, red] : redirected) alone(e, std::move(red));

  for (std::size_t i = 0; i < count; ++i) {
    if (routes[i].how == route::kind::split)
      out[i] = detail::merge_replies(*routes[i].split, std::move(parts[i]));
  }
  for (const std::size_t i : fanouts) {
    try {
      out[i] = run_routed(commands[i], routes[i]);
    } catch (const reply_error& x) {
      out[i] = reply::make_error(x.server_message());
    }
  }
  return out;
}

}  // namespace rediscache
