#pragma once

// Runs the calls of the fault matrix on several threads while a fault lasts, and checks what a
// user relies on afterwards.
#include "faults/calls.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

namespace rediscache::test {

// Worker threads that make calls of every kind (each thread its share, with an incr in each
// round) from start() until stop(), at least one full round each.
class call_workers {
 public:
  call_workers(clients& c, const known_data& data, call_log& log, int threads = 4);
  ~call_workers();
  call_workers(const call_workers&) = delete;
  call_workers& operator=(const call_workers&) = delete;

  // Lets the workers finish their round and joins them.
  void stop();

 private:
  void work(int index, int threads);

  clients& clients_;
  const known_data& data_;
  call_log& log_;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

// Calls a cache get every 10 ms until one succeeds with the right value; returns how long that
// took, or `limit` when none did.
std::chrono::milliseconds time_to_recover(clients& c, std::chrono::milliseconds limit);

// Runs one call of every kind in turn, recorded in log; each must return its own result (a kind
// that fails gets two more tries).
void expect_every_call_works(clients& c, const known_data& data, call_log& log);

// Every call ended within its budget, and none returned anything but its own result.
void expect_calls_sound(const call_log& log);

// The server's counter counts each successful incr once and at most each one whose outcome the
// client could not know; the values returned are distinct.
void expect_increments_exact(const call_log& log, std::int64_t server_count);

// A fault from start to end: `inject` shortly after calls began, `clear` after `hold` (clear may
// block until the fault is over). Then the pool must recover within a second of the clear, every
// call kind must work, and the checks above must hold. The calls are recorded in log.
void run_fault(clients& c, call_log& log, const std::function<std::int64_t()>& server_count,
               const std::function<void()>& inject, std::chrono::milliseconds hold,
               const std::function<void()>& clear);

}  // namespace rediscache::test
