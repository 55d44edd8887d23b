#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace rediscache::detail {

// A thread that runs a task every `interval`, or at once when woken; stop() (or the destructor)
// waits for a round in progress to finish. The task must not throw.
class background_loop {
 public:
  background_loop() = default;
  ~background_loop() { stop(); }
  background_loop(const background_loop&) = delete;
  background_loop& operator=(const background_loop&) = delete;

  void start(std::chrono::milliseconds interval, std::function<void()> task);
  void wake();
  void stop();

 private:
  void run();

  std::chrono::milliseconds interval_{1000};
  std::function<void()> task_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rediscache::detail
