#include <rediscache/error.hpp>
#include <rediscache/pool.hpp>

#include "config/validate.hpp"
#include "log/log_impl.hpp"
#include "transport/deadline.hpp"
#include "transport/tls.hpp"

#include <condition_variable>
#include <mutex>
#include <new>
#include <vector>

namespace rediscache {

using steady = std::chrono::steady_clock;

struct connection_pool::state {
  state(connection_options c, pool_options p) : connection(std::move(c)), pool(p) {
    detail::validate(connection);
    detail::validate(pool);
    if (connection.tls.enabled) tls = std::make_shared<detail::tls_context>(connection.tls);
  }

  // An idle connection is reusable unless the server closed it or it fails the health check.
  // The close check costs a syscall, so a connection used within the last millisecond skips it:
  // a server that died in that millisecond fails one command instead of retrying it.
  bool usable(connection& c) const {
    auto idle_for = steady::now() - c.last_used();
    if (idle_for > std::chrono::milliseconds(1) && c.stale()) return false;
    if (pool.health_check_interval.count() <= 0) return true;
    if (idle_for < pool.health_check_interval) return true;
    try {
      return c.execute(command{"PING"}).is_string();
    } catch (const error& e) {
      detail::log_debug("health check of {} failed: {}", endpoint_name(connection), e.what());
      return false;
    }
  }

  // Accounts for a leased connection that was closed instead of coming back. Needs the mutex.
  void forget_one() {
    --in_use;
    --open;
    ++counters.closed;
    returned.notify_one();
  }

  connection_options connection;
  pool_options pool;
  std::shared_ptr<detail::tls_context> tls;

  mutable std::mutex mutex;
  std::condition_variable returned;
  std::vector<rediscache::connection> idle;  // most recently used last, so reuse stays warm
  std::size_t open = 0;                      // idle + leased + being opened
  std::size_t in_use = 0;
  bool closed = false;
  pool_stats counters;
};

connection_pool::connection_pool(connection_options connection, pool_options pool)
    : state_(std::make_unique<state>(std::move(connection), pool)) {}

connection_pool::~connection_pool() = default;

connection_pool::lease connection_pool::acquire() {
  state& s = *state_;
  std::unique_lock<std::mutex> lock(s.mutex);
  auto deadline = detail::deadline_after(steady::now(), s.pool.pool_timeout);
  bool counted_wait = false;
  for (;;) {
    if (s.closed) throw closed_error("the pool for " + endpoint_name(s.connection) + " is closed");
    if (!s.idle.empty()) {
      connection c = std::move(s.idle.back());
      s.idle.pop_back();
      ++s.in_use;
      lock.unlock();
      bool reusable = false;
      try {
        reusable = s.usable(c);
      } catch (...) {  // not a rediscache::error (those mean "not usable"): the check broke c
        c.close();
        lock.lock();
        s.forget_one();
        throw;
      }
      if (reusable) return lease(this, std::move(c));
      c.close();
      lock.lock();
      s.forget_one();
      continue;
    }
    if (s.open < s.pool.max_connections) {
      ++s.open;
      ++s.in_use;
      lock.unlock();
      try {
        connection c = connection::open(s.connection, s.tls);
        lock.lock();
        ++s.counters.created;
        lock.unlock();
        return lease(this, std::move(c));
      } catch (...) {
        lock.lock();
        --s.open;
        --s.in_use;
        s.returned.notify_one();
        throw;
      }
    }
    if (!counted_wait) {
      counted_wait = true;
      ++s.counters.waits;
    }
    if (s.returned.wait_until(lock, deadline) == std::cv_status::timeout &&
        s.idle.empty() && s.open >= s.pool.max_connections) {
      ++s.counters.timeouts;
      throw pool_timeout_error("no connection to " + endpoint_name(s.connection) +
                               " became free within " +
                               std::to_string(s.pool.pool_timeout.count()) + " ms (all " +
                               std::to_string(s.pool.max_connections) + " in use)");
    }
  }
}

void connection_pool::give_back(connection&& c) noexcept {
  state& s = *state_;
  std::lock_guard<std::mutex> lock(s.mutex);
  if (!s.closed && !c.broken()) {
    try {
      s.idle.push_back(std::move(c));
      --s.in_use;
      s.returned.notify_one();
      return;
    } catch (const std::bad_alloc&) {
      // No room to keep it idle: close it as if it had broken.
    }
  }
  c.close();
  s.forget_one();
}

pool_stats connection_pool::stats() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  pool_stats out = state_->counters;
  out.in_use = state_->in_use;
  out.idle = state_->idle.size();
  return out;
}

const connection_options& connection_pool::connection_settings() const noexcept {
  return state_->connection;
}
const pool_options& connection_pool::settings() const noexcept { return state_->pool; }

void connection_pool::close() {
  std::vector<connection> doomed;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->closed = true;
    doomed.swap(state_->idle);
    state_->open -= doomed.size();
    state_->counters.closed += doomed.size();
  }
  state_->returned.notify_all();
}

connection_pool::lease::lease(connection_pool* pool, connection&& c)
    : pool_(pool), conn_(std::move(c)) {}

connection_pool::lease::lease(lease&& other) noexcept
    : pool_(other.pool_), conn_(std::move(other.conn_)) {
  other.pool_ = nullptr;
}

connection_pool::lease& connection_pool::lease::operator=(lease&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = other.pool_;
    conn_ = std::move(other.conn_);
    other.pool_ = nullptr;
  }
  return *this;
}

connection_pool::lease::~lease() { release(); }

void connection_pool::lease::release() noexcept {
  if (pool_ != nullptr) pool_->give_back(std::move(conn_));
  pool_ = nullptr;
}

}  // namespace rediscache
