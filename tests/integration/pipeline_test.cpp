#include "integration/common.hpp"

#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/script.hpp>

#include <gtest/gtest.h>

#include <string>

using namespace rediscache;
using rediscache::test::redis_server;

namespace {

TEST(Pipeline, TenThousandCommandsInOneWrite) {
  redis_server server;
  auto c = connection::open(test::tcp_options(server));
  std::vector<command> commands;
  for (int i = 0; i < 10000; ++i) {
    commands.push_back(command{"SET"}.arg("key:" + std::to_string(i)).arg(i));
  }
  auto set_replies = c.pipeline(commands);
  ASSERT_EQ(set_replies.size(), 10000u);
  for (const auto& r : set_replies) ASSERT_TRUE(r.is_ok());
  commands.clear();
  for (int i = 0; i < 10000; ++i) commands.push_back(command{"GET"}.arg("key:" + std::to_string(i)));
  auto get_replies = c.pipeline(commands);
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(get_replies[i].str(), std::to_string(i));
  EXPECT_EQ(server.command({"DBSIZE"}), "10000");
}

// The empty command throws while the pipeline is encoded, after the commands before it: none of
// them may reach the server, then or with the next call.
TEST(Pipeline, EmptyCommandSendsNothingThenOrLater) {
  redis_server server;
  auto c = connection::open(test::tcp_options(server));
  EXPECT_THROW(c.pipeline({command{"SET", "a", "1"}, command{}}), config_error);
  EXPECT_EQ(c.execute(command{"ECHO", "next"}).str(), "next");
  EXPECT_EQ(server.command({"EXISTS", "a"}), "0");
}

TEST(Pipeline, ErrorRepliesStayInPlace) {
  redis_server server;
  auto c = connection::open(test::tcp_options(server));
  auto replies = c.pipeline({command{"SET", "s", "v"}, command{"INCR", "s"}, command{"GET", "s"}});
  EXPECT_TRUE(replies[0].is_ok());
  EXPECT_TRUE(replies[1].is_error());
  EXPECT_EQ(replies[2].str(), "v");
}

TEST(Transaction, CommitsAndReportsPerCommandResults) {
  redis_server server;
  auto c = connection::open(test::tcp_options(server));
  c.execute(command{"SET", "text", "abc"});
  auto result = c.transaction({command{"INCR", "counter"}, command{"INCR", "text"},
                               command{"INCRBY", "counter", "10"}});
  EXPECT_EQ(result.status, transaction_result::outcome::committed);
  ASSERT_EQ(result.replies.size(), 3u);
  EXPECT_EQ(result.replies[0].integer(), 1);
  EXPECT_TRUE(result.replies[1].is_error());  // WRONGTYPE-like failure at run time
  EXPECT_EQ(result.replies[2].integer(), 11);
  EXPECT_FALSE(result.ok());
}

TEST(Transaction, QueueErrorDiscardsEverything) {
  redis_server server;
  auto c = connection::open(test::tcp_options(server));
  auto result = c.transaction({command{"SET", "a", "1"}, command{"SET", "only-one-arg"}});
  EXPECT_EQ(result.status, transaction_result::outcome::discarded);
  ASSERT_EQ(result.replies.size(), 2u);
  EXPECT_NE(result.replies[0].error_message().find("EXECABORT"), std::string::npos);
  EXPECT_NE(result.replies[1].error_message().find("wrong number"), std::string::npos);
  EXPECT_EQ(server.command({"EXISTS", "a"}), "0");
  EXPECT_EQ(c.execute(command{"PING"}).str(), "PONG");
}

TEST(Transaction, ThroughExecutor) {
  redis_server server;
  pooled_executor exec(test::tcp_options(server));
  auto result = exec.run_transaction({command{"SET", "x", "1"}, command{"GET", "x"}});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.replies[1].str(), "1");
}

TEST(Script, ReloadsAfterFlushAndRestart) {
  redis_server server;
  pooled_executor exec(test::tcp_options(server));
  script add("return redis.call('INCRBY', KEYS[1], ARGV[1])");
  EXPECT_EQ(add.sha1().size(), 40u);
  EXPECT_EQ(add.run(exec, {"sum"}, {"5"}).integer(), 5);
  EXPECT_EQ(server.command({"SCRIPT", "EXISTS", add.sha1()}), "1");
  server.command({"SCRIPT", "FLUSH"});
  EXPECT_EQ(add.run(exec, {"sum"}, {"2"}).integer(), 7);
  server.restart();
  EXPECT_EQ(add.run(exec, {"sum"}, {"1"}).integer(), 1);  // persistence is off: sum restarted
}

TEST(Script, ErrorsAreReplyErrors) {
  redis_server server;
  pooled_executor exec(test::tcp_options(server));
  script broken("return redis.call('NOSUCHCOMMAND')");
  EXPECT_THROW(broken.run(exec, {}), reply_error);
}

}  // namespace
