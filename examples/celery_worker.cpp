// A C++ Celery worker serving tasks that a Python app sends with delay()/apply_async() to the
// queue "cppw": celery_worker [url] [tasks to serve before exiting; 0 = until SIGINT/SIGTERM].
#include <rediscache/celery/worker.hpp>
#include <rediscache/error.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace {
std::atomic<bool> stop_requested{false};
extern "C" void on_signal(int) { stop_requested = true; }
}  // namespace

int main(int argc, char** argv) {
  const char* url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  const long count = argc > 2 ? std::atol(argv[2]) : 0;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  try {
    rediscache::celery::worker_options options;
    options.queues = {"cppw"};  // Python: task.apply_async(..., queue="cppw") or task_routes
    options.concurrency = 2;
    auto worker = rediscache::celery::worker::from_url(url, options);

    // Handlers by the Python task name; args and kwargs arrive as JSON.
    worker.handle("cpp.add", [](const rediscache::celery::task_request& task) -> nlohmann::json {
      return task.args.at(0).get<long long>() + task.args.at(1).get<long long>();
    });
    worker.handle("cpp.fail", [](const rediscache::celery::task_request& task) -> nlohmann::json {
      // Python's AsyncResult.get() raises ValueError with this message.
      throw rediscache::celery::task_error("ValueError", task.args.at(0).get<std::string>());
    });
    worker.start();
    std::cout << "serving cpp.add and cpp.fail on queue cppw" << std::endl;

    while (!stop_requested && (count == 0 || static_cast<long>(worker.processed()) < count)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // Running tasks finish; fetched but unstarted ones go back to the queue.
    worker.stop();
    std::cout << "served " << worker.processed() << " task(s)" << std::endl;
    return 0;
  } catch (const rediscache::error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
