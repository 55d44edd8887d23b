// A game leaderboard on a sorted set, against the Redis named by the first argument: scores,
// a best-score-only update, the top three, a player's rank and a score bracket.
#include <rediscache/client.hpp>
#include <rediscache/commands/sorted_sets.hpp>
#include <rediscache/error.hpp>

#include <iostream>

int main(int argc, char** argv) {
  using namespace rediscache;
  const char* url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  try {
    client redis = client::from_url(url);
    const std::string board = "leaderboard";

    redis.run(cmd::zadd(
        board, {{"ann", 3100}, {"bob", 2800}, {"cid", 4200}, {"dee", 1900}, {"eve", 3600}}));
    const double bob = redis.run(cmd::zincrby(board, 1500, "bob"));  // bob wins a match
    std::cout << "bob now has " << bob << " points\n";

    // A new result only counts when it beats the player's best (GT).
    const cmd::zadd_options best_only{cmd::zadd_condition::always, cmd::zadd_compare::greater};
    redis.run(cmd::zadd(board, {{"ann", 2000}, {"dee", 2500}}, best_only));

    const auto top = redis.run(cmd::zrange_with_scores(board, 0, 2, cmd::zrange_order::descending));
    for (std::size_t i = 0; i < top.size(); ++i) {
      std::cout << i + 1 << ". " << top[i].member << " " << top[i].score << "\n";
    }

    const auto rank = redis.run(cmd::zrevrank(board, "ann"));
    const auto score = redis.run(cmd::zscore(board, "ann"));
    std::cout << "ann is #" << *rank + 1 << " with " << *score << " points\n";
    std::cout << "dee kept her best: " << *redis.run(cmd::zscore(board, "dee")) << "\n";

    // 3000 up to, not including, 4000.
    const cmd::score_range bracket{3000, cmd::score_bound::exclusive(4000)};
    std::cout << redis.run(cmd::zcount(board, bracket)) << " players have 3000-3999 points:";
    for (const auto& name : redis.run(cmd::zrange(board, bracket))) std::cout << " " << name;
    std::cout << "\n";
    return 0;
  } catch (const error& e) {
    std::cerr << "leaderboard failed: " << e.what() << "\n";
    return 1;
  }
}
