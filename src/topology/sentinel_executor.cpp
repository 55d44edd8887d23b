#include <rediscache/error.hpp>
#include <rediscache/pubsub/subscriber.hpp>
#include <rediscache/sentinel_executor.hpp>

#include "config/validate.hpp"
#include "log/log_impl.hpp"
#include "quote.hpp"
#include "topology/background_loop.hpp"
#include "topology/node_cursor.hpp"
#include "topology/replica_checker.hpp"
#include "topology/replica_router.hpp"
#include "topology/sentinel_client.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

namespace rediscache {
namespace {

using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

// How often a caller that finds no primary asks the sentinels again, and how long a caller
// waiting for a failover sleeps between looks.
constexpr auto resolve_retry = 100ms;

}  // namespace

struct sentinel_executor::state : std::enable_shared_from_this<state> {
  state(sentinel_options s, client_options d, replica_options r)
      : data(std::move(d)), sentinels(std::move(s)), router(r), checker(r), interval(r.check_interval) {}

  client_options data;
  detail::sentinel_client sentinels;
  detail::replica_router router;
  std::mutex check_mutex;
  detail::replica_checker checker;
  std::chrono::milliseconds interval;
  std::timed_mutex resolve_mutex;  // one lookup, and one change of the node set, at a time
  std::map<std::string, std::size_t> ids;  // node ids by address (under resolve_mutex)
  std::atomic<bool> closed{false};
  std::mutex failure_mutex;
  std::exception_ptr last_failure;
  clock_type::time_point last_failure_at{};
  std::mutex events_mutex;
  std::unique_ptr<subscriber> events;
  std::atomic<bool> events_down{true};
  detail::background_loop loop;

  std::size_t id_for(const std::string& address);
  std::shared_ptr<detail::data_node> make_node(const detail::host_port& where, bool replica);
  void verify_primary(const detail::host_port& where) const;
  bool adopt_primary();
  void refresh_replicas();
  std::shared_ptr<detail::data_node> primary_for_call();
  std::shared_ptr<detail::data_node> after_failure(const std::shared_ptr<detail::data_node>& failed,
                                                   clock_type::time_point deadline);
  void round();
  void watch_events();
  void on_switch(const std::string& payload);
};

// Ids travel in SCAN cursors, so an address keeps its id; past max_cursor_nodes addresses, ids of
// servers that left are given out again.
std::size_t sentinel_executor::state::id_for(const std::string& address) {
  auto it = ids.find(address);
  if (it != ids.end()) return it->second;
  std::size_t id = ids.size();
  if (id >= detail::max_cursor_nodes) {
    const auto set = router.nodes();
    for (auto old = ids.begin(); old != ids.end(); ++old) {
      if (!set->find(old->second)) {
        id = old->second;
        ids.erase(old);
        break;
      }
    }
  }
  ids.emplace(address, id);
  return id;
}

std::shared_ptr<detail::data_node> sentinel_executor::state::make_node(
    const detail::host_port& where, bool replica) {
  client_options options = data;
  options.connection = detail::at_address(data.connection, where);
  if (replica) options = detail::replica_client_options(std::move(options));
  const std::string address = detail::address_of(options.connection);
  return std::make_shared<detail::data_node>(id_for(address), std::move(options));
}

// The guidelines' check that the sentinels' answer is current: the node itself says "master".
void sentinel_executor::state::verify_primary(const detail::host_port& where) const {
  const connection_options options = detail::at_address(data.connection, where);
  connection c = connection::open(options);
  reply r = c.execute(command{"ROLE"});
  const std::string role = r.elements().empty() ? std::string() : r.elements()[0].str();
  if (role != "master") {
    throw connection_error("the sentinels name " + detail::address_of(options) +
                           " as the primary of " + detail::quote_for_message(sentinels.service()) +
                           ", but its ROLE is " + detail::quote_for_message(role));
  }
}

// Under resolve_mutex. True when the primary changed.
bool sentinel_executor::state::adopt_primary() {
  const detail::host_port where = sentinels.primary();
  const auto set = router.nodes();
  const std::string address = detail::address_of(detail::at_address(data.connection, where));
  if (set->primary && set->primary->address() == address) return false;
  verify_primary(where);
  detail::node_set fresh;
  fresh.primary = make_node(where, false);
  for (const auto& replica : set->replicas) {
    if (replica->address() != address) fresh.replicas.push_back(replica);
  }
  const std::string was = set->primary ? set->primary->address() : std::string("none");
  router.set_nodes(std::move(fresh));
  detail::log_warn("sentinel: the primary of {} is now {} (was {})",
                   detail::quote_for_message(sentinels.service()), address, was);
  return true;
}

// Under resolve_mutex.
void sentinel_executor::state::refresh_replicas() {
  const auto listed = sentinels.replicas();
  const auto set = router.nodes();
  detail::node_set fresh;
  fresh.primary = set->primary;
  bool changed = false;
  for (const auto& where : listed) {
    const std::string address = detail::address_of(detail::at_address(data.connection, where));
    if (set->primary && set->primary->address() == address) continue;
    std::shared_ptr<detail::data_node> node;
    for (const auto& known : set->replicas) {
      if (known->address() == address) node = known;
    }
    if (!node) {
      node = make_node(where, true);
      changed = true;
    }
    fresh.replicas.push_back(std::move(node));
  }
  if (changed || fresh.replicas.size() != set->replicas.size()) router.set_nodes(std::move(fresh));
}

std::shared_ptr<detail::data_node> sentinel_executor::state::primary_for_call() {
  if (closed.load()) throw closed_error("the sentinel executor was closed");
  if (auto known = router.nodes()->primary) return known;
  std::unique_lock<std::timed_mutex> lock(resolve_mutex);
  if (auto known = router.nodes()->primary) return known;
  {
    std::lock_guard<std::mutex> guard(failure_mutex);
    if (last_failure && clock_type::now() - last_failure_at < resolve_retry) {
      std::rethrow_exception(last_failure);
    }
  }
  try {
    adopt_primary();
  } catch (const error&) {
    std::lock_guard<std::mutex> guard(failure_mutex);
    last_failure = std::current_exception();
    last_failure_at = clock_type::now();
    throw;
  }
  return router.nodes()->primary;
}

// Looks for a new primary until deadline; nullptr when the sentinels still name `failed`.
std::shared_ptr<detail::data_node> sentinel_executor::state::after_failure(
    const std::shared_ptr<detail::data_node>& failed, clock_type::time_point deadline) {
  for (;;) {
    auto current = router.nodes()->primary;
    if (current && current != failed) return current;
    if (closed.load()) return nullptr;
    std::unique_lock<std::timed_mutex> lock(resolve_mutex, std::defer_lock);
    if (!lock.try_lock_until(deadline)) return nullptr;
    current = router.nodes()->primary;
    if (current && current != failed) return current;
    try {
      if (adopt_primary()) return router.nodes()->primary;
    } catch (const error& e) {
      detail::log_debug("sentinel: looking for a new primary: {}", e.what());
    }
    lock.unlock();
    if (clock_type::now() + resolve_retry > deadline) return nullptr;
    std::this_thread::sleep_for(resolve_retry);
  }
}

void sentinel_executor::state::round() {
  if (closed.load()) return;
  {
    std::lock_guard<std::timed_mutex> lock(resolve_mutex);
    try {
      adopt_primary();
    } catch (const error& e) {
      detail::log_debug("sentinel: {}", e.what());
    }
    try {
      refresh_replicas();
    } catch (const error& e) {
      detail::log_debug("sentinel: listing replicas: {}", e.what());
    }
  }
  {
    std::lock_guard<std::mutex> lock(check_mutex);
    checker.check(*router.nodes());
  }
  watch_events();
}

// One +switch-master subscription, to the sentinel that answered last; moved when it is lost.
void sentinel_executor::state::watch_events() {
  std::lock_guard<std::mutex> lock(events_mutex);
  if (closed.load() || (events && !events_down.load())) return;
  events.reset();
  std::weak_ptr<state> self = shared_from_this();
  subscriber_options settings;
  settings.on_event = [self](const subscriber_event& e) {
    if (auto s = self.lock()) {
      s->events_down = e.kind == subscriber_event_kind::connection_lost;
      if (s->events_down) s->loop.wake();
    }
  };
  try {
    auto fresh = std::make_unique<subscriber>(sentinels.current(), settings);
    fresh->subscribe("+switch-master", [self](const pubsub_message& m) {
      if (auto s = self.lock()) s->on_switch(m.payload);
    });
    events = std::move(fresh);
    events_down = false;
  } catch (const error& e) {
    detail::log_debug("sentinel: cannot subscribe to +switch-master: {}", e.what());
  }
}

// "<name> <old-ip> <old-port> <new-ip> <new-port>": a hint, checked by asking the sentinels.
void sentinel_executor::state::on_switch(const std::string& payload) {
  if (payload.compare(0, sentinels.service().size() + 1, sentinels.service() + " ") != 0) return;
  std::lock_guard<std::timed_mutex> lock(resolve_mutex);
  try {
    adopt_primary();
  } catch (const error& e) {
    detail::log_debug("sentinel: after +switch-master: {}", e.what());
    loop.wake();
  }
}

sentinel_executor::sentinel_executor(sentinel_options sentinel, client_options data_nodes,
                                     replica_options replicas) {
  detail::validate(sentinel);
  detail::validate(data_nodes);
  detail::validate(replicas);
  state_ = std::make_shared<state>(std::move(sentinel), std::move(data_nodes), replicas);
  state* s = state_.get();
  s->router.set_primary_source([s] { return s->primary_for_call(); });
  s->router.set_failover([s](const std::shared_ptr<detail::data_node>& failed,
                             detail::primary_failure, clock_type::time_point deadline) {
    return s->after_failure(failed, deadline);
  });
  s->loop.prepare(s->interval, [s] { s->round(); });
}

sentinel_executor::~sentinel_executor() {
  try {
    close();
  } catch (const std::exception& e) {
    detail::log_warn("closing a sentinel executor failed: {}", e.what());
  }
}

reply sentinel_executor::run(const command& cmd) {
  state_->loop.ensure_started();
  return state_->router.run(cmd);
}

std::vector<reply> sentinel_executor::run_batch(const std::vector<command>& commands) {
  state_->loop.ensure_started();
  return state_->router.run_batch(commands);
}

transaction_result sentinel_executor::run_transaction(const std::vector<command>& commands) {
  state_->loop.ensure_started();
  return state_->router.run_transaction(commands);
}

void sentinel_executor::with_connection(std::string_view key,
                                        const std::function<void(connection&)>& fn) {
  state_->loop.ensure_started();
  state_->router.with_connection(key, fn);
}

void sentinel_executor::close() {
  state_->closed = true;
  {
    std::lock_guard<std::mutex> lock(state_->events_mutex);
    state_->events.reset();
  }
  state_->loop.stop();
  std::lock_guard<std::timed_mutex> lock(state_->resolve_mutex);
  const auto nodes = state_->router.nodes();
  if (nodes->primary) nodes->primary->close();
  for (const auto& replica : nodes->replicas) replica->close();
}

std::optional<connection_options> sentinel_executor::subscriber_connection() const {
  if (auto primary = state_->router.nodes()->primary) return primary->options().connection;
  return std::nullopt;
}

std::string sentinel_executor::primary_address() const {
  auto primary = state_->router.nodes()->primary;
  return primary ? primary->address() : std::string();
}

std::vector<replica_status> sentinel_executor::replicas() const {
  std::vector<replica_status> out;
  for (const auto& replica : state_->router.nodes()->replicas) out.push_back(replica->status());
  return out;
}

void sentinel_executor::refresh() {
  if (state_->closed.load()) throw closed_error("the sentinel executor was closed");
  state_->loop.ensure_started();
  {
    std::lock_guard<std::timed_mutex> lock(state_->resolve_mutex);
    state_->adopt_primary();
    state_->refresh_replicas();
  }
  std::lock_guard<std::mutex> lock(state_->check_mutex);
  state_->checker.check(*state_->router.nodes());
}

}  // namespace rediscache
