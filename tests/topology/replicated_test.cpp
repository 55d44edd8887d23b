// A primary and two replicas (real redis-server processes, replicaof): where reads and writes land
// (INFO commandstats), read-your-writes, forced primary reads, and replicas that die, break, lag
// or are not ours.
#include "support/fault_proxy.hpp"
#include "topology/replication_group.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>
#include <rediscache/primary_reads.hpp>
#include <rediscache/pubsub/publish.hpp>
#include <rediscache/pubsub/subscriber.hpp>
#include <rediscache/redis_backend.hpp>
#include <rediscache/replicated_executor.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::calls;
using rediscache::test::fault_proxy;
using rediscache::test::redis_server;
using rediscache::test::replication_group;

namespace {

class replicated : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { group_ = std::make_unique<replication_group>(2); }
  static void TearDownTestSuite() { group_.reset(); }

  void SetUp() override {
    for (std::size_t i = 0; i < group_->size(); ++i) {
      if (!group_->replica(i).running()) group_->replica(i).restart();
      group_->follow_primary(i);
    }
    group_->primary().command({"FLUSHALL"});
    group_->wait_synced();
  }

  // Checks run only when the test asks (check_now), besides the first one at construction.
  std::shared_ptr<replicated_executor> make(replica_options o = {},
                                            std::vector<client_options> replicas = {}) {
    if (o.check_interval == replica_options{}.check_interval) o.check_interval = 60s;
    if (replicas.empty()) replicas = group_->replica_options();
    auto exec = std::make_shared<replicated_executor>(group_->primary_options(), replicas, o);
    exec->check_now();
    return exec;
  }

  static cache cache_on(const std::shared_ptr<executor>& exec) {
    return cache(std::make_shared<redis_backend>(exec));
  }

  // Writes n keys through the cache, waits for the replicas, and zeroes the statistics.
  void fill(const cache& c, int n) {
    for (int i = 0; i < n; ++i) c.set("k" + std::to_string(i), i);
    group_->wait_synced();
    group_->reset_stats();
  }

  static long long replica_gets() {
    return calls(group_->replica(0), "get") + calls(group_->replica(1), "get");
  }

  static std::unique_ptr<replication_group> group_;
};

std::unique_ptr<replication_group> replicated::group_;

TEST_F(replicated, ReadsGoToReplicasAndWritesToThePrimary) {
  auto exec = make();
  auto c = cache_on(exec);
  fill(c, 10);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(c.get<int>("k" + std::to_string(i % 10)), i % 10);
  EXPECT_EQ(calls(group_->primary(), "get"), 0);
  EXPECT_EQ(replica_gets(), 40);
  EXPECT_GT(calls(group_->replica(0), "get"), 0);  // random: both serve (1 in 2^39 to fail)
  EXPECT_GT(calls(group_->replica(1), "get"), 0);

  for (int i = 0; i < 5; ++i) c.set("w" + std::to_string(i), i);
  c.incr("k1");
  EXPECT_EQ(calls(group_->primary(), "set"), 5);
  EXPECT_EQ(calls(group_->primary(), "incrby"), 1);
}

TEST_F(replicated, RoundRobinTakesTheReplicasInTurn) {
  replica_options o;
  o.reads = read_policy::round_robin;
  auto c = cache_on(make(o));
  fill(c, 4);
  for (int i = 0; i < 20; ++i) c.get<int>("k1");
  EXPECT_EQ(calls(group_->replica(0), "get"), 10);
  EXPECT_EQ(calls(group_->replica(1), "get"), 10);
  EXPECT_EQ(calls(group_->primary(), "get"), 0);
}

TEST_F(replicated, LowestLatencyPrefersTheFasterReplica) {
  // Replica 0 is reached through a proxy adding 20 ms each way.
  fault_proxy slow(group_->replica(0).host(), group_->replica(0).port());
  slow.delay(20ms);
  auto replicas = group_->replica_options();
  replicas[0].connection.port = slow.port();
  replica_options o;
  o.reads = read_policy::lowest_latency;
  auto exec = make(o, replicas);
  auto c = cache_on(exec);
  fill(c, 4);
  const auto status = exec->replicas();
  ASSERT_TRUE(status[0].usable) << status[0].problem;
  ASSERT_TRUE(status[1].usable) << status[1].problem;
  EXPECT_GE(status[0].latency, 20ms);
  EXPECT_LT(status[1].latency, status[0].latency);
  for (int i = 0; i < 10; ++i) c.get<int>("k2");
  EXPECT_EQ(calls(group_->replica(1), "get"), 10);
  EXPECT_EQ(calls(group_->replica(0), "get"), 0);
}

TEST_F(replicated, PrimaryOnlyNeverReadsFromAReplica) {
  replica_options o;
  o.reads = read_policy::primary_only;
  auto c = cache_on(make(o));
  fill(c, 4);
  for (int i = 0; i < 10; ++i) c.get<int>("k3");
  EXPECT_EQ(calls(group_->primary(), "get"), 10);
  EXPECT_EQ(replica_gets(), 0);
}

TEST_F(replicated, ReadYourWritesSendsReadsOfWrittenKeysToThePrimary) {
  replica_options o;
  o.read_your_writes = 400ms;
  auto c = cache_on(make(o));
  fill(c, 4);
  std::this_thread::sleep_for(500ms);  // forget fill()'s writes
  c.set("mine", 7);
  EXPECT_EQ(c.get<int>("mine"), 7);
  EXPECT_EQ(c.get_many<int>({"mine", "k1"}).size(), 2u);  // one of its keys was written
  EXPECT_EQ(calls(group_->primary(), "get"), 1);
  EXPECT_EQ(calls(group_->primary(), "mget"), 1);
  c.get<int>("k1");  // not written by us: a replica
  EXPECT_EQ(replica_gets(), 1);
  std::this_thread::sleep_for(600ms);  // the record forgets the write
  c.get<int>("mine");
  EXPECT_EQ(calls(group_->primary(), "get"), 1);
  EXPECT_EQ(replica_gets(), 2);
}

TEST_F(replicated, WithoutReadYourWritesAFreshWriteIsReadFromAReplica) {
  auto c = cache_on(make());
  fill(c, 1);
  c.set("mine", 7);
  c.get<int>("mine");  // may be stale: this is what read_your_writes is for
  EXPECT_EQ(calls(group_->primary(), "get"), 0);
  EXPECT_EQ(replica_gets(), 1);
}

TEST_F(replicated, PrimaryReadsScopeForcesThePrimaryOnItsThread) {
  auto exec = make();
  auto c = cache_on(exec);
  fill(c, 4);
  {
    primary_reads fresh;
    EXPECT_TRUE(primary_reads::active());
    {
      primary_reads nested;
    }
    EXPECT_TRUE(primary_reads::active());  // still inside the outer scope
    c.get<int>("k1");
    std::thread([&] { c.get<int>("k2"); }).join();  // another thread: not in the scope
  }
  EXPECT_FALSE(primary_reads::active());
  c.get<int>("k1");
  EXPECT_EQ(calls(group_->primary(), "get"), 1);
  EXPECT_EQ(replica_gets(), 2);

  auto on_primary = cache_on(reads_from_primary(exec));
  on_primary.get<int>("k1");
  on_primary.get<int>("k2");
  EXPECT_EQ(calls(group_->primary(), "get"), 3);
}

TEST_F(replicated, BatchesOfReadsGoToAReplicaAndAnythingElseToThePrimary) {
  auto exec = make();
  auto c = cache_on(exec);
  fill(c, 4);
  auto replies = exec->run_batch({command{"GET", ":1:k1"}, command{"EXISTS", ":1:k2"}});
  EXPECT_EQ(replies[0].str(), "1");
  EXPECT_EQ(replies[1].integer(), 1);
  EXPECT_EQ(replica_gets(), 1);
  exec->run_batch({command{"GET", ":1:k1"}, command{"SET", "x", "1"}});
  EXPECT_EQ(calls(group_->primary(), "get"), 1);
  auto t = exec->run_transaction({command{"GET", ":1:k1"}});
  EXPECT_EQ(calls(group_->primary(), "exec"), 1);
  EXPECT_EQ(t.replies.at(0).str(), "1");
  exec->with_connection("k1", [](connection& conn) {
    EXPECT_EQ(conn.execute(command{"ROLE"}).elements().at(0).str(), "master");
  });
  // An unknown command could write: the primary.
  EXPECT_THROW(exec->run(command{"NOSUCHCOMMAND"}), reply_error);
}

TEST_F(replicated, KeysScanOnAReplicaAndContinueOnTheSameOne) {
  auto c = cache_on(make());
  fill(c, 300);  // several SCAN pages
  EXPECT_EQ(c.keys("k*").size(), 300u);
  EXPECT_EQ(calls(group_->primary(), "scan"), 0);
  const long long on0 = calls(group_->replica(0), "scan");
  const long long on1 = calls(group_->replica(1), "scan");
  EXPECT_GT(on0 + on1, 1);
  EXPECT_TRUE(on0 == 0 || on1 == 0) << "one scan, one node: " << on0 << " and " << on1;
}

TEST_F(replicated, KillingAReplicaUnderLoadLosesNoRead) {
  auto exec = make();
  auto c = cache_on(exec);
  fill(c, 10);
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        try {
          if (c.get<int>("k" + std::to_string((i + t) % 10)) != (i + t) % 10) ++wrong;
        } catch (const std::exception&) {
          ++wrong;
        }
        ++reads;
      }
    });
  }
  std::this_thread::sleep_for(200ms);
  group_->replica(0).kill();
  std::this_thread::sleep_for(500ms);
  const int after_kill = reads;
  std::this_thread::sleep_for(300ms);
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(wrong, 0) << "of " << reads << " reads";
  EXPECT_GT(reads - after_kill, 0);
  const auto status = exec->replicas();
  EXPECT_FALSE(status[0].usable);
  EXPECT_TRUE(status[1].usable) << status[1].problem;
  EXPECT_GT(calls(group_->replica(1), "get"), 0);

  // It comes back after a check finds it healthy again.
  group_->replica(0).restart();
  group_->wait_synced();
  exec->check_now();
  EXPECT_TRUE(exec->replicas()[0].usable) << exec->replicas()[0].problem;
}

TEST_F(replicated, AReplicaWithItsLinkDownIsSkippedUntilItRecovers) {
  replica_options o;
  o.reads = read_policy::round_robin;
  auto exec = make(o);
  auto c = cache_on(exec);
  fill(c, 4);
  redis_server gone;
  const std::uint16_t dead_port = gone.port();
  gone.stop();
  group_->follow(0, "127.0.0.1", dead_port);
  exec->check_now();
  auto status = exec->replicas();
  EXPECT_FALSE(status[0].usable);
  EXPECT_NE(status[0].problem.find("link"), std::string::npos) << status[0].problem;
  group_->reset_stats();
  for (int i = 0; i < 6; ++i) c.get<int>("k1");
  EXPECT_EQ(calls(group_->replica(1), "get"), 6);
  EXPECT_EQ(calls(group_->replica(0), "get"), 0);

  group_->follow_primary(0);
  group_->wait_synced();
  exec->check_now();
  EXPECT_TRUE(exec->replicas()[0].usable) << exec->replicas()[0].problem;
  for (int i = 0; i < 6; ++i) c.get<int>("k1");
  EXPECT_EQ(calls(group_->replica(0), "get"), 3);
}

TEST_F(replicated, ALaggingReplicaIsSkipped) {
  // Replica 0 follows the primary through a proxy that starts holding the stream back.
  fault_proxy link(group_->primary().host(), group_->primary().port());
  group_->follow(0, link.host(), link.port());
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (test::replication_field(group_->replica(0), "master_link_status") != "up") {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "replica 0 did not resync";
    std::this_thread::sleep_for(20ms);
  }
  replica_options o;
  o.max_lag = 300ms;
  auto exec = make(o);
  auto c = cache_on(exec);
  ASSERT_TRUE(exec->replicas()[0].usable) << exec->replicas()[0].problem;
  link.delay(3s);
  c.set("fresh", 1);
  for (int i = 0; i < 6; ++i) {
    std::this_thread::sleep_for(100ms);
    exec->check_now();
  }
  auto status = exec->replicas();
  EXPECT_FALSE(status[0].usable);
  EXPECT_NE(status[0].problem.find("lags"), std::string::npos) << status[0].problem;
  EXPECT_TRUE(status[1].usable) << status[1].problem;
  group_->reset_stats();
  for (int i = 0; i < 6; ++i) c.get<int>("fresh");
  EXPECT_EQ(calls(group_->replica(1), "get"), 6);

  link.pass();
  const auto caught_up = std::chrono::steady_clock::now() + 10s;
  while (!exec->replicas()[0].usable) {
    ASSERT_LT(std::chrono::steady_clock::now(), caught_up) << exec->replicas()[0].problem;
    std::this_thread::sleep_for(100ms);
    exec->check_now();
  }
}

TEST_F(replicated, ANodeThatIsNotAReplicaOfOurPrimaryIsNeverRead) {
  redis_server standalone;  // a primary of its own
  redis_server elsewhere{test::quick_sync()};  // another deployment's primary, followed by replica 0
  standalone.command({"SET", ":1:k1", "99"});
  group_->follow(0, elsewhere.host(), elsewhere.port());
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (test::replication_field(group_->replica(0), "master_link_status") != "up") {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "replica 0 did not sync";
    std::this_thread::sleep_for(20ms);
  }
  auto replicas = group_->replica_options();
  replicas[1].connection.port = standalone.port();
  auto exec = make({}, replicas);
  auto c = cache_on(exec);
  c.set("k1", 1);
  const auto status = exec->replicas();
  EXPECT_FALSE(status[0].usable);
  EXPECT_NE(status[0].problem.find("does not follow our primary"), std::string::npos)
      << status[0].problem;
  EXPECT_FALSE(status[1].usable);
  EXPECT_NE(status[1].problem.find("role is master"), std::string::npos) << status[1].problem;
  group_->reset_stats();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.get<int>("k1"), 1);  // never the standalone's 99
  EXPECT_EQ(calls(group_->primary(), "get"), 5);
  EXPECT_EQ(calls(standalone, "get"), 0);
}

TEST_F(replicated, SubscribersAndPublishersMeetOnThePrimary) {
  auto c = cache_on(make());
  group_->reset_stats();
  std::promise<std::string> got;
  subscriber sub(c);  // connects where the executor says: the primary
  ASSERT_TRUE(sub.subscribe("news", [&](const pubsub_message& m) { got.set_value(m.payload); }));
  EXPECT_EQ(publish(c, "news", "hello"), 1);
  auto arrived = got.get_future();
  ASSERT_EQ(arrived.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(arrived.get(), "hello");
  EXPECT_EQ(calls(group_->primary(), "subscribe"), 1);
}

TEST_F(replicated, BadOptionsAreConfigErrors) {
  replica_options o;
  o.max_lag = 0ms;
  EXPECT_THROW(replicated_executor(group_->primary_options(), {}, o), config_error);
  o = {};
  o.check_interval = -1ms;
  EXPECT_THROW(replicated_executor(group_->primary_options(), {}, o), config_error);
}

}  // namespace
