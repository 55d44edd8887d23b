#include "topology/background_loop.hpp"

#include <utility>

namespace rediscache::detail {

void background_loop::prepare(std::chrono::milliseconds interval, std::function<void()> task) {
  std::lock_guard<std::mutex> lock(mutex_);
  interval_ = interval;
  task_ = std::move(task);
}

void background_loop::start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (started_.load(std::memory_order_relaxed) || stopping_ || !task_) return;
  thread_ = std::thread([this] { run(); });
  started_.store(true, std::memory_order_release);
}

void background_loop::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

void background_loop::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    started_.store(true, std::memory_order_release);  // ensure_started() does nothing from now on
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void background_loop::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    task_();
    lock.lock();
    changed_.wait_for(lock, interval_, [this] { return stopping_ || woken_; });
  }
}

}  // namespace rediscache::detail
