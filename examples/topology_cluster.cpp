// A cache on a Redis Cluster, named by the first argument (default
// redis+cluster://127.0.0.1:7000): values spread over the nodes, multi-key calls split per node,
// hash tags for keys that go together, pub/sub and a lock whose waiter wakes on the release.
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/lock/distributed_lock.hpp>
#include <rediscache/pubsub/publish.hpp>
#include <rediscache/pubsub/subscriber.hpp>

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  const char* url = argc > 1 ? argv[1] : "redis+cluster://127.0.0.1:7000";
  try {
    rediscache::cache_options options;
    options.key_prefix = "example";
    auto cache = rediscache::cache::from_url(url, options);
    cache.clear();  // FLUSHDB on every primary

    // 100 keys land in about 100 slots on every primary; one call each way.
    std::map<std::string, int> scores;
    for (int i = 0; i < 100; ++i) scores["player:" + std::to_string(i)] = i;
    cache.set_many(scores);
    std::vector<std::string> names;
    for (const auto& entry : scores) names.push_back(entry.first);
    std::cout << "get_many found " << cache.get_many<int>(names).size() << " of 100\n";
    std::cout << "keys on the whole cluster: " << cache.keys("player:*").size() << "\n";

    // Two versions of an untagged key are in two slots: incr_version moves it in steps.
    cache.set("motd", std::string("hello"));
    std::cout << "motd moved to version " << cache.incr_version("motd") << "\n";

    // A fenced lock keeps a counter next to its key: a hash tag puts both in one slot.
    rediscache::lock_options fenced;
    fenced.fencing = true;
    fenced.timeout = 10s;
    rediscache::distributed_lock nightly(cache, "{nightly}", fenced);
    nightly.acquire();
    std::cout << "fencing token: " << *nightly.fencing_token() << "\n";
    nightly.release();
    try {
      rediscache::distributed_lock untagged(cache, "nightly", fenced);
      untagged.acquire();
    } catch (const rediscache::cross_slot_error& e) {
      std::cout << "untagged fenced lock refused before sending: " << e.command_name() << "\n";
    }

    // A subscriber sits on one node and hears what is published through any.
    std::mutex mutex;
    std::condition_variable arrived;
    std::string heard;
    rediscache::subscriber listener(cache);
    listener.subscribe("scores", [&](const rediscache::pubsub_message& m) {
      std::lock_guard<std::mutex> hold(mutex);
      heard = m.payload;
      arrived.notify_all();
    });
    rediscache::publish(cache, "scores", "player:7 scored");
    {
      std::unique_lock<std::mutex> hold(mutex);
      arrived.wait_for(hold, 5s, [&] { return !heard.empty(); });
    }
    std::cout << "subscriber heard: " << heard << "\n";

    // A waiter polls only every 5 s, yet gets the lock as soon as it is released.
    rediscache::lock_options slow_poll;
    slow_poll.timeout = 10s;
    slow_poll.sleep = 5s;
    slow_poll.sharing = rediscache::token_sharing::shared;  // released by another thread below
    rediscache::distributed_lock holder(cache, "report", slow_poll);
    rediscache::distributed_lock waiter(cache, "report", slow_poll);
    holder.acquire();
    std::thread release_soon([&] {
      std::this_thread::sleep_for(200ms);
      holder.release();
    });
    const auto start = std::chrono::steady_clock::now();
    waiter.acquire();
    const auto waited = std::chrono::steady_clock::now() - start;
    release_soon.join();
    waiter.release();
    std::cout << "waiter woke before its first poll: " << (waited < 2s ? "yes" : "no") << "\n";
    return 0;
  } catch (const rediscache::error& e) {
    std::cerr << "topology_cluster failed: " << e.what() << "\n";
    return 1;
  }
}
