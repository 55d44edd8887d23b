// cluster_executor against a real cluster: where commands land, splits, fan-outs, SCAN, errors.
#include "cluster/cluster_fixture.hpp"
#include "cluster/key_slot.hpp"

#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>

#include <random>
#include <set>

namespace rediscache::test {
namespace {

using routing = cluster_test;

std::vector<std::string> random_keys(std::size_t count) {
  std::mt19937 rng(20240607);
  const std::string alphabet = "ab{}{}:xyz0123456789";
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < count; ++i) {
    std::string key;
    const std::size_t length = 1 + rng() % 12;
    for (std::size_t c = 0; c < length; ++c) {
      // Mostly tag-heavy text, sometimes any byte.
      key += rng() % 8 == 0 ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
    }
    keys.push_back(key);
  }
  keys.insert(keys.end(), {"{user1000}.following", "user1000", "foo{}{bar}", "foo{{bar}}zap",
                           "foo{bar}{zap}", "{}", "}{", "{a}", ""});
  return keys;
}

TEST_F(routing, KeySlotAgreesWithClusterKeyslot) {
  auto exec = make_cluster_executor();
  const auto keys = random_keys(2000);
  std::vector<command> asks;
  for (const auto& k : keys) asks.push_back(command{"CLUSTER", "KEYSLOT", k});
  const auto replies = exec->run_batch(asks);
  ASSERT_EQ(replies.size(), keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(replies[i].integer(), rediscache::detail::key_slot(keys[i])) << "key #" << i;
  }
}

TEST_F(routing, EachKeyIsStoredOnTheNodeServingItsSlot) {
  auto exec = make_cluster_executor();
  std::set<std::size_t> nodes_used;
  for (int i = 0; i < 30; ++i) {
    const std::string key = "placed:" + std::to_string(i);
    EXPECT_TRUE(exec->run(command{"SET", key, "v" + std::to_string(i)}).is_ok());
    const std::size_t owner = cluster().primary_of(cluster().key_slot(key));
    EXPECT_EQ(cluster().command(owner, {"GET", key}), "v" + std::to_string(i));
    EXPECT_EQ(exec->primary_for(key), cluster().address(owner));
    nodes_used.insert(owner);
  }
  EXPECT_EQ(nodes_used.size(), 3u);
  EXPECT_EQ(exec->primaries().size(), 3u);
}

TEST_F(routing, PerKeyCommandsAcrossSlotsAreSplitAndMerged) {
  auto exec = make_cluster_executor();
  command mset{"MSET"};
  command mget{"MGET"};
  for (int i = 0; i < 20; ++i) {
    mset.arg("m:" + std::to_string(i)).arg("value " + std::to_string(i));
    mget.arg("m:" + std::to_string(i));
  }
  mget.arg("m:missing");
  EXPECT_TRUE(exec->run(mset).is_ok());
  const reply values = exec->run(mget);
  ASSERT_EQ(values.elements().size(), 21u);
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(values.elements()[static_cast<std::size_t>(i)].str(), "value " + std::to_string(i));
  EXPECT_TRUE(values.elements()[20].is_nil());
  // MGET's answer for a key of another type is nil, also in a merged reply.
  exec->run(command{"RPUSH", "m:list", "x"});
  const reply with_list = exec->run(command{"MGET", "m:0", "m:list", "m:1", "m:2", "m:3"});
  EXPECT_TRUE(with_list.elements()[1].is_nil());
  EXPECT_EQ(with_list.elements()[4].str(), "value 3");
  exec->run(command{"DEL", "m:list"});
  EXPECT_EQ(exec->run(command{"EXISTS", "m:1", "m:2", "m:missing", "m:1"}).integer(), 3);
  EXPECT_EQ(exec->run(command{"TOUCH", "m:3", "m:4"}).integer(), 2);
  EXPECT_EQ(exec->run(command{"DEL", "m:1", "m:2", "m:missing"}).integer(), 2);
  EXPECT_EQ(exec->run(command{"UNLINK", "m:3", "m:4", "m:5"}).integer(), 3);
  EXPECT_EQ(exec->run(command{"DBSIZE"}).integer(), 15);
}

TEST_F(routing, CommandsAcrossSlotsFailBeforeAnythingIsSent) {
  auto exec = make_cluster_executor();
  reset_command_stats(cluster());
  try {
    exec->run(command{"RENAME", "a", "b"});
    FAIL() << "no cross_slot_error";
  } catch (const cross_slot_error& e) {
    EXPECT_EQ(e.command_name(), "RENAME");
    EXPECT_NE(
        std::string(e.what()).find("slot " + std::to_string(rediscache::detail::key_slot("b"))),
        std::string::npos);
  }
  EXPECT_THROW(exec->run(command{"EVAL", "return 1", "2", "a", "b"}), cross_slot_error);
  EXPECT_THROW(exec->run_batch({command{"SET", "a", "1"}, command{"SUNIONSTORE", "a", "b"}}),
               cross_slot_error);
  EXPECT_THROW(exec->run_transaction({command{"SET", "a", "1"}, command{"SET", "b", "2"}}),
               cross_slot_error);
  for (std::size_t i = 0; i < cluster().size(); ++i) {
    for (const char* name : {"rename", "eval", "set", "sunionstore", "multi", "exec"}) {
      EXPECT_EQ(command_calls(cluster(), i, name), 0)
          << name << " reached " << cluster().address(i);
    }
  }
}

TEST_F(routing, KeylessCommandsGoToAnyOrEveryPrimary) {
  auto exec = make_cluster_executor();
  for (int i = 0; i < 40; ++i) exec->run(command{"SET", "k:" + std::to_string(i), "x"});
  EXPECT_EQ(exec->run(command{"DBSIZE"}).integer(), 40);
  EXPECT_EQ(exec->run(command{"KEYS", "k:*"}).elements().size(), 40u);
  EXPECT_EQ(exec->run(command{"PING"}).str(), "PONG");
  EXPECT_EQ(exec->run(command{"PUBLISH", "nobody-listens", "m"}).integer(), 0);

  const std::string sha = exec->run(command{"SCRIPT", "LOAD", "return 'loaded'"}).str();
  for (std::size_t p : cluster().primaries()) {
    EXPECT_EQ(cluster().command(p, {"SCRIPT", "EXISTS", sha}), "1") << cluster().address(p);
  }
  EXPECT_EQ(exec->run(command{"EVALSHA", sha, "1", "anywhere"}).str(), "loaded");

  EXPECT_TRUE(exec->run(command{"FLUSHDB"}).is_ok());
  for (std::size_t p : cluster().primaries()) EXPECT_EQ(cluster().command(p, {"DBSIZE"}), "0");
  EXPECT_EQ(exec->run(command{"DBSIZE"}).integer(), 0);
  try {
    exec->run(command{"NO-SUCH-COMMAND", "x"});
    FAIL() << "no reply_error";
  } catch (const reply_error& e) {
    EXPECT_EQ(e.server_code(), "ERR");
  }
}

TEST_F(routing, CommandsWithKeysTheTableCannotTellAskTheServer) {
  auto exec = make_cluster_executor();
  exec->run(command{"RPUSH", "{s}list", "3", "1", "2"});
  // SORT ... STORE: keys_incomplete in Redis' table, so COMMAND GETKEYS finds the destination.
  EXPECT_EQ(exec->run(command{"SORT", "{s}list", "STORE", "{s}sorted"}).integer(), 3);
  EXPECT_EQ(cluster().command(cluster().primary_of(rediscache::detail::key_slot("s")),
                              {"LINDEX", "{s}sorted", "0"}),
            "1");
  EXPECT_THROW(exec->run(command{"SORT", "{s}list", "STORE", "elsewhere"}), cross_slot_error);
}

TEST_F(routing, ScanWalksEveryPrimaryBehindOneCursor) {
  auto exec = make_cluster_executor();
  std::set<std::string> expected;
  for (int i = 0; i < 300; ++i) {
    expected.insert("scan:" + std::to_string(i));
    exec->run(command{"SET", "scan:" + std::to_string(i), "1"});
  }
  exec->run(command{"SET", "other", "1"});
  std::set<std::string> seen;
  std::string cursor = "0";
  int pages = 0;
  do {
    reply page = exec->run(command{"SCAN", cursor, "MATCH", "scan:*", "COUNT", "50"});
    cursor = page.elements()[0].str();
    for (const auto& k : page.elements()[1].elements()) seen.insert(k.str());
    ASSERT_LT(++pages, 1000) << "SCAN never finished";
  } while (cursor != "0");
  EXPECT_EQ(seen, expected);
  EXPECT_THROW(exec->run(command{"SCAN", "not-a-cursor"}), reply_error);
}

TEST_F(routing, BatchRepliesComeBackInTheCallersOrder) {
  auto exec = make_cluster_executor();
  std::vector<command> batch;
  for (int i = 0; i < 30; ++i) {
    batch.push_back(command{"SET", "b:" + std::to_string(i), std::to_string(i)});
    batch.push_back(command{"INCR", "b:" + std::to_string(i)});
  }
  batch.push_back(command{"MGET", "b:0", "b:1", "b:29"});
  batch.push_back(command{"PING"});
  batch.push_back(command{"DBSIZE"});
  batch.push_back(command{"LPUSH", "b:0", "wrong type"});
  const auto replies = exec->run_batch(batch);
  ASSERT_EQ(replies.size(), batch.size());
  for (int i = 0; i < 30; ++i) {
    EXPECT_TRUE(replies[static_cast<std::size_t>(2 * i)].is_ok());
    EXPECT_EQ(replies[static_cast<std::size_t>(2 * i + 1)].integer(), i + 1);
  }
  const auto& mget = replies[60].elements();
  ASSERT_EQ(mget.size(), 3u);
  EXPECT_EQ(mget[0].str(), "1");
  EXPECT_EQ(mget[1].str(), "2");
  EXPECT_EQ(mget[2].str(), "30");
  EXPECT_EQ(replies[61].str(), "PONG");
  EXPECT_EQ(replies[62].integer(), 30);
  EXPECT_TRUE(replies[63].is_error());
  EXPECT_EQ(replies[63].error_message().substr(0, 9), "WRONGTYPE");
}

TEST_F(routing, ReservedConnectionReachesTheKeysNode) {
  auto exec = make_cluster_executor();
  exec->run(command{"SET", "reserved", "here"});
  std::string seen;
  exec->with_connection("reserved", [&](connection& c) {
    seen = c.execute(command{"GET", "reserved"}).str();
  });
  EXPECT_EQ(seen, "here");  // any other node would have answered MOVED
  exec->with_connection("", [&](connection& c) { seen = c.execute(command{"PING"}).str(); });
  EXPECT_EQ(seen, "PONG");
}

TEST_F(routing, BadOptionsAreRefusedAndAnUnreachableClusterFailsTheCall) {
  cluster_options none;
  EXPECT_THROW(cluster_executor(none, {}), config_error);
  cluster_options bad;
  bad.seeds = {"127.0.0.1"};
  EXPECT_THROW(cluster_executor(bad, {}), config_error);
  cluster_options good;
  good.seeds = cluster().seeds();
  client_options db1;
  db1.connection.db = 1;
  EXPECT_THROW(cluster_executor(good, db1), config_error);
  good.max_redirects = -1;
  EXPECT_THROW(cluster_executor(good, {}), config_error);

  cluster_options nowhere;
  nowhere.seeds = {"127.0.0.1:1"};
  cluster_executor lost(nowhere, {});
  try {
    lost.run(command{"GET", "x"});
    FAIL() << "no connection_error";
  } catch (const connection_error& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:1"), std::string::npos) << e.what();
  }
  auto exec = make_cluster_executor();
  exec->close();
  EXPECT_THROW(exec->run(command{"PING"}), closed_error);
}

}  // namespace
}  // namespace rediscache::test
