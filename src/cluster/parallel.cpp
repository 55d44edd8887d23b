#include "cluster/parallel.hpp"

#include <algorithm>

namespace rediscache::detail {

struct parallel_runner::group {
  std::size_t pending = 0;  // guarded by the runner's mutex
  std::condition_variable done;
};

parallel_runner::parallel_runner(std::size_t max_workers) : max_workers_(max_workers) {}

parallel_runner::~parallel_runner() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

void parallel_runner::run_job(const job& j) noexcept {
  try {
    (*j.task)();
  } catch (...) {
    *j.failure = std::current_exception();
  }
}

std::vector<std::exception_ptr> parallel_runner::run_all(
    const std::vector<std::function<void()>>& tasks) {
  std::vector<std::exception_ptr> failures(tasks.size());
  if (tasks.empty()) return failures;
  group g;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    g.pending = tasks.size() - 1;
    for (std::size_t i = 1; i < tasks.size(); ++i) queue_.push_back({&tasks[i], &failures[i], &g});
    const std::size_t wanted = std::min(max_workers_, workers_.size() + (tasks.size() - 1));
    while (workers_.size() < wanted && idle_ < queue_.size()) {
      workers_.emplace_back([this] { work(); });
      ++idle_;
    }
  }
  if (tasks.size() > 1) wake_.notify_all();
  run_job({&tasks[0], &failures[0], &g});

  std::unique_lock<std::mutex> lock(mutex_);
  while (g.pending > 0) {
    auto mine =
        std::find_if(queue_.begin(), queue_.end(), [&](const job& j) { return j.owner == &g; });
    if (mine == queue_.end()) {
      g.done.wait(lock, [&] { return g.pending == 0; });
      break;
    }
    const job j = *mine;
    queue_.erase(mine);
    lock.unlock();
    run_job(j);
    lock.lock();
    --g.pending;
  }
  return failures;
}

void parallel_runner::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    const job j = queue_.front();
    queue_.pop_front();
    --idle_;
    lock.unlock();
    run_job(j);
    lock.lock();
    ++idle_;
    if (--j.owner->pending == 0) j.owner->done.notify_all();
  }
}

}  // namespace rediscache::detail
