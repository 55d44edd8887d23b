#include "lock/lock_impl.hpp"
#include "lock/lock_scripts.hpp"
#include "lock/token.hpp"
#include "log/log_impl.hpp"
#include "transport/deadline.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/command.hpp>
#include <rediscache/error.hpp>
#include <rediscache/redis_backend.hpp>

#include <algorithm>
#include <thread>
#include <utility>

namespace rediscache {

distributed_lock::distributed_lock(const cache& c, std::string_view name, lock_options options,
                                   key_version version)
    : impl_(std::make_unique<impl>(executor_of(c, "lock"), c.make_key(name, version),
                                   std::move(options))) {}

distributed_lock::distributed_lock(executor& exec, std::string key, lock_options options)
    : impl_(std::make_unique<impl>(std::shared_ptr<executor>(&exec, [](executor*) {}),
                                   std::move(key), std::move(options))) {}

distributed_lock::distributed_lock(std::shared_ptr<executor> exec, std::string key,
                                   lock_options options)
    : impl_(std::make_unique<impl>(std::move(exec), std::move(key), std::move(options))) {}

distributed_lock::distributed_lock(distributed_lock&&) noexcept = default;
distributed_lock& distributed_lock::operator=(distributed_lock&&) noexcept = default;
distributed_lock::~distributed_lock() = default;

bool distributed_lock::acquire() { return acquire(acquire_options{}); }

bool distributed_lock::acquire(blocking_mode blocking) {
  acquire_options o;
  o.blocking = blocking;
  return acquire(o);
}

// redis-py's loop, step for step; the only addition is that a waiter listening for releases is
// woken early by one.
bool distributed_lock::acquire(const acquire_options& overrides) {
  using clock = impl::clock;
  impl& s = *impl_;
  const auto sleep = overrides.sleep.value_or(s.options.sleep);
  const auto blocking = overrides.blocking.value_or(s.options.blocking);
  const auto blocking_timeout =
      overrides.blocking_timeout ? overrides.blocking_timeout : s.options.blocking_timeout;
  const std::string token = overrides.token ? *overrides.token : detail::new_lock_token();
  if (sleep.count() < 0 || (blocking_timeout && blocking_timeout->count() < 0)) {
    throw config_error("lock " + s.key + ": sleep and blocking_timeout must not be negative");
  }
  std::optional<clock::time_point> stop_trying_at;
  if (blocking_timeout) stop_trying_at = detail::deadline_after(clock::now(), *blocking_timeout);

  const detail::release_signal* released = nullptr;
  for (;;) {
    const std::uint64_t seen = released != nullptr ? released->seen() : 0;
    std::optional<std::int64_t> fence;
    if (s.try_set(token, fence)) {
      s.hold(lock_holding{token, fence});
      s.start_watchdog(token);
      return true;
    }
    if (blocking == blocking_mode::non_blocking) return false;
    const auto next_try_at = detail::deadline_after(clock::now(), sleep);
    if (stop_trying_at && next_try_at > *stop_trying_at) return false;
    if (released == nullptr && (released = s.signal()) != nullptr) {
      continue;  // listening from now on; a release before that is caught by trying again at once
    }
    if (released != nullptr) {
      released->wait(seen, next_try_at);
    } else {
      std::this_thread::sleep_until(next_try_at);
    }
  }
}

void distributed_lock::release() {
  impl& s = *impl_;
  auto held = s.take();
  if (!held) {
    throw lock_error(s.key, "Cannot release a lock that's not owned or is already unlocked.");
  }
  if (!s.release_held(*held)) {
    throw lock_not_owned_error(s.key, "Cannot release a lock that's no longer owned");
  }
}

// redis-py's script adds `additional` to the remaining TTL in Lua: both stay within max_lock_ttl
// (2^52 ms), so the sum is exact in Lua's doubles. A negative amount would let PEXPIRE delete
// the key, which redis-py does not guard against; we refuse it.
bool distributed_lock::extend(std::chrono::milliseconds additional, extend_mode mode) {
  impl& s = *impl_;
  if (additional.count() < 0 || additional > max_lock_ttl) {
    throw config_error("lock " + s.key + ": extend() takes 0 to max_lock_ttl (2^52 ms), not " +
                       std::to_string(additional.count()) + " ms");
  }
  auto held = s.current();
  if (!held) throw lock_error(s.key, "Cannot extend an unlocked lock");
  if (!s.options.timeout) throw lock_error(s.key, "Cannot extend a lock with no timeout");
  auto extended = detail::extend_script().run(
      *s.exec, {s.key},
      {held->token, std::to_string(additional.count()), mode == extend_mode::replace ? "1" : "0"});
  if (extended.integer() == 0) {
    throw lock_not_owned_error(s.key, "Cannot extend a lock that's no longer owned");
  }
  return true;
}

bool distributed_lock::reacquire() {
  impl& s = *impl_;
  auto held = s.current();
  if (!held) throw lock_error(s.key, "Cannot reacquire an unlocked lock");
  if (!s.options.timeout) throw lock_error(s.key, "Cannot reacquire a lock with no timeout");
  auto renewed = detail::reacquire_script().run(*s.exec, {s.key}, {held->token, s.ttl_ms});
  if (renewed.integer() == 0) {
    throw lock_not_owned_error(s.key, "Cannot reacquire a lock that's no longer owned");
  }
  return true;
}

bool distributed_lock::locked() const {
  return !impl_->exec->run(command{{"GET", impl_->key}, idempotency::idempotent}).is_nil();
}

bool distributed_lock::owned() const {
  auto held = impl_->current();
  if (!held || impl_->watchdog_lost(held->token)) return false;
  auto stored = impl_->exec->run(command{{"GET", impl_->key}, idempotency::idempotent});
  return stored.is_string() && stored.str() == held->token;
}

void distributed_lock::lock() {
  if (!acquire(blocking_mode::blocking)) {
    throw lock_error(impl_->key, "Unable to acquire lock within the time specified");
  }
}

void distributed_lock::unlock() noexcept {
  impl& s = *impl_;
  try {
    auto held = s.take();
    if (!held) {
      detail::log_warn("lock {}: unlock() without holding it", s.key);
      return;
    }
    const bool reported = s.watchdog_lost(held->token);  // on_lost already called for it
    if (s.release_held(*held)) return;
    detail::log_warn("lock {}: was no longer owned when unlocked", s.key);
    if (!reported && s.options.on_lost) s.options.on_lost(s.key);
  } catch (const std::exception& e) {
    detail::log_warn("lock {}: unlock failed: {}", s.key, e.what());
  } catch (...) {
    detail::log_warn("lock {}: unlock failed (or on_lost threw)", s.key);
  }
}

bool distributed_lock::try_lock() { return acquire(blocking_mode::non_blocking); }

bool distributed_lock::try_lock_within(std::chrono::milliseconds wait) {
  acquire_options o;
  o.blocking = blocking_mode::blocking;
  o.blocking_timeout = std::max(wait, std::chrono::milliseconds(0));
  return acquire(o);
}

const std::string& distributed_lock::key() const noexcept { return impl_->key; }
std::string distributed_lock::notification_channel() const { return impl_->channel; }
std::string distributed_lock::fence_key() const { return impl_->fence; }
const lock_options& distributed_lock::options() const noexcept { return impl_->options; }

std::optional<std::string> distributed_lock::token() const {
  auto held = impl_->current();
  if (!held) return std::nullopt;
  return held->token;
}

std::optional<std::int64_t> distributed_lock::fencing_token() const {
  auto held = impl_->current();
  if (!held) return std::nullopt;
  return held->fence;
}

bool distributed_lock::ownership_lost() const {
  auto held = impl_->current();
  return held && impl_->watchdog_lost(held->token);
}

}  // namespace rediscache
