// The command table (taken from redis-server 7.0's COMMAND) and key extraction from arguments.
#include <rediscache/command.hpp>
#include <rediscache/command_info.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace rediscache {
namespace {

using keys = std::vector<std::string_view>;

TEST(CommandInfo, LooksUpAnyCaseAndSubcommands) {
  const command_info* get = find_command_info("GeT");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->name, "get");
  EXPECT_TRUE(get->has(command_info::read_only));
  EXPECT_TRUE(get->has(command_info::idempotent));
  EXPECT_FALSE(get->has(command_info::write));
  const command_info* create = find_command_info("XGROUP", "CREATE");
  ASSERT_NE(create, nullptr);
  EXPECT_EQ(create->name, "xgroup|create");
  EXPECT_EQ(find_command_info("get", "somekey")->name, "get");  // not a subcommand: the command
  EXPECT_EQ(find_command_info("nosuchcommand"), nullptr);
  EXPECT_EQ(find_command_info(""), nullptr);
  EXPECT_TRUE(find_command_info("blpop")->has(command_info::blocking));
  EXPECT_TRUE(find_command_info("watch")->has(command_info::pinned));
  EXPECT_FALSE(find_command_info("incr")->has(command_info::idempotent));
  EXPECT_TRUE(find_command_info("sort")->has(command_info::keys_incomplete));
}

TEST(CommandInfo, FindsKeysByEverySpecificationForm) {
  EXPECT_EQ((command{"GET", "k"}.keys()), (keys{"k"}));
  EXPECT_EQ((command{"MSET", "a", "1", "b", "2"}.keys()), (keys{"a", "b"}));
  EXPECT_EQ((command{"BLPOP", "a", "b", "5"}.keys()), (keys{"a", "b"}));
  EXPECT_EQ((command{"EVAL", "return 1", "2", "x", "y", "arg"}.keys()), (keys{"x", "y"}));
  EXPECT_EQ((command{"EVALSHA", "abc", "0", "arg"}.keys()), (keys{}));
  EXPECT_EQ((command{"ZUNIONSTORE", "dst", "2", "s1", "s2", "WEIGHTS", "1", "2"}.keys()),
            (keys{"dst", "s1", "s2"}));
  EXPECT_EQ((command{"XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0"}.keys()),
            (keys{"s1", "s2"}));
  EXPECT_EQ((command{"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"}.keys()), (keys{"s"}));
  EXPECT_EQ((command{"XGROUP", "CREATE", "stream", "g", "$"}.keys()), (keys{"stream"}));
  EXPECT_EQ((command{"PING"}.keys()), (keys{}));
  EXPECT_EQ((command{"NOSUCH", "x"}.keys()), (keys{}));
  EXPECT_EQ((command{"LMPOP", "2", "l1", "l2", "LEFT"}.keys()), (keys{"l1", "l2"}));
}

TEST(CommandInfo, ArgumentsDecodeFromTheEncodedForm) {
  const command c{"SET", "key", std::string_view("\0\r\n", 3)};
  EXPECT_EQ(c.argument(0), "SET");
  EXPECT_EQ(c.argument(1), "key");
  EXPECT_EQ(c.argument(2), std::string_view("\0\r\n", 3));
  EXPECT_EQ(c.argument(3), "");
}

TEST(CommandInfo, TypedDescriptionWinsOverTheName) {
  command c{"GET", "k"};
  EXPECT_EQ(c.info()->name, "get");
  c.describe(*find_command_info("set"));
  EXPECT_EQ(c.info()->name, "set");
}

}  // namespace
}  // namespace rediscache
