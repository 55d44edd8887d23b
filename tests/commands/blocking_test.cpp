// Blocking list pops against a real server: a connection waits the command's block time beyond
// its socket timeout, goes back to the pool afterwards, and a pop is never sent twice.
#include "server_options.hpp"
#include "support/redis_server.hpp"

#include <rediscache/client.hpp>
#include <rediscache/commands/lists.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <thread>

using namespace rediscache;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

class blocking : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!server_) server_ = std::make_unique<test::redis_server>();
  }

  void SetUp() override {
    auto o = test::options_of(*server_);
    o.socket_timeout = 100ms;  // shorter than every wait below
    executor_ = std::make_shared<pooled_executor>(o);
    redis_ = std::make_unique<client>(executor_);
    redis_->execute("FLUSHALL");
  }

  // A bound for "returned when the wait ended", with room for a loaded machine.
  static constexpr auto slack = 1s;

  static inline std::unique_ptr<test::redis_server> server_;
  std::shared_ptr<pooled_executor> executor_;
  std::unique_ptr<client> redis_;
};

TEST_F(blocking, AnEmptyListTimesOutAfterTheBlockTimeNotTheSocketTimeout) {
  const auto start = clock_type::now();
  const auto popped = redis_->run(cmd::blpop({"empty"}, 300ms));
  const auto took = clock_type::now() - start;
  EXPECT_EQ(popped, std::nullopt);
  EXPECT_GE(took, 290ms);
  EXPECT_LT(took, 300ms + slack);

  const pool_stats stats = executor_->pool().stats();
  EXPECT_EQ(stats.in_use, 0u);
  EXPECT_EQ(stats.idle, 1u);    // the connection is back in the pool
  EXPECT_EQ(stats.closed, 0u);  // and was not dropped as timed out
  EXPECT_EQ(stats.created, 1u);

  // The same connection serves the next command.
  EXPECT_EQ(redis_->execute<std::string>("PING"), "PONG");
  EXPECT_EQ(executor_->pool().stats().created, 1u);
}

TEST_F(blocking, BrpopAndBlmoveWaitTheirBlockTimeToo) {
  auto start = clock_type::now();
  EXPECT_EQ(redis_->run(cmd::brpop({"a", "b"}, 250ms)), std::nullopt);
  EXPECT_GE(clock_type::now() - start, 240ms);
  start = clock_type::now();
  EXPECT_EQ(redis_->run(cmd::blmove("a", "b", cmd::list_end::left, cmd::list_end::right, 250ms)),
            std::nullopt);
  EXPECT_GE(clock_type::now() - start, 240ms);
  EXPECT_EQ(executor_->pool().stats().closed, 0u);
}

TEST_F(blocking, APipelineWaitsForEachBlockingCommandInTurn) {
  const auto start = clock_type::now();
  auto [first, second] = redis_->pipeline(cmd::blpop({"x"}, 200ms), cmd::brpop({"y"}, 200ms));
  const auto took = clock_type::now() - start;
  EXPECT_EQ(first.value(), std::nullopt);
  EXPECT_EQ(second.value(), std::nullopt);
  EXPECT_GE(took, 390ms);
  EXPECT_EQ(executor_->pool().stats().closed, 0u);
}

TEST_F(blocking, AnElementPushedDuringTheWaitIsReturnedAtOnce) {
  client pusher(std::make_shared<pooled_executor>(test::options_of(*server_)));
  auto push = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(150ms);
    pusher.run(cmd::rpush("jobs", {"job-1"}));
  });
  const auto start = clock_type::now();
  const auto popped = redis_->run(cmd::blpop({"other", "jobs"}, 5s));
  const auto took = clock_type::now() - start;
  push.get();
  ASSERT_TRUE(popped.has_value());
  EXPECT_EQ(popped->first, "jobs");
  EXPECT_EQ(popped->second, "job-1");
  EXPECT_LT(took, 5s);  // well before the timeout

  auto move = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(150ms);
    pusher.run(cmd::rpush("src", {"job-2"}));
  });
  const auto moved =
      redis_->run(cmd::blmove("src", "done", cmd::list_end::left, cmd::list_end::right, 5s));
  move.get();
  EXPECT_EQ(moved, "job-2");
  EXPECT_EQ(pusher.run(cmd::lrange("done", 0, -1)), std::vector<std::string>{"job-2"});
}

// A blocking pop whose connection breaks while it waits fails; it is not sent again, where it
// could take a second element or wait a second time.
TEST_F(blocking, ABrokenWaitIsNotRetried) {
  client killer(std::make_shared<pooled_executor>(test::options_of(*server_)));
  auto kill = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(200ms);
    killer.execute("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
  });
  const auto start = clock_type::now();
  EXPECT_THROW(redis_->run(cmd::blpop({"empty"}, 1500ms)), connection_error);
  const auto took = clock_type::now() - start;
  kill.get();
  EXPECT_LT(took, 1500ms);  // a retry would have waited the whole 1.5 s again
  EXPECT_EQ(executor_->pool().stats().closed, 1u);
}

}  // namespace
