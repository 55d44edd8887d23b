// One shared connection for every thread: ?executor=multiplexed makes the alias pipeline the
// commands of concurrent callers automatically; async_cache and async_client start calls without
// blocking and collect the results later.
//   example_multiplexed [redis://127.0.0.1:6379/0]
#include <rediscache/async/async_cache.hpp>
#include <rediscache/async/async_client.hpp>
#include <rediscache/cache.hpp>
#include <rediscache/commands/strings.hpp>

#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  std::string url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  url += url.find('?') == std::string::npos ? "?" : "&";
  url += "executor=multiplexed";
  auto cache = rediscache::cache::from_url(url);

  // Blocking calls from many threads share the one connection.
  std::vector<std::thread> workers;
  for (int t = 0; t < 16; ++t) {
    workers.emplace_back([&cache, t] {
      for (int i = 0; i < 100; ++i) cache.set("item:" + std::to_string(t * 100 + i), t * 100 + i);
    });
  }
  for (auto& w : workers) w.join();
  std::cout << "item:1234 = " << cache.get<int>("item:1234").value_or(-1) << "\n";

  // A thousand reads in flight from one thread, no thread waiting per call.
  rediscache::async_cache async(cache);
  std::vector<std::future<std::optional<int>>> reads;
  for (int i = 0; i < 1000; ++i) reads.push_back(async.get<int>("item:" + std::to_string(i)));
  long long sum = 0;
  for (auto& r : reads) sum += r.get().value_or(0);
  std::cout << "sum of 1000 async reads = " << sum << "\n";

  auto counted = async.set("visits", 0).get() ? async.incr("visits", 5).get() : -1;
  std::cout << "visits = " << counted << "\n";

  // Typed commands, with a callback that runs on the connection's I/O thread.
  auto client = rediscache::async_client::of(cache);
  std::promise<long long> length;
  client.run(rediscache::cmd::append("log", "abc"),
             std::function<void(rediscache::command_result<long long>)>(
                 [&length](rediscache::command_result<long long> r) {
                   length.set_value(r.ok() ? *r : -1);
                 }));
  std::cout << "log length = " << length.get_future().get() << "\n";
  return sum == 499500 && counted == 5 ? 0 : 1;
}
