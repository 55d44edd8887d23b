// What the key, hash, list and set commands send and what routing and retries learn from them,
// checked without a server.
#include <rediscache/commands/hashes.hpp>
#include <rediscache/commands/keys.hpp>
#include <rediscache/commands/lists.hpp>
#include <rediscache/commands/sets.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace rediscache {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> arguments(const command& c) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < c.size(); ++i) out.emplace_back(c.argument(i));
  return out;
}

std::vector<std::string> keys_of(const command& c) {
  const auto found = c.keys();
  return {found.begin(), found.end()};
}

using strings = std::vector<std::string>;

TEST(CollectionCommands, ArgumentsAsRedisSpellsThem) {
  EXPECT_EQ(arguments(cmd::expire("k", 10s, cmd::expire_condition::if_later).raw()),
            (strings{"EXPIRE", "k", "10", "GT"}));
  EXPECT_EQ(arguments(cmd::pexpireat("k", std::chrono::system_clock::time_point(1500us)).raw()),
            (strings{"PEXPIREAT", "k", "2"}));  // rounded up: never early
  EXPECT_EQ(arguments(cmd::expireat("k", std::chrono::system_clock::time_point(1001ms)).raw()),
            (strings{"EXPIREAT", "k", "2"}));
  EXPECT_EQ(arguments(cmd::copy("a", "b", {cmd::existing_key::replace, 3}).raw()),
            (strings{"COPY", "a", "b", "DB", "3", "REPLACE"}));
  cmd::restore_options o;
  o.existing = cmd::existing_key::replace;
  o.frequency = 5;
  EXPECT_EQ(arguments(cmd::restore("k", "payload", 2s, o).raw()),
            (strings{"RESTORE", "k", "2000", "payload", "REPLACE", "FREQ", "5"}));
  EXPECT_EQ(arguments(cmd::restore_at("k", "p", std::chrono::system_clock::time_point(7ms)).raw()),
            (strings{"RESTORE", "k", "7", "p", "ABSTTL"}));
  EXPECT_EQ(arguments(cmd::scan("0", {"u:*", 100, "hash"}).raw()),
            (strings{"SCAN", "0", "MATCH", "u:*", "COUNT", "100", "TYPE", "hash"}));
  EXPECT_EQ(arguments(cmd::hscan("h", "12").raw()), (strings{"HSCAN", "h", "12"}));
  EXPECT_EQ(arguments(cmd::hrandfield_with_values("h", 3, cmd::sampling::with_repeats).raw()),
            (strings{"HRANDFIELD", "h", "-3", "WITHVALUES"}));
  EXPECT_EQ(arguments(cmd::srandmember("s", 2).raw()), (strings{"SRANDMEMBER", "s", "2"}));
  EXPECT_EQ(arguments(cmd::lpos_many("l", "x", 0, {-2, 10}).raw()),
            (strings{"LPOS", "l", "x", "RANK", "-2", "MAXLEN", "10", "COUNT", "0"}));
  EXPECT_EQ(
      arguments(cmd::blmove("a", "b", cmd::list_end::right, cmd::list_end::left, 250ms).raw()),
      (strings{"BLMOVE", "a", "b", "RIGHT", "LEFT", "0.25"}));
  EXPECT_EQ(arguments(cmd::sintercard({"a", "b"}, 4).raw()),
            (strings{"SINTERCARD", "2", "a", "b", "LIMIT", "4"}));
}

TEST(CollectionCommands, KeysAreFoundForRouting) {
  EXPECT_EQ(keys_of(cmd::copy("a", "b").raw()), (strings{"a", "b"}));
  EXPECT_EQ(keys_of(cmd::object_encoding("k").raw()), (strings{"k"}));
  EXPECT_EQ(keys_of(cmd::blpop({"a", "b"}, 1s).raw()), (strings{"a", "b"}));
  EXPECT_EQ(keys_of(cmd::blmove("a", "b", cmd::list_end::left, cmd::list_end::left, 1s).raw()),
            (strings{"a", "b"}));
  EXPECT_EQ(keys_of(cmd::sintercard({"a", "b"}, 1).raw()), (strings{"a", "b"}));
  EXPECT_EQ(keys_of(cmd::sunionstore("d", {"a", "b"}).raw()), (strings{"d", "a", "b"}));
  EXPECT_EQ(keys_of(cmd::hmget("h", {"f", "g"}).raw()), (strings{"h"}));
  EXPECT_TRUE(keys_of(cmd::scan("0").raw()).empty());
  EXPECT_TRUE(cmd::hget("h", "f").raw().info()->has(command_info::read_only));
  EXPECT_TRUE(cmd::lpush("l", {"x"}).raw().info()->has(command_info::write));
}

// Only a command whose repetition leaves the same state and answer is retried after its bytes
// may have reached the server.
TEST(CollectionCommands, RepeatsThatWouldAnswerDifferentlyAreNotRetried) {
  using cond = cmd::expire_condition;
  EXPECT_TRUE(cmd::expire("k", 1s).raw().idempotent());
  EXPECT_TRUE(cmd::expire("k", 1s, cond::if_has_expiry).raw().idempotent());
  EXPECT_FALSE(cmd::expire("k", 1s, cond::if_no_expiry).raw().idempotent());
  EXPECT_FALSE(cmd::pexpire("k", 1ms, cond::if_later).raw().idempotent());
  EXPECT_FALSE(
      cmd::expireat("k", std::chrono::system_clock::now(), cond::if_earlier).raw().idempotent());
  EXPECT_FALSE(cmd::copy("a", "b").raw().idempotent());
  EXPECT_TRUE(cmd::copy("a", "b", {cmd::existing_key::replace}).raw().idempotent());
  EXPECT_FALSE(cmd::restore("k", "p").raw().idempotent());
  EXPECT_TRUE(cmd::restore("k", "p", 0ms, {cmd::existing_key::replace}).raw().idempotent());
  EXPECT_FALSE(cmd::hsetnx("h", "f", "v").raw().idempotent());
  EXPECT_TRUE(cmd::hset("h", "f", "v").raw().idempotent());
  EXPECT_FALSE(cmd::hincrby("h", "f", 1).raw().idempotent());
  EXPECT_FALSE(cmd::rpush("l", {"x"}).raw().idempotent());
  EXPECT_FALSE(cmd::lpop("l").raw().idempotent());
  EXPECT_FALSE(cmd::spop("s", 2).raw().idempotent());
  EXPECT_FALSE(cmd::renamenx("a", "b").raw().idempotent());
  EXPECT_TRUE(cmd::srandmember("s", 2).raw().idempotent());
  EXPECT_TRUE(cmd::sscan("s", "0").raw().idempotent());
  const auto pop = cmd::brpop({"l"}, 2s);
  EXPECT_FALSE(pop.raw().idempotent());
  EXPECT_EQ(pop.raw().block_time(), 2100ms);
  EXPECT_EQ(cmd::lmove("a", "b", cmd::list_end::left, cmd::list_end::left).raw().block_time(), 0ms);
}

TEST(CollectionCommands, BadOptionsAreConfigErrors) {
  EXPECT_THROW(cmd::blpop({"l"}, 0ms), config_error);
  EXPECT_THROW(cmd::brpop({"l"}, -5ms), config_error);
  EXPECT_THROW(cmd::restore_at("k", "p", std::chrono::system_clock::time_point()), config_error);
  cmd::restore_options both;
  both.idle_time = 1s;
  both.frequency = 1;
  EXPECT_THROW(cmd::restore("k", "p", 0ms, both), config_error);
  EXPECT_THROW(cmd::srandmember("s", static_cast<std::size_t>(-1)), config_error);
}

}  // namespace
}  // namespace rediscache
