// Page-view counters updated with pipelines of typed commands, against the Redis named by the
// first argument: a batch of many commands in one round trip, a few commands with typed results,
// one command's error next to the others' results, and a transaction.
#include <rediscache/batch.hpp>
#include <rediscache/client.hpp>
#include <rediscache/commands/hyperloglog.hpp>
#include <rediscache/commands/sorted_sets.hpp>
#include <rediscache/commands/strings.hpp>
#include <rediscache/error.hpp>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace rediscache;
  const char* url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  try {
    client redis = client::from_url(url);

    // A request log replayed: each visit counts a view and its visitor, all in one round trip.
    const std::vector<std::string> pages = {"/", "/about", "/"};
    const std::vector<std::string> users = {"ann", "bob", "cid", "dee"};
    batch visits;
    std::vector<queued<long long>> views;
    for (int i = 0; i < 60; ++i) {
      const std::string& page = pages[i % pages.size()];
      views.push_back(visits.add(cmd::incr("views:" + page)));
      visits.add(cmd::pfadd("visitors:" + page, {users[i % users.size()]}));
    }
    redis.run(visits);
    std::cout << "pipelined " << visits.size() << " commands; the last view was number "
              << views.back().get() << "\n";

    auto [home, about, visitors] =
        redis.pipeline(cmd::get<long long>("views:/"), cmd::get<long long>("views:/about"),
                       cmd::pfcount({"visitors:/"}));
    std::cout << "/: " << *home.value() << " views by " << visitors.value() << " visitors, "
              << "/about: " << *about.value() << " views\n";

    // One command's error does not hide the others' results.
    auto [counted, misused] =
        redis.pipeline(cmd::incr("views:/"), cmd::zadd("views:/", {{"oops", 1}}));
    std::cout << "incr: " << counted.value() << ", zadd on a counter: " << misused.error_message()
              << "\n";

    // Both counters move, or neither does.
    auto sale = redis.transaction(cmd::incr("orders"), cmd::incr("revenue", 250));
    std::cout << "transaction committed: " << std::boolalpha << sale.committed()
              << ", revenue = " << std::get<1>(sale.results).value() << "\n";
    return 0;
  } catch (const error& e) {
    std::cerr << "counter failed: " << e.what() << "\n";
    return 1;
  }
}
