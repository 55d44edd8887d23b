// The Django cache API in C++: get/set/add/get_or_set/get_many/set_many/incr/delete/touch/ttl.
//   example_cache_basics [redis://127.0.0.1:6379/0]
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>

#include <iostream>
#include <map>
#include <string>

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  try {
    auto cache = rediscache::cache::from_url(argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0");

    cache.set("greeting", std::string("hello"), 5min);
    std::cout << "greeting: " << cache.get<std::string>("greeting").value_or("(miss)") << "\n";
    std::cout << "missing: " << cache.get<std::string>("missing").value_or("(miss)") << "\n";

    std::cout << "add again: " << std::boolalpha << cache.add("greeting", std::string("hi")) << "\n";

    // The callable runs only on a miss.
    auto report = cache.get_or_set("report", [] { return std::string("expensive result"); }, 1h);
    std::cout << "report: " << report << "\n";

    cache.set_many(std::map<std::string, int>{{"a", 1}, {"b", 2}});
    for (const auto& [key, value] : cache.get_many<int>({"a", "b", "c"})) {
      std::cout << "many: " << key << " = " << value << "\n";
    }

    cache.set("hits", 0, rediscache::cache_timeout::forever());
    cache.incr("hits");
    std::cout << "hits: " << cache.incr("hits", 10) << "\n";

    auto ttl = cache.ttl("greeting");
    std::cout << "greeting ttl: " << ttl.remaining().count() / 1000 << " s\n";
    std::cout << "hits ttl: " << (cache.ttl("hits").is_persistent() ? "never expires" : "?") << "\n";
    std::cout << "missing ttl: " << (cache.ttl("missing").is_missing() ? "no such key" : "?") << "\n";

    cache.touch("greeting", 10s);
    cache.remove("a");
    std::cout << "deleted a: " << !cache.has_key("a") << "\n";

    try {
      cache.incr("nobody");
    } catch (const rediscache::key_not_found_error& e) {
      std::cout << "incr of a missing key: " << e.what() << "\n";
    }
    std::cout << "hit rate: " << cache.stats().hit_rate() << "\n";
    return 0;
  } catch (const rediscache::error& e) {
    std::cerr << "cache_basics failed: " << e.what() << "\n";
    return 1;
  }
}
