// Calls Python Celery tasks from C++ and waits for their results: the Python side is a normal
// Celery app (see docs/python.md) whose worker runs tasks.add and tasks.fail.
#include <rediscache/celery/producer.hpp>
#include <rediscache/error.hpp>

#include <chrono>
#include <iostream>

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  const char* url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  try {
    // The broker URL is also the result backend, as in the Python app's settings.
    auto celery = rediscache::celery::producer::from_url(url);

    auto sum = celery.send_task("tasks.add", {2, 3});
    std::cout << "sent tasks.add(2, 3) as " << sum.id() << "\n";
    std::cout << "tasks.add(2, 3) = " << sum.get(30s) << "\n";

    // A task that raises in Python: get() throws task_failed_error with the remote exception.
    try {
      celery.send_task("tasks.fail", {"bad input"}).get(30s);
    } catch (const rediscache::task_failed_error& e) {
      std::cout << "tasks.fail raised " << e.exc_module() << "." << e.exc_type() << ": "
                << e.exc_message() << "\n";
    }

    // Options: a countdown, a priority (lower numbers run first on Redis) and a named queue.
    rediscache::celery::task_options later;
    later.countdown = 1s;
    later.priority = 3;
    auto delayed = celery.send_task("tasks.add", {20, 22}, nlohmann::json::object(), later);
    std::cout << "after a 1 s countdown: " << delayed.get(30s) << "\n";
    delayed.forget();
    return 0;
  } catch (const rediscache::error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
