#pragma once

#include "pool/wakeup.hpp"
#include "transport/transport.hpp"

#include <rediscache/reply.hpp>

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <vector>

namespace rediscache::detail {

// One caller's command (or batch) on a shared connection. The connection's I/O thread and the
// caller race to settle it: the I/O thread when the replies arrive or the connection breaks, the
// caller (or the I/O thread for a callback) when its deadline passes. Whoever moves it out of
// `pending` first decides; replies of an abandoned call are still read, then dropped.
class call {
 public:
  enum : int { pending, done, abandoned };
  using completion = std::function<void(call&)>;

  call(std::size_t expected, clock::time_point deadline, completion on_done)
      : expected_(expected), deadline_(deadline), on_done_(std::move(on_done)) {
    replies.reserve(expected);
  }

  std::size_t expected() const noexcept { return expected_; }
  clock::time_point deadline() const noexcept { return deadline_; }
  bool is_pending() const noexcept { return state_.load(std::memory_order_acquire) == pending; }

  // The I/O thread, once every reply arrived or the call failed: false when the call had been
  // abandoned already (its results go nowhere).
  bool settle(std::exception_ptr failure, bool was_sent) {
    if (!claim(done)) return false;
    error = std::move(failure);
    sent = was_sent;
    finish();
    return true;
  }
  // Abandons a callback's call past its deadline and reports the timeout to it; false when it was
  // settled first. A synchronous caller watches its own deadline (wait()).
  bool expire(std::exception_ptr timeout) {
    if (!on_done_ || !claim(abandoned)) return false;
    error = std::move(timeout);
    on_done_(*this);
    return true;
  }
  // A synchronous caller: true once settled, false when the deadline passed first (the call is
  // then abandoned).
  bool wait() {
    if (woken_.wait_until(deadline_)) return true;
    if (claim(abandoned)) return false;
    woken_.wait();  // settled meanwhile: the signal is on its way
    return true;
  }

  // Written by the I/O thread before settle(); read by the caller after it.
  std::vector<reply> replies;
  std::exception_ptr error;
  bool sent = false;

 private:
  bool claim(int to) {
    int expected = pending;
    return state_.compare_exchange_strong(expected, to, std::memory_order_acq_rel);
  }
  void finish() {
    if (on_done_) {
      on_done_(*this);
    } else {
      woken_.signal();
    }
  }

  std::size_t expected_;
  clock::time_point deadline_;
  completion on_done_;
  std::atomic<int> state_{pending};
  // One futex wake at most per call, and none when the caller has not gone to sleep yet.
  wakeup woken_;
};

}  // namespace rediscache::detail
