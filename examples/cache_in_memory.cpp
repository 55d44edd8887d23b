// The in-process backend: the same semantics without a Redis, for unit tests and local runs.
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>

#include <iostream>

using namespace std::chrono_literals;

// Code under test takes a cache (a handle) and never knows which backend is behind it.
int count_visit(rediscache::cache cache, const std::string& page) {
  cache.add("visits:" + page, 0, rediscache::cache_timeout::forever());
  return static_cast<int>(cache.incr("visits:" + page));
}

int main() {
  auto cache = rediscache::cache::from_url("memory://?max_entries=1000");
  count_visit(cache, "home");
  count_visit(cache, "home");
  std::cout << "home visits: " << count_visit(cache, "home") << "\n";
  cache.set("flash", std::string("saved"), 50ms);
  std::cout << "flash now: " << cache.get<std::string>("flash").value_or("(gone)") << "\n";
  std::cout << "keys: ";
  for (const auto& key : cache.iter_keys("visits:*")) std::cout << key << " ";
  std::cout << "\n";
  return cache.get<int>("visits:home") == 3 ? 0 : 1;
}
