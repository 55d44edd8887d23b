// A C++ Celery worker in its own process, for the test that kills one mid-task:
// crash_worker <redis url> <queue>. Its only task, "cpp.slow", never finishes by itself.
#include <rediscache/celery/worker.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_worker <redis url> <queue>\n");
    return 2;
  }
  rediscache::celery::worker_options options;
  options.queues = {argv[2]};
  options.concurrency = 1;
  options.poll_timeout = std::chrono::milliseconds(200);
  auto worker = rediscache::celery::worker::from_url(argv[1], options);
  worker.handle("cpp.slow", [](const rediscache::celery::task_request&) -> nlohmann::json {
    std::this_thread::sleep_for(std::chrono::hours(1));
    return nullptr;
  });
  worker.start();
  std::this_thread::sleep_for(std::chrono::hours(1));
}
