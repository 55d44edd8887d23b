// Connects to the Redis named by the first argument (default redis://127.0.0.1:6379), stores and
// reads a value through a pooled executor, and shows the typed errors.
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>

#include <iostream>

int main(int argc, char** argv) {
  const char* url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0?socket_timeout=0.5";
  try {
    auto redis = rediscache::pooled_executor::from_url(url);

    redis.run({"SET", "greeting", "hello from rediscache"});
    auto greeting = redis.run({{"GET", "greeting"}, rediscache::idempotency::idempotent});
    std::cout << "greeting = " << greeting.str() << "\n";

    auto visits = redis.run({"INCR", "visits"}).integer();
    std::cout << "visits = " << visits << "\n";

    try {
      redis.run({"INCR", "greeting"});  // not a number: the server says so
    } catch (const rediscache::reply_error& e) {
      std::cout << "expected error: " << e.server_code() << " (" << e.what() << ")\n";
    }

    auto stats = redis.pool().stats();
    std::cout << "pool: " << stats.created << " connection(s) opened, " << stats.idle << " idle\n";
    return 0;
  } catch (const rediscache::error& e) {
    std::cerr << "quickstart failed: " << e.what() << "\n";
    return 1;
  }
}
