// Pipelines, MULTI/EXEC and a Lua script against the Redis named by the first argument.
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/script.hpp>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  const char* url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  try {
    auto redis = rediscache::pooled_executor::from_url(url);

    // 100 SETs in one write and one round trip.
    std::vector<rediscache::command> batch;
    for (int i = 0; i < 100; ++i) {
      batch.push_back(rediscache::command{"SET"}.arg("item:" + std::to_string(i)).arg(i * i));
    }
    auto replies = redis.run_batch(batch);
    std::cout << "pipelined " << replies.size() << " SETs\n";

    // Both INCRs or neither.
    auto tx = redis.run_transaction({rediscache::command{"INCR", "orders"},
                                     rediscache::command{"INCRBY", "revenue", "250"}});
    std::cout << "transaction committed: " << std::boolalpha << tx.ok()
              << ", orders = " << tx.replies[0].integer() << "\n";

    // EVALSHA, with the script sent again if the server does not have it.
    rediscache::script sum_items(
        "local total = 0 for i = 1, #KEYS do total = total + tonumber(redis.call('GET', KEYS[i])) "
        "end return total");
    auto total = sum_items.run(redis, {"item:1", "item:2", "item:3"}).integer();
    std::cout << "1 + 4 + 9 = " << total << "\n";
    return total == 14 ? 0 : 1;
  } catch (const rediscache::error& e) {
    std::cerr << "example failed: " << e.what() << "\n";
    return 1;
  }
}
