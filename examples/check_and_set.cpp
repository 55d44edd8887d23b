// Optimistic check-and-set with WATCH, against the Redis named by the first argument: seats are
// booked only if nobody changed the count between our read and our write; when someone did, the
// booking is computed again from the new count.
#include <rediscache/client.hpp>
#include <rediscache/commands/sorted_sets.hpp>
#include <rediscache/commands/strings.hpp>
#include <rediscache/error.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  using namespace rediscache;
  const char* url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  try {
    client redis = client::from_url(url);
    const std::string seats = "flight:42:free";
    redis.run(cmd::set(seats, "5"));

    // Books count seats for passenger, unless too few are left. taken_meanwhile seats go to
    // someone else between our read and our write, on the first attempt.
    auto book = [&](const std::string& passenger, long long count, long long taken_meanwhile) {
      int attempts = 0;
      const bool booked = redis.watch({seats}, [&](watch_context& tx) {
        ++attempts;
        const long long free = tx.run(cmd::get<long long>(seats)).value_or(0);
        if (attempts == 1 && taken_meanwhile > 0) redis.run(cmd::decr(seats, taken_meanwhile));
        if (free < count) return false;
        tx.queue(cmd::set(seats, std::to_string(free - count)));
        tx.queue(cmd::zadd("flight:42:bookings", {{passenger, static_cast<double>(count)}}));
        return true;
      });
      std::cout << passenger << ": " << (booked ? "booked " : "could not book ") << count
                << " seat(s) after " << attempts << " attempt(s); " << *redis.run(cmd::get(seats))
                << " left\n";
    };

    book("ann", 3, 1);  // retried once: computed from 4 free seats, not 5
    book("bob", 2, 0);  // only 1 is left
    book("cid", 1, 0);
    return *redis.run(cmd::get<int>(seats)) == 0 ? 0 : 1;
  } catch (const error& e) {
    std::cerr << "check-and-set failed: " << e.what() << "\n";
    return 1;
  }
}
