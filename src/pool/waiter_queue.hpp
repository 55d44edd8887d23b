#pragma once

#include "pool/wakeup.hpp"

#include <rediscache/connection.hpp>

#include <optional>

namespace rediscache::detail {

// An acquire() waiting for the pool, and what it is handed: a connection a releasing thread
// brought back, the right to open one (a slot freed by a closed connection), or the news that
// the pool closed. Lives on the waiting thread's stack.
struct pool_waiter {
  enum class outcome { connection, slot, closed };

  wakeup wake;
  std::optional<connection> handed;
  outcome result = outcome::closed;
  bool queued = false;  // still waiting in the queue; only the pool's mutex guards it
  pool_waiter* prev = nullptr;
  pool_waiter* next = nullptr;
};

// Waiting acquires, longest first, linked through the waiters themselves so that queueing never
// allocates. Needs the pool's mutex.
class waiter_queue {
 public:
  bool empty() const noexcept { return head_ == nullptr; }

  void push(pool_waiter& w) noexcept {
    w.queued = true;
    w.prev = tail_;
    w.next = nullptr;
    (tail_ != nullptr ? tail_->next : head_) = &w;
    tail_ = &w;
  }

  // The longest waiter, taken out of the queue; null when nobody waits.
  pool_waiter* pop() noexcept {
    pool_waiter* w = head_;
    if (w != nullptr) remove(*w);
    return w;
  }

  void remove(pool_waiter& w) noexcept {
    (w.prev != nullptr ? w.prev->next : head_) = w.next;
    (w.next != nullptr ? w.next->prev : tail_) = w.prev;
    w.prev = w.next = nullptr;
    w.queued = false;
  }

 private:
  pool_waiter* head_ = nullptr;
  pool_waiter* tail_ = nullptr;
};

}  // namespace rediscache::detail
