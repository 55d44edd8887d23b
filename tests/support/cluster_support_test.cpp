// Proves redis_cluster with redis-cli only. One cluster for the whole binary (ctest runs the
// binary as one test), torn down at exit.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "support/raw_client.hpp"
#include "support/redis_cluster.hpp"

namespace rediscache::test {
namespace {

redis_cluster& shared_cluster() {
  static const std::unique_ptr<redis_cluster> cluster = std::make_unique<redis_cluster>();
  return *cluster;
}

// Node i as redis-cli -c would reach it: the answer of the node that serves key.
std::string owner_command(redis_cluster& cluster, const std::string& key,
                          const std::vector<std::string>& args) {
  return cluster.command(cluster.primary_of(cluster.key_slot(key)), args);
}

TEST(RedisCluster, ThreePrimariesEachWithAReplicaServeEverySlot) {
  redis_cluster& cluster = shared_cluster();
  ASSERT_EQ(cluster.size(), 6u);
  const auto primaries = cluster.primaries();
  ASSERT_EQ(primaries.size(), 3u);
  std::set<std::size_t> everyone(primaries.begin(), primaries.end());
  for (std::size_t p : primaries) {
    const auto replicas = cluster.replicas_of(p);
    ASSERT_EQ(replicas.size(), 1u) << cluster.address(p);
    everyone.insert(replicas.front());
    EXPECT_EQ(cluster.command(replicas.front(), {"ROLE"}).substr(0, 5), "slave");
  }
  EXPECT_EQ(everyone.size(), 6u);
  EXPECT_EQ(cluster.key_slot("foo"), 12182);  // the example in the Redis Cluster specification
  EXPECT_EQ(cluster.key_slot("{user1000}.following"), cluster.key_slot("user1000"));
  for (int slot : {0, 5000, 12182, 16383}) EXPECT_NO_THROW(cluster.primary_of(slot));
  EXPECT_EQ(cluster.seeds().size(), 6u);
}

TEST(RedisCluster, MovedSlotTakesItsKeysAndTheOldOwnerRedirects) {
  redis_cluster& cluster = shared_cluster();
  const std::string key = "support:move";
  const int slot = cluster.key_slot(key);
  const std::size_t from = cluster.primary_of(slot);
  EXPECT_EQ(cluster.command(from, {"SET", key, "carried"}), "OK");
  std::size_t to = from;
  for (std::size_t p : cluster.primaries()) {
    if (p != from) to = p;
  }
  EXPECT_EQ(cluster.move_slot(slot, to), 1u);
  EXPECT_EQ(cluster.primary_of(slot), to);
  EXPECT_EQ(cluster.command(to, {"GET", key}), "carried");
  EXPECT_EQ(cluster.command(from, {"GET", key}).substr(0, 5), "MOVED");
  EXPECT_EQ(cluster.move_slot(slot, to), 0u);  // already there
  cluster.wait_until_ready();
}

TEST(RedisCluster, KilledPrimaryIsReplacedByItsReplicaAndRejoinsAsReplica) {
  redis_cluster& cluster = shared_cluster();
  const std::string key = "support:failover";
  const std::size_t primary = cluster.primary_of(cluster.key_slot(key));
  const std::size_t replica = cluster.replicas_of(primary).front();
  EXPECT_EQ(owner_command(cluster, key, {"SET", key, "kept"}), "OK");
  EXPECT_EQ(cluster.command(primary, {"WAIT", "1", "2000"}), "1");
  cluster.kill(primary);
  EXPECT_FALSE(cluster.node(primary).running());
  EXPECT_EQ(cluster.wait_for_promotion(primary), replica);
  EXPECT_EQ(cluster.command(replica, {"GET", key}), "kept");
  cluster.restart(primary);
  EXPECT_EQ(cluster.command(primary, {"ROLE"}).substr(0, 5), "slave");
  EXPECT_EQ(cluster.replicas_of(replica), std::vector<std::size_t>{primary});
}

TEST(RedisCluster, PausedNodeAnswersNothingUntilResumed) {
  redis_cluster& cluster = shared_cluster();
  const std::size_t primary = cluster.primaries().front();
  auto client = raw_client::tcp(cluster.node(primary).host(), cluster.node(primary).port());
  ASSERT_GE(client.fd(), 0);
  // Shorter than the node timeout, so that the cluster does not fail the node over meanwhile.
  cluster.pause(primary);
  EXPECT_EQ(client.round_trip("*1\r\n$4\r\nPING\r\n", std::chrono::milliseconds(200)), "");
  cluster.resume(primary);
  EXPECT_EQ(client.read_line(std::chrono::seconds(2)), "+PONG\r\n");
  cluster.wait_until_ready();
}

}  // namespace
}  // namespace rediscache::test
