// A user profile in a hash: typed fields written through the client's codec (client::encode)
// and read back one by one (hget<T>), as redis-py code does with r.hset / r.hget.
//   example_user_profile [redis://127.0.0.1:6379/0]
#include <rediscache/client.hpp>
#include <rediscache/commands/hashes.hpp>
#include <rediscache/commands/keys.hpp>
#include <rediscache/error.hpp>

#include <chrono>
#include <iostream>
#include <string>

namespace app {

struct address {
  std::string city;
  std::string country;
};

// Found by argument-dependent lookup: an address is stored as JSON.
void to_json(nlohmann::json& j, const address& a) {
  j = {{"city", a.city}, {"country", a.country}};
}
void from_json(const nlohmann::json& j, address& a) {
  j.at("city").get_to(a.city);
  j.at("country").get_to(a.country);
}

}  // namespace app

int main(int argc, char** argv) {
  namespace cmd = rediscache::cmd;
  using namespace std::chrono_literals;
  const char* url = argc > 1 ? argv[1] : "redis://127.0.0.1:6379/0";
  try {
    auto redis = rediscache::client::from_url(url);
    const std::string user = "user:1000";
    redis.run(cmd::del({user}));

    // The name stays bytes; the other fields go through the codec. Integers are stored as
    // decimal text, so HINCRBY works on them.
    const long long added =
        redis.run(cmd::hset(user, {{"name", "Ada"},
                                   {"age", redis.encode(36)},
                                   {"address", redis.encode(app::address{"Lyon", "France"})},
                                   {"visits", redis.encode(0)}}));
    std::cout << "fields added: " << added << "\n";

    std::cout << "name = " << redis.run(cmd::hget(user, "name")).value_or("?") << "\n";
    std::cout << "age = " << redis.run(cmd::hget<int>(user, "age")).value_or(-1) << "\n";
    if (auto home = redis.run(cmd::hget<app::address>(user, "address"))) {
      std::cout << "city = " << home->city << ", " << home->country << "\n";
    }
    std::cout << "visits = " << redis.run(cmd::hincrby(user, "visits", 1)) << "\n";

    // Set once: a second hsetnx leaves the first email in place.
    redis.run(cmd::hsetnx(user, "email", "ada@example.org"));
    const bool replaced = redis.run(cmd::hsetnx(user, "email", "other@example.org"));
    std::cout << "email replaced: " << std::boolalpha << replaced << "\n";
    std::cout << "has phone: " << redis.run(cmd::hexists(user, "phone")) << "\n";

    std::cout << "fields:";
    for (const auto& [field, value] : redis.run(cmd::hgetall(user))) std::cout << " " << field;
    std::cout << "\n";

    // Profiles of inactive users go away after 30 days.
    redis.run(cmd::expire(user, std::chrono::hours(24 * 30)));
    const rediscache::key_ttl ttl = redis.run(cmd::ttl(user));
    std::cout << "expires in "
              << std::chrono::duration_cast<std::chrono::hours>(ttl.remaining()).count() / 24
              << " days\n";
    return added == 4 && !replaced ? 0 : 1;
  } catch (const rediscache::error& e) {
    std::cerr << "example failed: " << e.what() << "\n";
    return 1;
  }
}
