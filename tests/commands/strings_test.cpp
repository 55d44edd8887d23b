#include "commands/fixture.hpp"

#include <rediscache/commands/strings.hpp>
#include <rediscache/error.hpp>

#include <chrono>
#include <limits>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

class strings : public test::commands_test {};

TEST_P(strings, GetAndSetWithEveryOption) {
  EXPECT_EQ(run(cmd::get("k")), std::nullopt);
  EXPECT_TRUE(run(cmd::set("k", "v")));
  EXPECT_EQ(run(cmd::get("k")), "v");
  EXPECT_FALSE(run(cmd::set("k", "w", {cmd::expiry::none(), cmd::set_condition::if_absent})));
  EXPECT_TRUE(run(cmd::set("k", "w", {cmd::expiry::none(), cmd::set_condition::if_present})));
  EXPECT_FALSE(run(cmd::set("other", "x", {cmd::expiry::none(), cmd::set_condition::if_present})));
  EXPECT_TRUE(run(cmd::set("k", "x", {cmd::expiry::after(100s)})));
  EXPECT_EQ(redis().execute<long long>("TTL", "k"), 100);
  EXPECT_TRUE(run(cmd::set("k", "y", {cmd::expiry::after(1500ms)})));
  EXPECT_GT(redis().execute<long long>("PTTL", "k"), 1000);
  EXPECT_TRUE(run(cmd::set("k", "z", {cmd::expiry::keep()})));
  EXPECT_GT(redis().execute<long long>("PTTL", "k"), 1000);
  const auto later = std::chrono::system_clock::now() + 1h;
  EXPECT_TRUE(run(cmd::set("k", "a", {cmd::expiry::at(later)})));
  EXPECT_GT(redis().execute<long long>("TTL", "k"), 3590);
  EXPECT_TRUE(run(cmd::set("k", "b")));  // a plain SET clears the expiry
  EXPECT_EQ(redis().execute<long long>("TTL", "k"), -1);
  EXPECT_EQ(run(cmd::set_get("k", "c")), "b");
  EXPECT_EQ(run(cmd::set_get("fresh", "c")), std::nullopt);
  EXPECT_THROW(cmd::expiry::after(0s), config_error);
}

TEST_P(strings, ManyKeys) {
  EXPECT_TRUE(run(cmd::mset({{"a", "1"}, {"b", "2"}})));
  EXPECT_EQ(run(cmd::mget({"a", "missing", "b"})),
            (std::vector<std::optional<std::string>>{"1", std::nullopt, "2"}));
  EXPECT_FALSE(run(cmd::msetnx({{"a", "9"}, {"c", "3"}})));
  EXPECT_EQ(run(cmd::get("c")), std::nullopt);
  EXPECT_TRUE(run(cmd::msetnx({{"c", "3"}, {"d", "4"}})));
  EXPECT_EQ(run(cmd::mget<int>({"c", "d"})), (std::vector<std::optional<int>>{3, 4}));
}

TEST_P(strings, Counters) {
  EXPECT_EQ(run(cmd::incr("n")), 1);
  EXPECT_EQ(run(cmd::incr("n", 41)), 42);
  EXPECT_EQ(run(cmd::decr("n", 2)), 40);
  EXPECT_DOUBLE_EQ(run(cmd::incr_float("f", 1.5)), 1.5);
  EXPECT_DOUBLE_EQ(run(cmd::incr_float("f", -0.25)), 1.25);
  run(cmd::set("big", std::to_string(std::numeric_limits<long long>::max() - 1)));
  EXPECT_EQ(run(cmd::incr("big")), std::numeric_limits<long long>::max());
  EXPECT_THROW(run(cmd::incr("big")), reply_error);  // overflow is the server's error
}

TEST_P(strings, GetdelGetexAppendRanges) {
  run(cmd::set("k", "hello"));
  EXPECT_EQ(run(cmd::append("k", " world")), 11);
  EXPECT_EQ(run(cmd::strlen("k")), 11);
  EXPECT_EQ(run(cmd::getrange("k", 0, 4)), "hello");
  EXPECT_EQ(run(cmd::getrange("k", -5, -1)), "world");
  EXPECT_EQ(run(cmd::setrange("k", 6, "WORLD")), 11);
  EXPECT_EQ(run(cmd::getex("k", cmd::expiry::after(50s))), "hello WORLD");
  EXPECT_EQ(redis().execute<long long>("TTL", "k"), 50);
  EXPECT_EQ(run(cmd::getex("k", cmd::expiry::none())), "hello WORLD");
  EXPECT_EQ(redis().execute<long long>("TTL", "k"), -1);
  EXPECT_EQ(run(cmd::getdel("k")), "hello WORLD");
  EXPECT_EQ(run(cmd::getdel("k")), std::nullopt);
}

TEST_P(strings, WrongTypeIsAReplyError) {
  redis().execute("LPUSH", "list", "x");
  try {
    run(cmd::get("list"));
    FAIL() << "expected WRONGTYPE";
  } catch (const reply_error& e) {
    EXPECT_EQ(e.server_code(), "WRONGTYPE");
  }
}

REDISCACHE_COMMAND_TESTS(strings);

}  // namespace
