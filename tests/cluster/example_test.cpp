// Runs examples/topology_cluster.cpp against the shared cluster.
#include "cluster/cluster_fixture.hpp"
#include "examples/run_example.hpp"

#include <string>

namespace rediscache::test {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(cluster_test, TheClusterExampleRuns) {
  std::string seeds;
  for (const auto& seed : cluster().seeds()) seeds += (seeds.empty() ? "" : ",") + seed;
  auto r = run(std::string(EXAMPLE_TOPOLOGY_CLUSTER) + " redis+cluster://" + seeds);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "get_many found 100 of 100")) << r.output;
  EXPECT_TRUE(contains(r.output, "keys on the whole cluster: 100")) << r.output;
  EXPECT_TRUE(contains(r.output, "motd moved to version 2")) << r.output;
  EXPECT_TRUE(contains(r.output, "fencing token: 1")) << r.output;
  EXPECT_TRUE(contains(r.output, "untagged fenced lock refused before sending: EVALSHA"))
      << r.output;
  EXPECT_TRUE(contains(r.output, "subscriber heard: player:7 scored")) << r.output;
  EXPECT_TRUE(contains(r.output, "waiter woke before its first poll: yes")) << r.output;
  // The data is really on the cluster, spread over the primaries.
  std::size_t holding = 0;
  for (std::size_t p : cluster().primaries()) {
    holding += std::stoll(cluster().command(p, {"DBSIZE"})) > 0 ? 1 : 0;
  }
  EXPECT_EQ(holding, cluster().primaries().size());
}

}  // namespace
}  // namespace rediscache::test
