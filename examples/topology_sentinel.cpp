// A cache behind Redis Sentinel, named by the first argument (default
// redis+sentinel://127.0.0.1:26379/mymaster): the sentinels name the primary, writes go there and
// reads to the replicas; pub/sub follows the primary.
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/primary_reads.hpp>
#include <rediscache/pubsub/publish.hpp>
#include <rediscache/pubsub/subscriber.hpp>
#include <rediscache/redis_backend.hpp>
#include <rediscache/sentinel_executor.hpp>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <string>

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  const char* url = argc > 1 ? argv[1] : "redis+sentinel://127.0.0.1:26379/mymaster";
  try {
    auto cache = rediscache::cache::from_url(url);
    cache.set("greeting", std::string("hello through sentinel"));
    {
      rediscache::primary_reads fresh;  // a replica may not have it yet
      std::cout << "read back: " << cache.get<std::string>("greeting").value_or("(none)") << "\n";
    }
    auto commands = rediscache::executor_of(cache, "example");
    if (auto* sentinel = dynamic_cast<rediscache::sentinel_executor*>(commands.get())) {
      std::cout << "primary: " << sentinel->primary_address() << "\n";
      std::cout << "replicas known: " << sentinel->replicas().size() << "\n";
    }

    std::mutex mutex;
    std::condition_variable arrived;
    std::string heard;
    rediscache::subscriber listener(cache);  // on the primary; after a failover, the new one
    listener.subscribe("news", [&](const rediscache::pubsub_message& m) {
      std::lock_guard<std::mutex> hold(mutex);
      heard = m.payload;
      arrived.notify_all();
    });
    rediscache::publish(cache, "news", "primary elected");
    std::unique_lock<std::mutex> hold(mutex);
    arrived.wait_for(hold, 5s, [&] { return !heard.empty(); });
    std::cout << "subscriber heard: " << heard << "\n";
    return 0;
  } catch (const rediscache::error& e) {
    std::cerr << "topology_sentinel failed: " << e.what() << "\n";
    return 1;
  }
}
