// The state behind a distributed_lock: where tokens live, the SET NX step, the release listener
// and the watchdog.
#include "lock/lock_impl.hpp"
#include "lock/lock_scripts.hpp"
#include "log/log_impl.hpp"

#include <rediscache/command.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>

#include <atomic>
#include <charconv>
#include <system_error>
#include <utility>

namespace rediscache {
namespace {

// Unique for the life of the process, unlike std::thread::id, which a new thread may reuse: a
// thread must never see a token left by a thread that ended.
std::uint64_t this_thread_serial() {
  static std::atomic<std::uint64_t> next{1};
  thread_local const std::uint64_t serial = next++;
  return serial;
}

std::string ttl_text(const std::optional<std::chrono::milliseconds>& timeout) {
  return timeout ? std::to_string(timeout->count()) : std::string();
}

lock_options checked(lock_options o, const std::string& key) {
  using std::chrono::milliseconds;
  if (o.timeout && o.timeout->count() < 0) {
    throw config_error("lock " + key + ": timeout must not be negative");
  }
  if (o.timeout && *o.timeout > max_lock_ttl) {
    throw config_error("lock " + key + ": timeout must be at most max_lock_ttl (2^52 ms), not " +
                       std::to_string(o.timeout->count()) + " ms; leave it unset for no expiry");
  }
  if (o.timeout && o.timeout->count() == 0) o.timeout.reset();  // redis-py: falsy = no expiry
  if (o.sleep.count() < 0) throw config_error("lock " + key + ": sleep must not be negative");
  if (o.blocking_timeout && o.blocking_timeout->count() < 0) {
    throw config_error("lock " + key + ": blocking_timeout must not be negative");
  }
  if (o.auto_extend) {
    if (!o.timeout) throw config_error("lock " + key + ": auto_extend needs a timeout");
    if (o.auto_extend_interval.count() < 0 || o.auto_extend_interval >= *o.timeout) {
      throw config_error("lock " + key + ": auto_extend_interval must be below the timeout");
    }
    if (o.auto_extend_interval.count() == 0 && *o.timeout < milliseconds(3)) {
      throw config_error("lock " + key + ": auto_extend needs a timeout of at least 3 ms");
    }
  }
  return o;
}

std::optional<connection_options> listen_options_of(executor& exec) {
  if (auto* pooled = dynamic_cast<pooled_executor*>(&exec)) {
    return pooled->pool().connection_settings();
  }
  return exec.subscriber_connection();
}

// After a failed listener connect, waiters poll for this long before trying again.
constexpr std::chrono::seconds listener_retry_delay{5};

}  // namespace

distributed_lock::impl::impl(std::shared_ptr<executor> commands, std::string lock_key,
                             lock_options settings)
    : exec(std::move(commands)),
      key(std::move(lock_key)),
      options(checked(std::move(settings), key)),
      listen_on(listen_options_of(*exec)),
      channel(key + ":released"),
      fence(key + ":fence"),
      ttl_ms(ttl_text(options.timeout)) {}

std::optional<lock_holding> distributed_lock::impl::current() const {
  std::lock_guard<std::mutex> lock(mutex);
  if (options.sharing == token_sharing::shared) return shared;
  auto it = per_thread.find(this_thread_serial());
  if (it == per_thread.end()) return std::nullopt;
  return it->second;
}

void distributed_lock::impl::hold(lock_holding holding) {
  std::lock_guard<std::mutex> lock(mutex);
  if (options.sharing == token_sharing::shared) {
    shared = std::move(holding);
  } else {
    per_thread[this_thread_serial()] = std::move(holding);
  }
}

std::optional<lock_holding> distributed_lock::impl::take() {
  std::lock_guard<std::mutex> lock(mutex);
  std::optional<lock_holding> taken;
  if (options.sharing == token_sharing::shared) {
    taken.swap(shared);
    return taken;
  }
  auto it = per_thread.find(this_thread_serial());
  if (it == per_thread.end()) return std::nullopt;
  taken = std::move(it->second);
  per_thread.erase(it);
  return taken;
}

bool distributed_lock::impl::try_set(const std::string& token,
                                     std::optional<std::int64_t>& fence_count) {
  try {
    if (options.fencing) {
      auto count = run_fenced(token);
      if (count.is_integer()) return false;  // held by someone else
      fence_count = fence_value(count.str());
      return true;
    }
    // redis-py's exact command: SET name token PX ms NX, or SET name token NX without a timeout.
    command set{"SET", key, token};
    if (options.timeout) set.arg("PX").arg(options.timeout->count());
    set.arg("NX");
    return exec->run(set).is_ok();
  } catch (const connection_error&) {
    // The SET may have run before the connection failed: then the key holds our token (nobody
    // else can write it) and the lock is ours. Otherwise report the failure.
    try {
      auto stored = exec->run(command{{"GET", key}, idempotency::idempotent});
      if (stored.is_string() && stored.str() == token) {
        if (options.fencing) {
          // Nobody else can have counted since: we hold the lock.
          auto count = exec->run(command{{"GET", fence}, idempotency::idempotent});
          if (count.is_string()) fence_count = fence_value(count.str());
        }
        return true;
      }
    } catch (const std::exception&) {
      // The original failure is the one worth reporting.
    }
    throw;
  }
}

std::int64_t distributed_lock::impl::fence_value(const std::string& text) const {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [at, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || at != end) {
    throw protocol_error("lock " + key + ": the fencing counter " + fence +
                         " is not an integer: " + text.substr(0, 40));
  }
  return value;
}

// When INCR fails, the script undoes its SET before answering with INCR's error, so the lock is
// left free.
reply distributed_lock::impl::run_fenced(const std::string& token) {
  try {
    return detail::acquire_fenced_script().run(*exec, {key, fence}, {token, ttl_ms});
  } catch (const reply_error& e) {
    if (e.server_message().find("would overflow") == std::string::npos) throw;
    throw overflow_error("lock " + key + ": the fencing counter " + fence +
                         " is at INT64_MAX; the lock was not acquired");
  }
}

const detail::release_signal* distributed_lock::impl::signal() {
  if (!options.notify_release || !listen_on) return nullptr;
  std::lock_guard<std::mutex> lock(watch_mutex);
  if (watch) return &watch->signal();
  if (clock::now() < listener_retry_after) return nullptr;
  try {
    watch = detail::release_listener::shared_for(*listen_on, exec)->watch(channel);
    return &watch->signal();
  } catch (const std::exception& e) {
    listener_retry_after = clock::now() + listener_retry_delay;
    detail::log_warn("lock {}: cannot listen for releases, polling instead: {}", key, e.what());
    return nullptr;
  }
}

bool distributed_lock::impl::release_held(const lock_holding& held) {
  stop_watchdog_for(held.token);
  reply released =
      options.notify_release
          ? detail::release_and_notify_script().run(*exec, {key}, {held.token, channel})
          : detail::release_script().run(*exec, {key}, {held.token});
  return released.integer() != 0;
}

void distributed_lock::impl::start_watchdog(const std::string& token) {
  if (!options.auto_extend) return;
  auto interval = options.auto_extend_interval.count() > 0 ? options.auto_extend_interval
                                                           : *options.timeout / 3;
  auto fresh = std::make_unique<detail::watchdog>(
      detail::watchdog::plan{exec, key, token, *options.timeout, interval, options.on_lost});
  std::unique_ptr<detail::watchdog> old;
  {
    std::lock_guard<std::mutex> lock(mutex);
    old = std::exchange(dog, std::move(fresh));
  }
}

void distributed_lock::impl::stop_watchdog_for(const std::string& token) {
  std::unique_ptr<detail::watchdog> stopped;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (dog && dog->token() == token) stopped = std::move(dog);
  }
}

bool distributed_lock::impl::watchdog_lost(const std::string& token) const {
  std::lock_guard<std::mutex> lock(mutex);
  return dog && dog->token() == token && dog->lost();
}

}  // namespace rediscache
