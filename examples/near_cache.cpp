// A near cache in front of Redis, a stampede-proof get_or_set, and get_many in the caller's order.
//   example_near_cache [redis://127.0.0.1:6379/0]
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>

#include <atomic>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  try {
    rediscache::cache_options options;
    options.key_prefix = "shop";
    options.near_cache.enabled = true;      // reads of hot keys stay in this process
    options.near_cache.max_entries = 1000;  // least recently used go first
    options.stampede.xfetch_beta = 1.0;     // recompute shortly before expiry, not after
    auto cache = rediscache::cache::from_url(argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0",
                                             options);

    // Eight threads miss the same key at once: the price list is computed once.
    std::atomic<int> computed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&] {
        cache.get_or_set("prices", [&] {
          ++computed;
          std::this_thread::sleep_for(50ms);
          return std::string("tea=3,coffee=4");
        }, 10min);
      });
    }
    for (auto& t : threads) t.join();
    std::cout << "prices computed " << computed.load() << " time(s)\n";

    // Repeated reads are answered locally once tracking is up (it starts in the background);
    // writes anywhere invalidate them.
    for (int i = 0; i < 2000 && cache.near_stats().local_hits == 0; ++i) {
      cache.get<std::string>("prices");
      std::this_thread::sleep_for(1ms);
    }
    cache.set("prices", std::string("tea=3,coffee=5"));
    std::cout << "after our write: " << cache.get<std::string>("prices").value_or("?") << "\n";
    auto near = cache.near_stats();
    std::cout << "local hits: " << (near.local_hits > 0 ? "yes" : "no") << "\n";

    // get_many in the caller's order, with gaps for misses.
    cache.set("stock:tea", 12);
    auto stock = cache.get_many_vector<int>({"stock:tea", "stock:cocoa"});
    std::cout << "tea: " << stock[0].value_or(-1) << ", cocoa: "
              << (stock[1] ? std::to_string(*stock[1]) : "unknown") << "\n";
    return computed.load() == 1 ? 0 : 1;
  } catch (const rediscache::error& e) {
    std::cerr << "near_cache failed: " << e.what() << "\n";
    return 1;
  }
}
