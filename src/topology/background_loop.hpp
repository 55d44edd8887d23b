#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace rediscache::detail {

// A thread that runs a task every `interval`, or at once when woken; stop() (or the destructor)
// waits for a round in progress to finish. The task must not throw. The thread starts with the
// first ensure_started(), so an executor that is built and never used touches no network.
class background_loop {
 public:
  background_loop() = default;
  ~background_loop() { stop(); }
  background_loop(const background_loop&) = delete;
  background_loop& operator=(const background_loop&) = delete;

  // Sets the task; nothing runs until ensure_started().
  void prepare(std::chrono::milliseconds interval, std::function<void()> task);
  // Starts the thread unless it runs already, or stop() was called, or nothing was prepared.
  void ensure_started() {
    if (!started_.load(std::memory_order_acquire)) start();
  }
  void wake();
  void stop();

 private:
  void start();
  void run();

  std::chrono::milliseconds interval_{1000};
  std::function<void()> task_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool woken_ = false;
  bool stopping_ = false;
  std::atomic<bool> started_{false};
  std::thread thread_;
};

}  // namespace rediscache::detail
