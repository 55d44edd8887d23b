#include "topology/background_loop.hpp"

#include <utility>

namespace rediscache::detail {

void background_loop::start(std::chrono::milliseconds interval, std::function<void()> task) {
  interval_ = interval;
  task_ = std::move(task);
  thread_ = std::thread([this] { run(); });
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
