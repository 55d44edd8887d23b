#include <rediscache/error.hpp>
#include <rediscache/pool.hpp>

#include "config/validate.hpp"
#include "connection/connection_impl.hpp"
#include "log/log_impl.hpp"
#include "pool/waiter_queue.hpp"
#include "transport/deadline.hpp"
#include "transport/tls.hpp"

#include <poll.h>

#include <mutex>
#include <new>
#include <vector>

namespace rediscache {

using steady = std::chrono::steady_clock;
using detail::pool_waiter;

namespace {

// A connection used this recently is reused without a look at its socket, and a sweep this
// recent vouches for every connection that was idle then: a close by the server less than this
// long before a command fails that command instead of being noticed.
constexpr std::chrono::milliseconds close_check_window{1};

}  // namespace

struct connection_pool::state {
  struct parked {
    rediscache::connection conn;
    bool swept = false;    // a sweep has looked at its socket since it came back
    bool suspect = false;  // and saw it readable or hung up: closed, or bytes nobody asked for
  };

  state(connection_options c, pool_options p) : connection(std::move(c)), pool(p) {
    detail::validate(connection);
    detail::validate(pool);
    if (connection.tls.enabled) tls = std::make_shared<detail::tls_context>(connection.tls);
  }

  // Whether the idle connection at the back, about to be reused, must be checked for a close by
  // the server. One poll() over every idle socket (a sweep) answers for all of them for the next
  // millisecond, instead of a recv(MSG_PEEK) per reuse. Needs the mutex.
  bool needs_close_check(steady::time_point now) {
    parked& next = idle.back();
    if (now - next.conn.last_used() <= close_check_window) return false;
    if (!next.swept || now - last_sweep > close_check_window) {
      if (!sweep(now)) return true;  // no sweep: check this one connection directly
    }
    return next.suspect;
  }

  bool sweep(steady::time_point now) noexcept {
    try {
      sweep_fds.resize(idle.size());
    } catch (const std::bad_alloc&) {
      return false;
    }
    for (std::size_t i = 0; i < idle.size(); ++i) {
      sweep_fds[i] = pollfd{detail::connection_socket::of(idle[i].conn).fd(), POLLIN, 0};
    }
    if (::poll(sweep_fds.data(), sweep_fds.size(), 0) < 0) return false;
    for (std::size_t i = 0; i < idle.size(); ++i) {
      idle[i].swept = true;
      idle[i].suspect =
          sweep_fds[i].revents != 0 || detail::connection_socket::of(idle[i].conn).buffered();
    }
    last_sweep = now;
    return true;
  }

  // An idle connection is reusable unless the server closed it or it fails the health check.
  bool usable(connection& c, bool check_close, steady::time_point now) const {
    if (check_close && c.stale()) return false;
    if (pool.health_check_interval.count() <= 0) return true;
    if (now - c.last_used() < pool.health_check_interval) return true;
    try {
      return c.execute(command{"PING"}).is_string();
    } catch (const error& e) {
      detail::log_debug("health check of {} failed: {}", endpoint_name(connection), e.what());
      return false;
    }
  }

  // A leased or opening connection is gone: its slot goes to the longest waiter, who opens a new
  // one, or back to the pool. Needs the mutex; the caller signals the waiter it returns.
  pool_waiter* release_slot() noexcept {
    if (closed) {
      --in_use;
      --open;
      return nullptr;
    }
    pool_waiter* w = waiters.pop();
    if (w == nullptr) {
      --in_use;
      --open;
    } else {
      w->result = pool_waiter::outcome::slot;
    }
    return w;
  }

  // Room in idle for one more, so that parking a connection cannot throw after it was moved.
  void make_room() {
    if (idle.size() == idle.capacity()) idle.reserve(idle.empty() ? 8 : 2 * idle.size());
  }

  connection_options connection;
  pool_options pool;
  std::shared_ptr<detail::tls_context> tls;

  mutable std::mutex mutex;
  std::vector<parked> idle;      // most recently used last, so reuse stays warm
  detail::waiter_queue waiters;  // never waiting while idle holds a connection
  std::vector<pollfd> sweep_fds;
  steady::time_point last_sweep{};
  std::size_t open = 0;  // idle + leased + being opened
  std::size_t in_use = 0;
  bool closed = false;
  pool_stats counters;
};

connection_pool::connection_pool(connection_options connection, pool_options pool)
    : state_(std::make_unique<state>(std::move(connection), pool)) {}

connection_pool::~connection_pool() = default;

// A returned connection goes straight to the longest waiter and a newcomer never overtakes a
// waiter, so each release wakes at most one thread, which finds its connection waiting for it
// instead of a contended mutex.
connection_pool::lease connection_pool::acquire() { return take(true, nullptr); }

connection_pool::lease connection_pool::acquire_unchecked(bool& reused) {
  reused = false;
  return take(false, &reused);
}

connection_pool::lease connection_pool::take(bool check_close_wanted, bool* reused) {
  state& s = *state_;
  const auto now = steady::now();
  bool counted_wait = false;
  for (;;) {
    std::unique_lock<std::mutex> lock(s.mutex);
    if (s.closed) throw closed_error("the pool for " + endpoint_name(s.connection) + " is closed");
    if (!s.idle.empty()) {
      const bool check_close = check_close_wanted && s.needs_close_check(now);
      connection c = std::move(s.idle.back().conn);
      s.idle.pop_back();
      ++s.in_use;
      lock.unlock();
      if (reusable(c, check_close, now)) {
        if (reused != nullptr) *reused = true;
        return lease(this, std::move(c));
      }
      continue;
    }
    if (s.open < s.pool.max_connections) {
      ++s.open;
      ++s.in_use;
      lock.unlock();
      return open_leased();
    }
    pool_waiter w;
    s.waiters.push(w);
    if (!counted_wait) {
      counted_wait = true;
      ++s.counters.waits;
    }
    lock.unlock();
    if (!w.wake.wait_until(detail::deadline_after(now, s.pool.pool_timeout))) {
      lock.lock();
      if (w.queued) {
        s.waiters.remove(w);
        ++s.counters.timeouts;
        throw pool_timeout_error("no connection to " + endpoint_name(s.connection) +
                                 " became free within " +
                                 std::to_string(s.pool.pool_timeout.count()) + " ms (all " +
                                 std::to_string(s.pool.max_connections) + " in use)");
      }
      lock.unlock();
      w.wake.wait();  // a releasing thread took it out of the queue: its signal is on the way
    }
    switch (w.result) {
      case pool_waiter::outcome::connection:
        return lease(this, std::move(*w.handed));  // used a moment ago: nothing to check
      case pool_waiter::outcome::slot:
        return open_leased();
      case pool_waiter::outcome::closed:
        break;
    }
  }
}

// c is leased; false when it was closed instead (its slot released), so the caller tries again.
bool connection_pool::reusable(connection& c, bool check_close, steady::time_point now) {
  state& s = *state_;
  bool ok = false;
  try {
    ok = s.usable(c, check_close, now);
  } catch (...) {  // not a rediscache::error (those mean "not usable"): the check broke c
    discard(c);
    throw;
  }
  if (!ok) discard(c);
  return ok;
}

connection_pool::lease connection_pool::open_leased() {
  state& s = *state_;
  try {
    connection c = connection::open(s.connection, s.tls);
    std::lock_guard<std::mutex> lock(s.mutex);
    ++s.counters.created;
    return lease(this, std::move(c));
  } catch (...) {
    pool_waiter* next = nullptr;
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      next = s.release_slot();
    }
    if (next != nullptr) next->wake.signal();
    throw;
  }
}

void connection_pool::discard(connection& c) noexcept {
  state& s = *state_;
  c.close();
  pool_waiter* next = nullptr;
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    ++s.counters.closed;
    next = s.release_slot();
  }
  if (next != nullptr) next->wake.signal();
}

void connection_pool::give_back(connection&& c) noexcept {
  state& s = *state_;
  if (!c.broken()) {
    pool_waiter* next = nullptr;
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      if (!s.closed) {
        next = s.waiters.pop();
        if (next != nullptr) {
          next->handed.emplace(std::move(c));
          next->result = pool_waiter::outcome::connection;
        } else {
          try {
            s.make_room();
            s.idle.push_back(state::parked{std::move(c)});
            --s.in_use;
            return;
          } catch (const std::bad_alloc&) {
            // No room to keep it idle: close it as if it had broken.
          }
        }
      }
    }
    if (next != nullptr) {
      next->wake.signal();
      return;
    }
  }
  discard(c);
}

void connection_pool::drop_closed_idle() noexcept {
  state& s = *state_;
  std::vector<connection> doomed;
  std::lock_guard<std::mutex> lock(s.mutex);
  try {
    doomed.reserve(s.idle.size());
  } catch (const std::bad_alloc&) {
    return;  // the reuse checks will find them one by one
  }
  if (!s.sweep(steady::now())) return;
  std::size_t kept = 0;
  for (auto& p : s.idle) {
    if (p.suspect) {
      doomed.push_back(std::move(p.conn));
    } else {
      s.idle[kept++] = std::move(p);
    }
  }
  s.idle.erase(s.idle.begin() + static_cast<std::ptrdiff_t>(kept), s.idle.end());
  s.open -= doomed.size();
  s.counters.closed += doomed.size();
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
  state& s = *state_;
  std::vector<state::parked> doomed;
  pool_waiter* told = nullptr;
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.closed = true;
    doomed.swap(s.idle);
    s.open -= doomed.size();
    s.counters.closed += doomed.size();
    while (pool_waiter* w = s.waiters.pop()) {
      w->result = pool_waiter::outcome::closed;
      w->next = told;  // out of the queue, so the link is free to chain the ones to tell
      told = w;
    }
  }
  while (told != nullptr) {
    pool_waiter* w = told;
    told = w->next;  // read before the signal: the waiter may be gone right after it
    w->wake.signal();
  }
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
