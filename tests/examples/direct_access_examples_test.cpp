// The typed-command examples (sorted sets, pipelines, WATCH, streams), run against a real
// redis-server as a user would run them.
#include "examples/run_example.hpp"

#include <gtest/gtest.h>

#include <string>

using rediscache::test::run;
using rediscache::test::url_of;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(DirectAccessExamples, Leaderboard) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_LEADERBOARD) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "bob now has 4300 points")) << r.output;
  EXPECT_TRUE(contains(r.output, "1. bob 4300\n2. cid 4200\n3. eve 3600\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "ann is #4 with 3100 points")) << r.output;
  EXPECT_TRUE(contains(r.output, "dee kept her best: 2500")) << r.output;
  EXPECT_TRUE(contains(r.output, "2 players have 3000-3999 points: ann eve")) << r.output;
  EXPECT_EQ(server.command({"ZSCORE", "leaderboard", "ann"}), "3100");
}

TEST(DirectAccessExamples, CounterWithPipelines) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_COUNTER_PIPELINE) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "pipelined 120 commands; the last view was number 40"))
      << r.output;
  EXPECT_TRUE(contains(r.output, "/: 40 views by 4 visitors, /about: 20 views")) << r.output;
  EXPECT_TRUE(contains(r.output, "incr: 41, zadd on a counter: ")) << r.output;
  EXPECT_TRUE(contains(r.output, "WRONGTYPE")) << r.output;
  EXPECT_TRUE(contains(r.output, "transaction committed: true, revenue = 250")) << r.output;
  EXPECT_EQ(server.command({"GET", "views:/"}), "41");
  EXPECT_EQ(server.command({"GET", "orders"}), "1");
}

TEST(DirectAccessExamples, CheckAndSetWithWatch) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_CHECK_AND_SET) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "ann: booked 3 seat(s) after 2 attempt(s); 1 left")) << r.output;
  EXPECT_TRUE(contains(r.output, "bob: could not book 2 seat(s) after 1 attempt(s); 1 left"))
      << r.output;
  EXPECT_TRUE(contains(r.output, "cid: booked 1 seat(s) after 1 attempt(s); 0 left")) << r.output;
  EXPECT_EQ(server.command({"ZRANGE", "flight:42:bookings", "0", "-1"}),
            "cid\nann");  // by seats booked
}

TEST(DirectAccessExamples, EventStreamWithAConsumerGroup) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_EVENT_STREAM) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  for (const char* order : {"1: 10", "2: 20", "3: 30", "5: 50"}) {
    EXPECT_TRUE(contains(r.output, std::string("worker-1 billed order ") + order + " EUR"))
        << r.output;
  }
  EXPECT_FALSE(contains(r.output, "worker-1 billed order 4")) << r.output;
  EXPECT_TRUE(contains(r.output, "pending after worker-1: 1 (1 with worker-1)")) << r.output;
  EXPECT_TRUE(contains(r.output, "worker-2 claimed order 4 and billed it")) << r.output;
  EXPECT_TRUE(contains(r.output, "pending at the end: 0; stream length: 5")) << r.output;
  EXPECT_EQ(server.command({"XLEN", "orders"}), "5");
}

}  // namespace
