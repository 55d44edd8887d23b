// Where commands go in a cluster, decided before anything is sent; node-parallel task running.
#include "cluster/key_slot.hpp"
#include "cluster/parallel.hpp"
#include "cluster/routing.hpp"

#include <rediscache/error.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace rediscache::detail {
namespace {

// Fails the test when routing asks the server although the command table knows the keys.
std::vector<std::string> never_asked(const command& cmd) {
  ADD_FAILURE() << "asked the server for the keys of " << cmd.name();
  return {};
}

TEST(ClusterRouting, OneSlotGoesToItsNodeAndReadsMayUseReplicas) {
  const route get = route_command(command{"GET", "foo"}, never_asked);
  EXPECT_EQ(get.how, route::kind::slot);
  EXPECT_EQ(get.slot, 12182);
  EXPECT_TRUE(get.read_only);
  const route set = route_command(command{"SET", "{foo}:a", "1"}, never_asked);
  EXPECT_EQ(set.slot, 12182);
  EXPECT_FALSE(set.read_only);
  const route tagged = route_command(command{"MGET", "{u1}:a", "{u1}:b"}, never_asked);
  EXPECT_EQ(tagged.how, route::kind::slot);
  const route eval = route_command(command{"EVAL", "return 1", "2", "{t}a", "{t}b", "arg"}, never_asked);
  EXPECT_EQ(eval.how, route::kind::slot);
  EXPECT_EQ(eval.slot, key_slot("t"));
}

TEST(ClusterRouting, PerKeyCommandsAcrossSlotsAreSplitPerSlot) {
  const route r = route_command(command{"MGET", "a", "b", "{a}x"}, never_asked);
  ASSERT_EQ(r.how, route::kind::split);
  ASSERT_TRUE(r.split);
  ASSERT_EQ(r.split->parts.size(), 2u);
  EXPECT_EQ(r.split->parts[0].node, static_cast<std::size_t>(key_slot("a")));
  EXPECT_EQ(r.split->parts[0].cmd.keys(), (std::vector<std::string_view>{"a", "{a}x"}));
  EXPECT_EQ(r.split->parts[1].node, static_cast<std::size_t>(key_slot("b")));
  EXPECT_TRUE(r.read_only);
  EXPECT_EQ(route_command(command{"MSET", "a", "1", "b", "2"}, never_asked).how, route::kind::split);
  EXPECT_EQ(route_command(command{"DEL", "a", "b"}, never_asked).how, route::kind::split);
}

TEST(ClusterRouting, OtherCommandsAcrossSlotsFailBeforeSending) {
  try {
    route_command(command{"EVALSHA", "abc", "2", "a", "b"}, never_asked);
    FAIL() << "no cross_slot_error";
  } catch (const cross_slot_error& e) {
    EXPECT_EQ(e.command_name(), "EVALSHA");
    EXPECT_EQ(e.first_slot(), key_slot("a"));
    EXPECT_EQ(e.second_slot(), key_slot("b"));
    const std::string what = e.what();
    EXPECT_NE(what.find("'a' is in slot " + std::to_string(key_slot("a"))), std::string::npos) << what;
    EXPECT_NE(what.find("nothing was sent"), std::string::npos) << what;
    EXPECT_NE(what.find("hash tag"), std::string::npos) << what;
  }
  EXPECT_THROW(route_command(command{"RENAME", "a", "b"}, never_asked), cross_slot_error);
  EXPECT_THROW(route_command(command{"BLPOP", "a", "b", "0"}, never_asked), cross_slot_error);
}

TEST(ClusterRouting, KeylessCommandsByKind) {
  EXPECT_EQ(route_command(command{"PING"}, never_asked).how, route::kind::any);
  EXPECT_EQ(route_command(command{"PUBLISH", "channel", "m"}, never_asked).how, route::kind::any);
  EXPECT_EQ(route_command(command{"SCRIPT", "EXISTS", "abc"}, never_asked).how, route::kind::any);
  EXPECT_EQ(route_command(command{"EVAL", "return 1", "0"}, never_asked).how, route::kind::any);
  EXPECT_EQ(route_command(command{"flushdb"}, never_asked).how, route::kind::every_primary);
  EXPECT_EQ(route_command(command{"FLUSHALL", "ASYNC"}, never_asked).how, route::kind::every_primary);
  EXPECT_EQ(route_command(command{"SCRIPT", "LOAD", "return 1"}, never_asked).how, route::kind::every_primary);
  EXPECT_EQ(route_command(command{"script", "flush"}, never_asked).how, route::kind::every_primary);
  EXPECT_EQ(route_command(command{"DBSIZE"}, never_asked).how, route::kind::sum);
  EXPECT_EQ(route_command(command{"KEYS", "*"}, never_asked).how, route::kind::concat);
  EXPECT_EQ(route_command(command{"SCAN", "0", "MATCH", "*"}, never_asked).how, route::kind::scan);
}

TEST(ClusterRouting, UnknownAndIncompleteCommandsAskTheServer) {
  std::vector<std::string> asked_for;
  auto server = [&](const command& cmd) {
    asked_for.emplace_back(cmd.name());
    return std::vector<std::string>{"{x}1", "{x}2"};
  };
  const route unknown = route_command(command{"MODULE.CMD", "whatever"}, server);
  EXPECT_EQ(unknown.how, route::kind::slot);
  EXPECT_EQ(unknown.slot, key_slot("x"));
  EXPECT_FALSE(unknown.read_only);
  route_command(command{"SORT", "list", "BY", "w_*", "STORE", "dst"}, server);
  EXPECT_EQ(asked_for, (std::vector<std::string>{"MODULE.CMD", "SORT"}));
  auto keyless = [](const command&) { return std::vector<std::string>{}; };
  EXPECT_EQ(route_command(command{"MODULE.PING"}, keyless).how, route::kind::any);
  const command getkeys = getkeys_command(command{"SORT", "list", "STORE", std::string("d\0st", 4)});
  EXPECT_EQ(getkeys.size(), 6u);
  EXPECT_EQ(getkeys.argument(1), "GETKEYS");
  EXPECT_EQ(getkeys.argument(5), std::string("d\0st", 4));
}

TEST(ClusterRouting, TransactionsNeedOneSlot) {
  EXPECT_EQ(transaction_slot({command{"SET", "{u}a", "1"}, command{"INCR", "{u}b"}, command{"PING"}},
                             never_asked),
            key_slot("u"));
  EXPECT_EQ(transaction_slot({command{"PING"}, command{"TIME"}}, never_asked), -1);
  try {
    transaction_slot({command{"SET", "a", "1"}, command{"GET", "b"}}, never_asked);
    FAIL() << "no cross_slot_error";
  } catch (const cross_slot_error& e) {
    EXPECT_EQ(e.command_name(), "MULTI");
    const std::string what = e.what();
    EXPECT_NE(what.find("'a' (SET)"), std::string::npos) << what;
    EXPECT_NE(what.find("'b' (GET)"), std::string::npos) << what;
  }
}

TEST(ParallelRunner, RunsTasksAtTheSameTimeAndReportsEachFailure) {
  parallel_runner runner(4);
  std::mutex m;
  std::condition_variable cv;
  int arrived = 0;
  // Each task waits for all three: this finishes only when they run at the same time.
  auto meet = [&] {
    std::unique_lock<std::mutex> lock(m);
    ++arrived;
    cv.notify_all();
    if (!cv.wait_for(lock, std::chrono::seconds(10), [&] { return arrived >= 3; })) {
      throw std::runtime_error("tasks did not run in parallel");
    }
  };
  std::vector<std::function<void()>> tasks{meet, meet, meet};
  for (const auto& failure : runner.run_all(tasks)) EXPECT_FALSE(failure);

  std::atomic<int> ran{0};
  std::vector<std::function<void()>> mixed{
      [&] { ++ran; }, [&] { throw std::runtime_error("second"); }, [&] { ++ran; }};
  for (int round = 0; round < 50; ++round) {  // workers are reused across calls
    const auto failures = runner.run_all(mixed);
    ASSERT_EQ(failures.size(), 3u);
    EXPECT_FALSE(failures[0]);
    EXPECT_TRUE(failures[1]);
    EXPECT_FALSE(failures[2]);
  }
  EXPECT_EQ(ran.load(), 100);
  EXPECT_TRUE(runner.run_all({}).empty());
}

}  // namespace
}  // namespace rediscache::detail
