// A primary killed under load: its slots resume once its replica takes over, the others never
// stop. A command that timed out is not sent again. Replica reads land on replicas and survive a
// replica going down.
#include "cluster/cluster_fixture.hpp"
#include "cluster/load.hpp"

#include <rediscache/error.hpp>

#include <iostream>

namespace rediscache::test {
namespace {

using failover = cluster_test;
using clock_type = std::chrono::steady_clock;

double ms_between(clock_type::time_point from, clock_type::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// Keys of one primary each: the load's owner p writes only to primaries[p].
std::vector<std::vector<std::string>> keys_per_primary(redis_cluster& cluster,
                                                       const std::vector<std::size_t>& primaries) {
  std::vector<std::vector<std::string>> lists(primaries.size());
  for (int i = 0; lists[0].size() < 12 || lists[1].size() < 12 || lists[2].size() < 12; ++i) {
    const std::string key = "fo:" + std::to_string(i);
    const std::size_t owner = cluster.primary_of(cluster.key_slot(key));
    const auto at = static_cast<std::size_t>(std::find(primaries.begin(), primaries.end(), owner) -
                                             primaries.begin());
    if (lists[at].size() < 12) lists[at].push_back(key);
  }
  return lists;
}

TEST_F(failover, KilledPrimarysSlotsResumeAfterItsReplicaTakesOverOthersNeverStop) {
  const auto primaries = cluster().primaries();
  ASSERT_EQ(primaries.size(), 3u);
  const std::size_t victim = 0;  // owner index in the load
  auto exec = make_cluster_executor();
  const auto key_lists = keys_per_primary(cluster(), primaries);
  steady_load load(exec, key_lists);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  const auto killed_at = clock_type::now();
  cluster().kill(primaries[victim]);
  const std::size_t promoted = cluster().wait_for_promotion(primaries[victim]);
  const auto promoted_at = clock_type::now();
  // Run until the victim's slots have taken writes for a while again (or give up).
  clock_type::time_point resumed_at{};
  while (clock_type::now() - killed_at < std::chrono::seconds(20)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    clock_type::time_point last_failure = killed_at;
    for (const auto& c : load.calls()) {
      if (c.owner == victim && c.write && !c.ok) last_failure = std::max(last_failure, c.end);
    }
    resumed_at = {};
    for (const auto& c : load.calls()) {
      if (c.owner == victim && c.write && c.ok && c.start > last_failure &&
          (resumed_at == clock_type::time_point{} || c.end < resumed_at)) {
        resumed_at = c.end;
      }
    }
    if (resumed_at != clock_type::time_point{} &&
        clock_type::now() - resumed_at > std::chrono::milliseconds(500))
      break;
  }
  load.stop();

  ASSERT_NE(resumed_at, clock_type::time_point{})
      << "writes to the killed primary's slots never resumed";
  std::size_t victim_failures = 0;
  std::size_t others_during_outage = 0;
  double others_slowest = 0;
  for (const auto& c : load.calls()) {
    if (c.owner == victim) {
      victim_failures += !c.ok;
      continue;
    }
    EXPECT_TRUE(c.ok) << "a call to a healthy primary failed: " << c.failure;
    if (c.start >= killed_at && c.end <= resumed_at) {
      ++others_during_outage;
      others_slowest = std::max(others_slowest, ms_between(c.start, c.end));
    }
  }
  EXPECT_GT(others_during_outage, 20u) << "the other primaries' slots stopped during the failover";
  std::cout << "[ failover ] replica promoted " << ms_between(killed_at, promoted_at)
            << " ms after the kill; writes resumed " << ms_between(killed_at, resumed_at)
            << " ms after the kill (" << ms_between(promoted_at, resumed_at)
            << " ms after the promotion was visible); " << victim_failures
            << " failed calls on its slots; other slots: " << others_during_outage
            << " calls during the outage, slowest " << others_slowest << " ms\n";
  RecordProperty("promoted_ms", static_cast<int>(ms_between(killed_at, promoted_at)));
  RecordProperty("resumed_ms", static_cast<int>(ms_between(killed_at, resumed_at)));

  EXPECT_EQ(exec->primary_for(key_lists[victim].front()), cluster().address(promoted));
  cluster().restart(primaries[victim]);  // rejoins as a replica of the promoted node
  EXPECT_EQ(cluster().replicas_of(promoted), std::vector<std::size_t>{primaries[victim]});
}

TEST_F(failover, ACommandThatTimedOutIsNotSentAgain) {
  client_options quick;
  quick.connection.socket_timeout = std::chrono::milliseconds(150);
  auto exec = make_cluster_executor(read_policy::primary_only, quick);
  exec->run(command{"SET", "once", "0"});
  const std::size_t owner = cluster().primary_of(cluster().key_slot("once"));
  // Paused for less than the cluster's node timeout, so no failover starts meanwhile.
  cluster().pause(owner);
  EXPECT_THROW(exec->run(command{"INCR", "once"}), timeout_error);
  cluster().resume(owner);
  // The paused node runs the INCR it had received (maybe after this GET); nobody sent a second one.
  const auto deadline = clock_type::now() + std::chrono::seconds(2);
  while (exec->run(command{"GET", "once"}).str() == "0" && clock_type::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(exec->run(command{"GET", "once"}).str(), "1");
  cluster().wait_until_ready();
}

TEST_F(failover, ReplicaReadsLandOnReplicasAndSurviveAReplicaGoingDown) {
  for (const read_policy policy :
       {read_policy::round_robin, read_policy::random, read_policy::lowest_latency}) {
    auto exec = make_cluster_executor(policy);
    for (int i = 0; i < 30; ++i)
      exec->run(command{"SET", "rr:" + std::to_string(i), std::to_string(i)});
    wait_for_replication(cluster());
    reset_command_stats(cluster());
    for (int i = 0; i < 30; ++i) {
      EXPECT_EQ(
          exec->run(command{{"GET", "rr:" + std::to_string(i)}, idempotency::idempotent}).str(),
          std::to_string(i));
    }
    const reply many =
        exec->run(command{{"MGET", "rr:1", "rr:2", "rr:3"}, idempotency::idempotent});
    EXPECT_EQ(many.elements()[2].str(), "3");
    exec->run(command{"SET", "rr:written", "x"});
    long long replica_gets = 0;
    long long replica_mgets = 0;
    for (std::size_t p : cluster().primaries()) {
      for (const char* read : {"get", "mget"}) {
        EXPECT_EQ(command_calls(cluster(), p, read), 0)
            << "a read reached primary " << cluster().address(p);
      }
      EXPECT_EQ(command_calls(cluster(), p, "set"),
                1 * (cluster().primary_of(cluster().key_slot("rr:written")) == p));
      for (std::size_t r : cluster().replicas_of(p)) {
        replica_gets += command_calls(cluster(), r, "get");
        replica_mgets += command_calls(cluster(), r, "mget");
      }
    }
    EXPECT_GE(replica_gets, 30);
    EXPECT_GE(replica_mgets, 1);
  }

  auto exec = make_cluster_executor(read_policy::round_robin);
  const std::size_t primary = cluster().primary_of(cluster().key_slot("rr:0"));
  const std::size_t replica = cluster().replicas_of(primary).front();
  cluster().kill(replica);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 30; ++i) {
      EXPECT_EQ(
          exec->run(command{{"GET", "rr:" + std::to_string(i)}, idempotency::idempotent}).str(),
          std::to_string(i));
    }
  }
  cluster().restart(replica);
}

}  // namespace
}  // namespace rediscache::test
