#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rediscache::detail {

// Runs a call's per-node work at the same time on several nodes. Worker threads start as they
// are needed, up to max_workers, and live as long as the runner: starting a thread per call
// would cost more than the round trip it saves.
class parallel_runner {
 public:
  explicit parallel_runner(std::size_t max_workers);
  ~parallel_runner();
  parallel_runner(const parallel_runner&) = delete;
  parallel_runner& operator=(const parallel_runner&) = delete;

  // Runs every task: the first on the calling thread, the others on workers, while the caller
  // also takes its own queued tasks rather than waiting idle. Returns when all are done, with
  // each task's exception (or nullptr) in task order.
  std::vector<std::exception_ptr> run_all(const std::vector<std::function<void()>>& tasks);

 private:
  struct group;
  struct job {
    const std::function<void()>* task;
    std::exception_ptr* failure;
    group* owner;
  };
  static void run_job(const job& j) noexcept;
  void work();

  std::size_t max_workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<job> queue_;
  std::vector<std::thread> workers_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

}  // namespace rediscache::detail
