#include "support/redis_cluster.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace rediscache::test {
namespace {

using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int slot_count = 16384;
constexpr int start_attempts = 5;

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, separator);) {
    if (!part.empty() && part.back() == '\r') part.pop_back();
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

bool has_flag(const std::string& flags, const std::string& flag) {
  const auto list = split(flags, ',');
  return std::find(list.begin(), list.end(), flag) != list.end();
}

// "127.0.0.1:7000@17000[,hostname]" -> 7000
int port_of(const std::string& address) {
  const auto colon = address.rfind(':', address.find('@'));
  return std::stoi(address.substr(colon + 1));
}

// "0-5460", "7" -> the slots; "[7->-id]" (a migration in progress) -> none.
void add_slots(const std::string& spec, std::vector<int>& slots) {
  if (spec.empty() || spec.front() == '[') return;
  const auto dash = spec.find('-');
  const int first = std::stoi(spec.substr(0, dash));
  const int last = dash == std::string::npos ? first : std::stoi(spec.substr(dash + 1));
  for (int s = first; s <= last; ++s) slots.push_back(s);
}

// A node's port must leave room for its cluster bus at port + 10000; redis-server refuses
// anything higher. redis_server picks free ports at random, so a start may draw one too high.
std::unique_ptr<redis_server> start_node(const server_config& config) {
  for (int attempt = 1;; ++attempt) {
    try {
      return std::make_unique<redis_server>(config);
    } catch (const std::runtime_error& e) {
      if (attempt >= start_attempts ||
          std::string(e.what()).find("too high") == std::string::npos) {
        throw;
      }
    }
  }
}

}  // namespace

redis_cluster::redis_cluster(cluster_config cfg) : config_(std::move(cfg)) {
  if (config_.primaries < 3) throw std::invalid_argument("redis_cluster: at least 3 primaries");
  server_config node_config;
  node_config.extra_config = {
      "cluster-enabled yes",
      "cluster-config-file nodes.conf",
      "cluster-node-timeout " + std::to_string(config_.node_timeout_ms),
      "cluster-require-full-coverage no",
      // A replica whose primary was killed a moment after a write still takes over.
      "cluster-replica-validity-factor 0",
      // Replicas sync at once instead of waiting 5 s for more replicas to share the transfer.
      "repl-diskless-sync-delay 0",
  };
  node_config.extra_config.insert(node_config.extra_config.end(), config_.extra_config.begin(),
                                  config_.extra_config.end());
  const std::size_t total = config_.primaries * (1 + config_.replicas_per_primary);
  for (std::size_t i = 0; i < total; ++i) nodes_.push_back(start_node(node_config));

  std::vector<std::string> create{"--cluster", "create"};
  for (std::size_t i = 0; i < total; ++i) create.push_back(address(i));
  create.insert(create.end(), {"--cluster-replicas", std::to_string(config_.replicas_per_primary),
                               "--cluster-yes"});
  command(0, create);
  wait_until_ready();
}

redis_cluster::~redis_cluster() = default;

std::string redis_cluster::address(std::size_t i) const {
  return node(i).host() + ":" + std::to_string(node(i).port());
}

std::vector<std::string> redis_cluster::seeds() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < size(); ++i) out.push_back(address(i));
  return out;
}

std::string redis_cluster::command(std::size_t i, const std::vector<std::string>& args) const {
  return node(i).command(args);
}

std::size_t redis_cluster::index_of_port(int port) const {
  for (std::size_t i = 0; i < size(); ++i) {
    if (node(i).port() == port) return i;
  }
  throw std::runtime_error("redis_cluster: no node listens on port " + std::to_string(port));
}

std::size_t redis_cluster::any_running() const {
  for (std::size_t i = 0; i < size(); ++i) {
    if (node(i).running()) return i;
  }
  throw std::runtime_error("redis_cluster: no node is running");
}

std::vector<redis_cluster::node_view> redis_cluster::nodes_view() const {
  std::vector<node_view> view;
  for (const auto& line : split(command(any_running(), {"CLUSTER", "NODES"}), '\n')) {
    std::istringstream fields(line);
    std::string id, address, flags, primary_id, ping, pong, epoch, link;
    fields >> id >> address >> flags >> primary_id >> ping >> pong >> epoch >> link;
    if (has_flag(flags, "handshake") || has_flag(flags, "noaddr")) continue;
    node_view node{id,
                   index_of_port(port_of(address)),
                   has_flag(flags, "master"),
                   has_flag(flags, "fail") || has_flag(flags, "fail?"),
                   primary_id == "-" ? std::string() : primary_id,
                   {}};
    for (std::string spec; fields >> spec;) add_slots(spec, node.slots);
    view.push_back(std::move(node));
  }
  return view;
}

std::size_t redis_cluster::primary_of(int slot) const {
  for (const auto& n : nodes_view()) {
    if (n.primary && std::binary_search(n.slots.begin(), n.slots.end(), slot)) return n.index;
  }
  throw std::runtime_error("redis_cluster: no primary serves slot " + std::to_string(slot));
}

std::vector<std::size_t> redis_cluster::primaries() const {
  std::vector<std::size_t> out;
  for (const auto& n : nodes_view()) {
    if (n.primary && !n.slots.empty() && !n.failed) out.push_back(n.index);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::size_t> redis_cluster::replicas_of(std::size_t primary) const {
  const auto view = nodes_view();
  std::string primary_id;
  for (const auto& n : view) {
    if (n.index == primary) primary_id = n.id;
  }
  std::vector<std::size_t> out;
  for (const auto& n : view) {
    if (!n.primary && !n.failed && n.primary_id == primary_id) out.push_back(n.index);
  }
  std::sort(out.begin(), out.end());
  return out;
}

int redis_cluster::key_slot(const std::string& key) const {
  return std::stoi(command(any_running(), {"CLUSTER", "KEYSLOT", key}));
}

void redis_cluster::kill(std::size_t i) { node(i).kill(); }

void redis_cluster::restart(std::size_t i) {
  node(i).restart();
  wait_until_ready();
}

void redis_cluster::pause(std::size_t i) { node(i).pause(); }
void redis_cluster::resume(std::size_t i) { node(i).resume(); }

// Who serves each slot, as node `viewer` sees it, and whether that view is healthy.
std::map<int, std::string> redis_cluster::slot_owners(std::size_t viewer) const {
  std::map<int, std::string> owners;
  for (const auto& line : split(command(viewer, {"CLUSTER", "NODES"}), '\n')) {
    std::istringstream fields(line);
    std::string id, address, flags, skip;
    fields >> id >> address >> flags >> skip >> skip >> skip >> skip >> skip;
    if (has_flag(flags, "fail") || has_flag(flags, "fail?")) {
      const std::size_t index = index_of_port(port_of(address));
      if (node(index).running()) owners[-1] = "a running node is flagged failed: " + address;
    }
    std::vector<int> slots;
    for (std::string spec; fields >> spec;) add_slots(spec, slots);
    for (int s : slots) owners[s] = address;
  }
  return owners;
}

bool redis_cluster::ready(std::string& why) const {
  std::map<int, std::string> agreed;
  bool first = true;
  for (std::size_t i = 0; i < size(); ++i) {
    if (!node(i).running()) continue;
    if (command(i, {"CLUSTER", "INFO"}).find("cluster_state:ok") == std::string::npos) {
      why = address(i) + " is not cluster_state:ok";
      return false;
    }
    const auto role = split(command(i, {"ROLE"}), '\n');
    if (!role.empty() && role[0] == "slave" && (role.size() < 4 || role[3] != "connected")) {
      why = address(i) + " is a replica not yet in sync with its primary";
      return false;
    }
    auto owners = slot_owners(i);
    if (owners.count(-1) != 0) {
      why = address(i) + " sees " + owners[-1];
      return false;
    }
    if (owners.size() != slot_count) {
      why = address(i) + " sees " + std::to_string(owners.size()) + " slots covered";
      return false;
    }
    for (const auto& [slot, owner] : owners) {
      if (!node(index_of_port(port_of(owner))).running()) {
        why = "slot " + std::to_string(slot) + " is served by stopped node " + owner;
        return false;
      }
    }
    if (!first && owners != agreed) {
      why = address(i) + " disagrees with the others about the slot map";
      return false;
    }
    agreed = std::move(owners);
    first = false;
  }
  return true;
}

void redis_cluster::wait_until_ready(std::chrono::milliseconds timeout) const {
  const auto deadline = clock_type::now() + timeout;
  std::string why;
  while (!ready(why)) {
    if (clock_type::now() >= deadline) {
      throw std::runtime_error("redis_cluster: not ready in time: " + why);
    }
    std::this_thread::sleep_for(50ms);
  }
}

std::size_t redis_cluster::wait_for_promotion(std::size_t primary,
                                              std::chrono::milliseconds timeout) const {
  int slot = -1;
  for (const auto& n : nodes_view()) {
    if (n.index == primary && !n.slots.empty()) slot = n.slots.front();
  }
  if (slot < 0)
    throw std::runtime_error("redis_cluster: node " + address(primary) + " serves no slot");
  const auto deadline = clock_type::now() + timeout;
  for (;;) {
    const std::size_t owner = primary_of(slot);
    if (owner != primary && split(command(owner, {"ROLE"}), '\n').front() == "master") return owner;
    if (clock_type::now() >= deadline) {
      throw std::runtime_error("redis_cluster: no replica of " + address(primary) + " took over");
    }
    std::this_thread::sleep_for(20ms);
  }
}

std::size_t redis_cluster::move_slot(int slot, std::size_t to, std::chrono::milliseconds pause) {
  const std::size_t from = primary_of(slot);
  if (from == to) return 0;
  std::string from_id, to_id;
  std::vector<std::size_t> all_primaries;
  for (const auto& n : nodes_view()) {
    if (n.index == from) from_id = n.id;
    if (n.index == to) to_id = n.id;
    if (n.primary && !n.failed) all_primaries.push_back(n.index);
  }
  const std::string number = std::to_string(slot);
  auto check = [&](const std::string& answer, const std::string& what) {
    if (answer.rfind("ERR", 0) == 0 || answer.rfind("IOERR", 0) == 0) {
      throw std::runtime_error("redis_cluster: " + what + " of slot " + number + ": " + answer);
    }
  };
  check(command(to, {"CLUSTER", "SETSLOT", number, "IMPORTING", from_id}), "IMPORTING");
  check(command(from, {"CLUSTER", "SETSLOT", number, "MIGRATING", to_id}), "MIGRATING");
  std::size_t moved = 0;
  for (;;) {
    const auto keys = split(command(from, {"CLUSTER", "GETKEYSINSLOT", number, "100"}), '\n');
    if (keys.empty()) break;
    for (const auto& key : keys) {
      check(command(from, {"MIGRATE", node(to).host(), std::to_string(node(to).port()), "", "0",
                           "5000", "KEYS", key}),
            "MIGRATE");
      ++moved;
      if (pause.count() > 0) std::this_thread::sleep_for(pause);
    }
  }
  // The target first, so that it serves the slot before the source starts sending MOVED there.
  check(command(to, {"CLUSTER", "SETSLOT", number, "NODE", to_id}), "SETSLOT NODE");
  check(command(from, {"CLUSTER", "SETSLOT", number, "NODE", to_id}), "SETSLOT NODE");
  for (std::size_t p : all_primaries) {
    if (p != to && p != from)
      check(command(p, {"CLUSTER", "SETSLOT", number, "NODE", to_id}), "SETSLOT NODE");
  }
  return moved;
}

}  // namespace rediscache::test
