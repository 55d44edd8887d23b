// A cache on a primary and its replicas: the first argument is the primary's URL, the others the
// replicas' (default redis://127.0.0.1:6379 and redis://127.0.0.1:6380). Reads go to the
// replicas in turn, writes to the primary; primary_reads and read_your_writes read the latest.
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/primary_reads.hpp>
#include <rediscache/redis_backend.hpp>
#include <rediscache/replicated_executor.hpp>
#include <rediscache/url.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  const std::string primary_url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379";
  std::vector<rediscache::client_options> replicas;
  for (int i = 2; i < argc; ++i) replicas.push_back(rediscache::parse_url(argv[i]));
  if (replicas.empty()) replicas.push_back(rediscache::parse_url("redis://127.0.0.1:6380"));
  try {
    rediscache::replica_options options;
    options.reads = rediscache::read_policy::round_robin;
    options.read_your_writes = 500ms;  // own writes are read from the primary for 500 ms
    auto exec = std::make_shared<rediscache::replicated_executor>(
        rediscache::parse_url(primary_url), replicas, options);
    rediscache::cache cache(std::make_shared<rediscache::redis_backend>(exec));

    exec->check_now();  // replicas are used once a health check found them in sync
    for (const auto& r : exec->replicas()) {
      std::cout << "replica " << r.address << ": " << (r.usable ? "usable" : r.problem) << "\n";
    }

    cache.set("stock:7", 12);  // the primary
    // Within read_your_writes this process reads stock:7 from the primary: never stale.
    std::cout << "own write read back: " << cache.get<int>("stock:7", -1) << "\n";
    {
      rediscache::primary_reads fresh;  // this thread's reads go to the primary in this scope
      std::cout << "in a primary_reads scope: " << cache.get<int>("stock:7", -1) << "\n";
    }
    // Once the window has passed, reads go to a replica again; it may lag behind the primary.
    std::this_thread::sleep_for(600ms);
    std::cout << "read from a replica: " << cache.get<int>("stock:7", -1) << "\n";
    return 0;
  } catch (const rediscache::error& e) {
    std::cerr << "topology_replicas failed: " << e.what() << "\n";
    return 1;
  }
}
