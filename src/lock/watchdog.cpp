#include "lock/watchdog.hpp"

#include "transport/deadline.hpp"
#include "lock/lock_scripts.hpp"
#include "log/log_impl.hpp"

#include <exception>
#include <utility>

namespace rediscache::detail {

watchdog::watchdog(plan what) : plan_(std::move(what)) {
  thread_ = std::thread([this] { run(); });
}

watchdog::~watchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool watchdog::lost() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lost_;
}

void watchdog::run() {
  const std::string ttl = std::to_string(plan_.ttl.count());
  std::unique_lock<std::mutex> lock(mutex_);
  auto next_beat = [&] {
    return detail::deadline_after(std::chrono::steady_clock::now(), plan_.interval);
  };
  while (!wake_.wait_until(lock, next_beat(), [&] { return stopping_; })) {
    lock.unlock();
    bool still_owned = true;
    try {
      still_owned =
          reacquire_script().run(*plan_.exec, {plan_.key}, {plan_.token, ttl}).integer() != 0;
    } catch (const std::exception& e) {
      // A transport failure proves nothing about ownership: try again at the next tick, which
      // still comes before the TTL runs out when interval is well below it.
      log_warn("lock {}: auto-extend failed, retrying: {}", plan_.key, e.what());
    }
    lock.lock();
    if (still_owned) continue;
    lost_ = true;
    if (stopping_) return;  // released meanwhile: the release itself reports what happened
    lock.unlock();
    log_warn("lock {}: auto-extend found the lock no longer owned", plan_.key);
    if (plan_.on_lost) {
      try {
        plan_.on_lost(plan_.key);
      } catch (const std::exception& e) {
        log_warn("lock {}: the on_lost callback threw: {}", plan_.key, e.what());
      } catch (...) {
        log_warn("lock {}: the on_lost callback threw a non-standard exception", plan_.key);
      }
    }
    return;
  }
}

}  // namespace rediscache::detail
