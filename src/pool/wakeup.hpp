#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace rediscache::detail {

// One thread sleeps until another signals it, once: the pool's hand-off from a releasing thread
// to the thread that has waited longest. A signal costs at most one futex wake and the woken
// thread touches no shared lock, where a condition variable would wake it into the mutex its
// waker still holds.
//
// The signalling thread touches the object only through one atomic exchange and the wake syscall
// that uses its address; the waiter may free the object as soon as it sees the signal (a wake
// that reaches another futex at a reused address is a spurious wake, which every futex waiter
// tolerates). Linux only, like the rest of the transport.
class wakeup {
 public:
  using clock = std::chrono::steady_clock;

  wakeup() = default;
  wakeup(const wakeup&) = delete;
  wakeup& operator=(const wakeup&) = delete;

  void signal() noexcept;
  // True once signalled; false when deadline passed first.
  bool wait_until(clock::time_point deadline) noexcept;
  // Waits for the signal however long it takes: for a thread already promised one.
  void wait() noexcept;

 private:
  enum : std::uint32_t { idle = 0, sleeping = 1, signalled = 2 };
  bool sleep(const clock::time_point* deadline) noexcept;
  std::atomic<std::uint32_t> state_{idle};
};

}  // namespace rediscache::detail
