// Slots moved live (MIGRATING/IMPORTING, MIGRATE key by key) under a steady load of reads and
// writes: no caller sees an error, every value read back is the one written.
#include "cluster/cluster_fixture.hpp"
#include "cluster/load.hpp"

#include <algorithm>
#include <iostream>
#include <thread>

namespace rediscache::test {
namespace {

using resharding = cluster_test;

TEST_F(resharding, LiveSlotMovesReturnNoErrorToAnyCaller) {
  // Four hash tags: 4 slots of 20 keys each, moved while the load runs; plus untagged keys.
  std::vector<std::vector<std::string>> key_lists(4);
  for (std::size_t t = 0; t < key_lists.size(); ++t) {
    for (int k = 0; k < 20; ++k) {
      key_lists[t].push_back("{move" + std::to_string(t) + "}:" + std::to_string(k));
      key_lists[t].push_back("stay:" + std::to_string(t) + ":" + std::to_string(k));
    }
  }
  auto exec = make_cluster_executor();
  reset_command_stats(cluster());
  std::vector<std::size_t> targets;
  std::size_t moved_keys = 0;
  {
    steady_load load(exec, key_lists);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    for (std::size_t t = 0; t < key_lists.size(); ++t) {
      const int slot = cluster().key_slot("move" + std::to_string(t));
      const auto primaries = cluster().primaries();
      const std::size_t from = cluster().primary_of(slot);
      const std::size_t to =
          primaries[(std::find(primaries.begin(), primaries.end(), from) - primaries.begin() + 1) %
                    primaries.size()];
      moved_keys += cluster().move_slot(slot, to, std::chrono::milliseconds(10));
      targets.push_back(to);
      EXPECT_EQ(cluster().primary_of(slot), to);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    load.stop();

    std::size_t failed = 0;
    std::size_t reads = 0;
    for (const auto& c : load.calls()) {
      reads += !c.write;
      if (!c.ok && ++failed <= 5) ADD_FAILURE() << (c.write ? "write: " : "read: ") << c.failure;
    }
    EXPECT_EQ(failed, 0u);
    EXPECT_GT(reads, 100u);
    std::cout << "[ resharding ] " << moved_keys << " keys in 4 slots moved under "
              << load.calls().size() << " calls, " << failed << " failed\n";
    for (std::size_t t = 0; t < key_lists.size(); ++t) {
      for (std::size_t k = 0; k < key_lists[t].size(); ++k) {
        EXPECT_EQ(exec->run(command{"GET", key_lists[t][k]}).str(), load.last_written()[t][k]);
      }
    }
  }
  EXPECT_GE(moved_keys, 20u);
  long long asked = 0;
  for (std::size_t to : targets) asked += command_calls(cluster(), to, "asking");
  EXPECT_GT(asked, 0) << "no caller met a key in the middle of its migration";
  for (std::size_t t = 0; t < key_lists.size(); ++t) {
    EXPECT_EQ(exec->primary_for(key_lists[t][0]), cluster().address(targets[t]));
  }
  cluster().wait_until_ready();
}

TEST_F(resharding, TheSlotMapIsReadAgainEveryRefreshInterval) {
  cluster_options often;
  often.seeds = cluster().seeds();
  often.refresh_interval = std::chrono::milliseconds(100);
  cluster_executor refreshing(often, {});
  auto idle = make_cluster_executor();  // refresh_interval 30 s
  const int slot = cluster().key_slot("refreshed");
  const std::size_t from = cluster().primary_of(slot);
  EXPECT_EQ(refreshing.primary_for("refreshed"), cluster().address(from));
  EXPECT_EQ(idle->primary_for("refreshed"), cluster().address(from));
  const auto primaries = cluster().primaries();
  const std::size_t to =
      primaries[(std::find(primaries.begin(), primaries.end(), from) - primaries.begin() + 1) %
                primaries.size()];
  cluster().move_slot(slot, to);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // No call met a redirect: only the periodic refresh can have told the first one.
  EXPECT_EQ(refreshing.primary_for("refreshed"), cluster().address(to));
  EXPECT_EQ(idle->primary_for("refreshed"), cluster().address(from));
}

}  // namespace
}  // namespace rediscache::test
