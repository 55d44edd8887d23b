#include "cluster/cluster_state.hpp"
#include "connection/connection_impl.hpp"

namespace rediscache {
namespace {

// Threads for node-parallel calls; more would only queue on the same cores.
constexpr std::size_t max_parallel_workers = 8;

}  // namespace

cluster_executor::state::state(cluster_options cluster, client_options data_nodes)
    : nodes(std::move(cluster), std::move(data_nodes)), parallel(max_parallel_workers) {}

detail::route cluster_executor::state::route_of(const command& cmd) {
  return detail::route_command(cmd, [this](const command& c) { return ask_keys(c); });
}

std::vector<std::string> cluster_executor::state::ask_keys(const command& cmd) {
  std::vector<std::string> keys;
  reply r;
  try {
    r = call_slot(detail::getkeys_command(cmd), any_slot(), false);
  } catch (const reply_error&) {
    return keys;  // no key arguments, or a command the server does not know: any node answers
  }
  for (auto& k : r.elements()) keys.push_back(k.take_str());
  return keys;
}

int cluster_executor::state::any_slot() {
  const auto map = nodes.map();
  if (map->shards.empty()) throw connection_error("the Redis Cluster has no primary serving slots");
  return map->shards[turn.fetch_add(1) % map->shards.size()].first_slot;
}

reply cluster_executor::state::run_routed(const command& cmd, const detail::route& r) {
  switch (r.how) {
    case detail::route::kind::slot:
      return call_slot(cmd, r.slot, r.read_only);
    case detail::route::kind::any:
      return call_slot(cmd, any_slot(), false);
    case detail::route::kind::split: {
      reply merged = std::move(run_batch(&cmd, &r, 1).front());
      if (merged.is_error()) throw_reply(merged, nodes.node_settings().connection);
      return merged;
    }
    case detail::route::kind::scan:
      return run_scan(cmd);
    case detail::route::kind::every_primary:
    case detail::route::kind::sum:
    case detail::route::kind::concat:
      break;
  }
  return run_on_primaries(cmd, r.how);
}

cluster_executor::cluster_executor(cluster_options cluster, client_options data_nodes)
    : state_(std::make_unique<state>(std::move(cluster), std::move(data_nodes))) {}

cluster_executor::~cluster_executor() = default;

reply cluster_executor::run(const command& cmd) {
  return state_->run_routed(cmd, state_->route_of(cmd));
}

std::vector<reply> cluster_executor::run_batch(const std::vector<command>& commands) {
  std::vector<detail::route> routes;
  routes.reserve(commands.size());
  for (const auto& cmd : commands) routes.push_back(state_->route_of(cmd));
  return state_->run_batch(commands.data(), routes.data(), commands.size());
}

transaction_result cluster_executor::run_transaction(const std::vector<command>& commands) {
  if (commands.empty()) return {};
  const int slot =
      detail::transaction_slot(commands, [this](const command& c) { return state_->ask_keys(c); });
  return state_->call_transaction(commands, slot);
}

void cluster_executor::close() { state_->nodes.close(); }

void cluster_executor::refresh() { state_->nodes.refresh(); }

std::optional<connection_options> cluster_executor::subscriber_connection() const {
  const auto seed =
      detail::parse_node_address(state_->nodes.cluster_settings().seeds.front(), "cluster seed");
  connection_options o = state_->nodes.node_settings().connection;
  o.host = seed.host;
  o.port = seed.port;
  return o;
}

std::string cluster_executor::primary_for(std::string_view key) const {
  const auto map = state_->nodes.map();
  const detail::shard* owner = map->shard_of(detail::key_slot(key));
  return owner == nullptr ? std::string() : owner->primary;
}

std::vector<std::string> cluster_executor::primaries() const {
  std::vector<std::string> out;
  for (const auto& s : state_->nodes.map()->shards) out.push_back(s.primary);
  return out;
}

}  // namespace rediscache
