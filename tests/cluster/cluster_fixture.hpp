#pragma once

#include "support/redis_cluster.hpp"

#include <rediscache/cluster_executor.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace rediscache::test {

// One cluster (3 primaries, 3 replicas) for the whole test binary: ctest runs the binary as one
// test. Tests that kill or move things leave the cluster whole again.
redis_cluster& shared_cluster();

// An executor over the shared cluster, seeded with every node.
std::shared_ptr<cluster_executor> make_cluster_executor(
    read_policy reads = read_policy::primary_only, client_options nodes = {});

// calls= of cmdstat_<name> in node i's INFO commandstats; 0 when the command never ran there.
long long command_calls(const redis_cluster& cluster, std::size_t node, const std::string& name);
// Waits (up to 10 s) until every replica has applied all its primary's writes so far. WAIT would
// only count the writes of the connection it is sent on.
void wait_for_replication(const redis_cluster& cluster);
// CONFIG RESETSTAT on every running node.
void reset_command_stats(const redis_cluster& cluster);

// Starts each test with empty primaries (through redis-cli, not the code under test).
class cluster_test : public ::testing::Test {
 protected:
  void SetUp() override;
  redis_cluster& cluster() { return shared_cluster(); }
};

}  // namespace rediscache::test
