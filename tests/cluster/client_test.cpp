// Typed commands through client over a cluster: pipelines split per node, single-slot transactions.
#include "cluster/cluster_fixture.hpp"

#include <rediscache/client.hpp>
#include <rediscache/commands/strings.hpp>
#include <rediscache/error.hpp>

namespace rediscache::test {
namespace {

class cluster_client : public cluster_test {
 protected:
  client redis{make_cluster_executor()};
};

TEST_F(cluster_client, PipelinesAreSplitPerNodeAndAnsweredInOrder) {
  reset_command_stats(cluster());
  auto [a, b, c, all] = redis.pipeline(cmd::set("pa", "1"), cmd::set("pb", "2"), cmd::incr("pc", 5),
                                       cmd::mget({"pa", "pb", "pc", "pd"}));
  EXPECT_TRUE(a.value());
  EXPECT_TRUE(b.value());
  EXPECT_EQ(c.value(), 5);
  EXPECT_EQ(all.value(), (std::vector<std::optional<std::string>>{"1", "2", "5", std::nullopt}));
  long long sets = 0;
  std::size_t nodes_with_sets = 0;
  for (std::size_t p : cluster().primaries()) {
    const long long here = command_calls(cluster(), p, "set");
    sets += here;
    nodes_with_sets += here > 0;
  }
  EXPECT_EQ(sets, 2);
  EXPECT_EQ(nodes_with_sets, cluster().primary_of(cluster().key_slot("pa")) ==
                                     cluster().primary_of(cluster().key_slot("pb"))
                                 ? 1u
                                 : 2u);

  batch many;
  std::vector<queued<long long>> counts;
  for (int i = 0; i < 60; ++i) counts.push_back(many.add(cmd::incr("n:" + std::to_string(i % 20))));
  redis.run(many);
  for (int i = 0; i < 60; ++i) EXPECT_EQ(counts[static_cast<std::size_t>(i)].get(), i / 20 + 1);
}

TEST_F(cluster_client, TransactionAcrossSlotsFailsWithNothingSent) {
  reset_command_stats(cluster());
  try {
    redis.transaction(cmd::set("from", "1"), cmd::set("to", "2"));
    FAIL() << "no cross_slot_error";
  } catch (const cross_slot_error& e) {
    EXPECT_EQ(e.command_name(), "MULTI");
    EXPECT_NE(std::string(e.what()).find("'from' (SET)"), std::string::npos) << e.what();
  }
  batch b;
  b.add(cmd::incr("x"));
  b.add(cmd::incr("y"));
  EXPECT_THROW(redis.run_transaction(b), cross_slot_error);
  for (std::size_t i = 0; i < cluster().size(); ++i) {
    EXPECT_EQ(command_calls(cluster(), i, "multi"), 0);
    EXPECT_EQ(command_calls(cluster(), i, "set"), 0);
    EXPECT_EQ(command_calls(cluster(), i, "incrby"), 0);
  }
}

TEST_F(cluster_client, HashTaggedTransactionCommitsOnItsNode) {
  auto tx = redis.transaction(cmd::set("{acct}:from", "70"), cmd::incr("{acct}:to", 30),
                              cmd::get("{acct}:from"));
  ASSERT_TRUE(tx.committed());
  EXPECT_EQ(std::get<1>(tx.results).value(), 30);
  EXPECT_EQ(std::get<2>(tx.results).value(), "70");
  const std::size_t owner = cluster().primary_of(cluster().key_slot("acct"));
  EXPECT_GE(command_calls(cluster(), owner, "exec"), 1);
  EXPECT_EQ(cluster().command(owner, {"GET", "{acct}:to"}), "30");

  const auto moved = redis.watch({"{acct}:from", "{acct}:to"}, [](watch_context& w) {
    const long long from = std::stoll(*w.run(cmd::get("{acct}:from")));
    w.queue(cmd::set("{acct}:from", std::to_string(from - 10)));
    return w.queue(cmd::incr("{acct}:to", 10));
  });
  EXPECT_EQ(moved.get(), 40);
  EXPECT_EQ(redis.run(cmd::get("{acct}:from")), "60");
}

}  // namespace
}  // namespace rediscache::test
