#include "pool/wakeup.hpp"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

namespace rediscache::detail {
namespace {

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t) &&
                  std::atomic<std::uint32_t>::is_always_lock_free,
              "the futex word is the atomic itself");

// steady_clock is CLOCK_MONOTONIC, which FUTEX_WAIT_BITSET measures absolute timeouts in.
long futex_wait(std::atomic<std::uint32_t>* word, std::uint32_t expected, const timespec* until) {
  return ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word),
                   FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, expected, until, nullptr,
                   FUTEX_BITSET_MATCH_ANY);
}

void futex_wake_one(std::atomic<std::uint32_t>* word) {
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1,
            nullptr, nullptr, 0);
}

timespec to_timespec(wakeup::clock::time_point t) {
  const auto since = t.time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since);
  timespec out{};
  out.tv_sec = static_cast<time_t>(seconds.count());
  out.tv_nsec = static_cast<long>(std::chrono::nanoseconds(since - seconds).count());
  return out;
}

}  // namespace

void wakeup::signal() noexcept {
  // Only a waiter already asleep needs the syscall; one still on its way checks the state first.
  if (state_.exchange(signalled, std::memory_order_acq_rel) == sleeping) futex_wake_one(&state_);
}

bool wakeup::wait_until(clock::time_point deadline) noexcept { return sleep(&deadline); }

void wakeup::wait() noexcept { sleep(nullptr); }

bool wakeup::sleep(const clock::time_point* deadline) noexcept {
  std::uint32_t seen = state_.load(std::memory_order_acquire);
  while (seen != signalled) {
    if (seen == idle && !state_.compare_exchange_weak(seen, sleeping, std::memory_order_acq_rel)) {
      continue;  // seen now holds what the state really was
    }
    // A deadline already past times out at once, without another clock read here.
    timespec until{};
    if (deadline != nullptr) until = to_timespec(*deadline);
    if (futex_wait(&state_, sleeping, deadline != nullptr ? &until : nullptr) != 0 &&
        errno == ETIMEDOUT) {
      return state_.load(std::memory_order_acquire) == signalled;
    }
    seen = state_.load(std::memory_order_acquire);
  }
  return true;
}

}  // namespace rediscache::detail
