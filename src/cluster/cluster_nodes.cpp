#include "cluster/cluster_nodes.hpp"

#include <rediscache/error.hpp>

#include "log/log_impl.hpp"

#include <algorithm>
#include <random>

namespace rediscache::detail {
namespace {

using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

// How long a node that failed is passed over for reads and asked for the map last.
constexpr auto down_period = 1s;
// Refreshes after redirects and lost connections come no closer together than this: a burst of
// failing calls costs one refresh, not one each.
constexpr auto refresh_gap = 100ms;

long long ticks(clock_type::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

std::string host_of(const std::string& name) { return name.substr(0, name.rfind(':')); }

}  // namespace

cluster_nodes::cluster_nodes(cluster_options cluster, client_options data_nodes)
    : cluster_(std::move(cluster)), data_(std::move(data_nodes)) {
  if (cluster_.seeds.empty()) throw config_error("a Redis Cluster needs at least one seed node");
  for (const auto& seed : cluster_.seeds) parse_node_address(seed, "cluster seed");
  if (cluster_.max_redirects < 0) {
    throw config_error("cluster max_redirects must be 0 or more, not " +
                       std::to_string(cluster_.max_redirects));
  }
  if (cluster_.refresh_interval.count() <= 0) {
    throw config_error("cluster refresh_interval must be positive");
  }
  if (data_.connection.db != 0) {
    throw config_error("Redis Cluster has only database 0, not " +
                       std::to_string(data_.connection.db));
  }
  if (!data_.connection.unix_socket.empty()) {
    throw config_error("Redis Cluster nodes are reached over TCP, not a Unix socket");
  }
}

std::shared_ptr<const slot_map> cluster_nodes::map() {
  if (closed_.load()) throw closed_error("the cluster executor was closed");
  std::shared_ptr<const slot_map> current;
  bool stale = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    current = map_;
    stale = current && clock_type::now() - loaded_ > cluster_.refresh_interval;
  }
  if (current && !stale) return current;
  if (!current) {
    std::lock_guard<std::mutex> one(refresh_mutex_);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (map_) return map_;  // another thread loaded it meanwhile
    }
    refresh_locked();
  } else {
    refresh_soon();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  return map_;
}

void cluster_nodes::refresh() {
  std::lock_guard<std::mutex> one(refresh_mutex_);
  refresh_locked();
}

void cluster_nodes::refresh_soon() noexcept {
  std::unique_lock<std::mutex> one(refresh_mutex_, std::try_to_lock);
  if (!one.owns_lock() || clock_type::now() - last_attempt_ < refresh_gap) return;
  try {
    refresh_locked();
  } catch (const std::exception& e) {
    log_debug("refreshing the cluster slot map failed: {}", e.what());
  }
}

std::vector<std::string> cluster_nodes::refresh_candidates() {
  std::vector<std::string> names;
  auto add = [&](const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  std::shared_ptr<const slot_map> current;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    current = map_;
  }
  if (current) {
    for (const auto& s : current->shards) add(s.primary);
    for (const auto& s : current->shards) {
      for (const auto& r : s.replicas) add(r);
    }
  }
  for (const auto& seed : cluster_.seeds) add(parse_node_address(seed, "cluster seed").name());
  std::stable_partition(names.begin(), names.end(),
                        [&](const std::string& name) { return !is_down(node(name)); });
  return names;
}

void cluster_nodes::refresh_locked() {
  last_attempt_ = clock_type::now();
  std::string failures;
  for (const auto& name : refresh_candidates()) {
    if (closed_.load()) throw closed_error("the cluster executor was closed");
    try {
      pooled_executor& exec = node(name).exec;
      slot_map fresh;
      try {
        fresh =
            parse_cluster_shards(exec.run(command{{"CLUSTER", "SHARDS"}, idempotency::idempotent}),
                                 host_of(name), data_.connection.tls.enabled);
      } catch (const reply_error&) {  // before Redis 7
        fresh = parse_cluster_slots(
            exec.run(command{{"CLUSTER", "SLOTS"}, idempotency::idempotent}), host_of(name));
      }
      if (fresh.shards.empty()) {
        failures += "; " + name + " knows no slots";
        continue;
      }
      std::lock_guard<std::mutex> lock(mutex_);
      map_ = std::make_shared<const slot_map>(std::move(fresh));
      loaded_ = clock_type::now();
      return;
    } catch (const error& e) {
      mark_down(name);
      failures += "; " + name + ": " + std::string(e.detail());
    }
  }
  throw connection_error("no Redis Cluster node answered for the slot map" + failures);
}

void cluster_nodes::moved(int slot, const std::string& node_name) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!map_) return;
    const shard* now_serving = map_->shard_of(slot);
    if (now_serving == nullptr || now_serving->primary != node_name) {
      map_ = std::make_shared<const slot_map>(with_slot_moved(*map_, slot, node_name));
    }
  }
  refresh_soon();
}

cluster_node& cluster_nodes::node(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = nodes_.find(name);
  if (found == nodes_.end()) {
    const node_address where = parse_node_address(name, "cluster node");
    client_options options = data_;
    options.connection.host = where.host;
    options.connection.port = where.port;
    found = nodes_.emplace(name, std::make_unique<cluster_node>(options)).first;
    if (closed_.load()) found->second->exec.close();
  }
  return *found->second;
}

bool cluster_nodes::is_down(const cluster_node& n) const noexcept {
  return ticks(clock_type::now()) < n.down_until.load();
}

void cluster_nodes::mark_down(const std::string& name) {
  node(name).down_until.store(ticks(clock_type::now() + down_period));
}

void cluster_nodes::record_latency(cluster_node& n, clock_type::duration took) noexcept {
  const long long sample =
      std::max<long long>(1, std::chrono::duration_cast<std::chrono::microseconds>(took).count());
  const long long old = n.latency_us.load();
  n.latency_us.store(old == 0 ? sample : (old * 7 + sample) / 8);
}

const std::string& cluster_nodes::read_node(const shard& s) {
  if (cluster_.reads == read_policy::primary_only || s.replicas.empty()) return s.primary;
  std::vector<const std::string*> up;
  for (const auto& r : s.replicas) {
    if (!is_down(node(r))) up.push_back(&r);
  }
  if (up.empty()) return s.primary;
  switch (cluster_.reads) {
    case read_policy::round_robin:
      return *up[turn_.fetch_add(1) % up.size()];
    case read_policy::lowest_latency:
      return **std::min_element(up.begin(), up.end(),
                                [&](const std::string* a, const std::string* b) {
                                  return node(*a).latency_us.load() < node(*b).latency_us.load();
                                });
    case read_policy::random:
    case read_policy::primary_only:
      break;
  }
  thread_local std::minstd_rand engine{std::random_device{}()};
  return *up[std::uniform_int_distribution<std::size_t>(0, up.size() - 1)(engine)];
}

void cluster_nodes::close() {
  closed_.store(true);
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& entry : nodes_) entry.second->exec.close();
}

}  // namespace rediscache::detail
