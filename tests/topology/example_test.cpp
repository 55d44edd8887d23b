// Runs examples/topology_replicas.cpp against a primary and two replicas.
#include "examples/run_example.hpp"
#include "topology/replication_group.hpp"
#include "topology/sentinel_group.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rediscache::test {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(TopologyExamples, TheReplicasExampleReadsFromReplicasAndItsOwnWritesFromThePrimary) {
  replication_group group(2);
  group.wait_synced();
  group.reset_stats();
  auto r = run(std::string(EXAMPLE_TOPOLOGY_REPLICAS) + " " + group.url(group.primary()) + " " +
               group.url(group.replica(0)) + " " + group.url(group.replica(1)));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, ": usable")) << r.output;
  EXPECT_TRUE(contains(r.output, "own write read back: 12")) << r.output;
  EXPECT_TRUE(contains(r.output, "in a primary_reads scope: 12")) << r.output;
  // A replica may still lag 600 ms after the write on a loaded machine (the example says so):
  // the value read is the write or a miss, never anything else; where it was read is below.
  EXPECT_TRUE(contains(r.output, "read from a replica: 12") ||
              contains(r.output, "read from a replica: -1"))
      << r.output;
  // Two reads on the primary (the window and the scope), the last one on a replica.
  EXPECT_EQ(calls(group.primary(), "get"), 2);
  EXPECT_EQ(calls(group.replica(0), "get") + calls(group.replica(1), "get"), 1);
  EXPECT_EQ(calls(group.primary(), "set"), 1);
}

TEST(TopologyExamples, TheSentinelExampleWritesToThePrimaryTheSentinelsName) {
  sentinel_group group;
  group.wait_stable();
  auto r = run(std::string(EXAMPLE_TOPOLOGY_SENTINEL) + " redis+sentinel://" + group.url_hosts() +
               "/" + sentinel_group::service);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "read back: hello through sentinel")) << r.output;
  EXPECT_TRUE(contains(r.output, "primary: " + group.primary_address())) << r.output;
  // The executor lists the replicas once a SENTINEL replicas answer came back, which on a loaded
  // machine may be after the example printed them: none yet, or both.
  EXPECT_TRUE(contains(r.output, "replicas known: 2") || contains(r.output, "replicas known: 0"))
      << r.output;
  EXPECT_TRUE(contains(r.output, "subscriber heard: primary elected")) << r.output;
  EXPECT_EQ(group.server_at(group.primary_address())->command({"EXISTS", ":1:greeting"}), "1");
}

}  // namespace
}  // namespace rediscache::test
