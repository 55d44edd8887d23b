// An event stream with a consumer group, against the Redis named by the first argument: a
// producer appends orders, a worker waits for them with a blocking XREADGROUP and acknowledges
// what it finished; the pending list shows what is still in flight, and a second worker claims
// the order the first one dropped.
#include <rediscache/client.hpp>
#include <rediscache/commands/streams.hpp>
#include <rediscache/error.hpp>

#include <chrono>
#include <iostream>
#include <string>
#include <thread>

int main(int argc, char** argv) {
  using namespace rediscache;
  using namespace std::chrono_literals;
  const char* url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  try {
    client redis = client::from_url(url);
    const std::string orders = "orders";
    redis.run(cmd::xgroup_create(orders, "billing", "$", cmd::missing_stream::create));

    std::thread producer([&] {
      cmd::xadd_options capped;  // keep about the last 10,000 orders
      capped.trim = cmd::stream_trim::max_length(10000, cmd::trim_precision::approximate);
      try {
        for (int i = 1; i <= 5; ++i) {
          std::this_thread::sleep_for(50ms);
          redis.run(cmd::xadd(
              orders, {{"order", std::to_string(i)}, {"amount", std::to_string(i * 10)}}, capped));
        }
      } catch (const error& e) {
        std::cerr << "producer failed: " << e.what() << "\n";
      }
    });

    // worker-1 waits up to 2 s for each batch; it drops order 4, as if it crashed on it.
    auto consume = [&] {
      cmd::xreadgroup_options wait;
      wait.count = 10;
      wait.block = 2s;
      int seen = 0;
      while (seen < 5) {
        const auto got = redis.run(cmd::xreadgroup("billing", "worker-1", {{orders, ">"}}, wait));
        if (got.empty()) return;  // nothing within the block time
        for (const auto& entry : got.front().entries) {
          ++seen;
          const std::string& order = *entry.field("order");
          if (order == "4") continue;
          std::cout << "worker-1 billed order " << order << ": " << *entry.field("amount")
                    << " EUR\n";
          redis.run(cmd::xack(orders, "billing", {entry.id}));
        }
      }
    };
    try {
      consume();
    } catch (...) {
      producer.join();
      throw;
    }
    producer.join();

    const pending_summary pending = redis.run(cmd::xpending(orders, "billing"));
    std::cout << "pending after worker-1: " << pending.count;
    for (const auto& [consumer, count] : pending.consumers) {
      std::cout << " (" << count << " with " << consumer << ")";
    }
    std::cout << "\n";

    // worker-2 takes over what has been pending for a while (here: at once).
    const auto claimed = redis.run(cmd::xautoclaim(orders, "billing", "worker-2", 0ms));
    for (const auto& entry : claimed.entries) {
      std::cout << "worker-2 claimed order " << *entry.field("order") << " and billed it\n";
      redis.run(cmd::xack(orders, "billing", {entry.id}));
    }
    std::cout << "pending at the end: " << redis.run(cmd::xpending(orders, "billing")).count
              << "; stream length: " << redis.run(cmd::xlen(orders)) << "\n";
    return 0;
  } catch (const error& e) {
    std::cerr << "event stream failed: " << e.what() << "\n";
    return 1;
  }
}
