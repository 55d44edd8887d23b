// Caching function results and rendered fragments.
//   example_cache_memoize [redis://127.0.0.1:6379/0]
#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/fragment.hpp>
#include <rediscache/memoize.hpp>

#include <iostream>
#include <string>

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  try {
    auto cache = rediscache::cache::from_url(argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0");

    int database_queries = 0;
    auto shipping_cost = rediscache::memoize(cache, "shipping_cost", 10min,
                                             [&](const std::string& country, int grams) {
                                               ++database_queries;
                                               return (country == "NL" ? 400 : 900) + grams / 100;
                                             });
    shipping_cost(std::string("NL"), 1200);
    shipping_cost(std::string("NL"), 1200);
    std::cout << "NL 1200 g: " << shipping_cost(std::string("NL"), 1200) << " cents after "
              << database_queries << " query\n";

    // The same key Django's {% cache 300 sidebar request.user.username %} would use.
    auto sidebar = rediscache::cached_fragment(cache, "sidebar", {"alice"}, 5min, [] {
      return std::string("<nav>alice's links</nav>");
    });
    std::cout << "fragment " << rediscache::fragment_key("sidebar", {"alice"}) << ": " << sidebar
              << "\n";
    return database_queries == 1 ? 0 : 1;
  } catch (const rediscache::error& e) {
    std::cerr << "cache_memoize failed: " << e.what() << "\n";
    return 1;
  }
}
