// The client itself: generic execute, typed pipelines and transactions, WATCH check-and-set, the
// raw client of a cache alias, and key extraction checked against the server's COMMAND GETKEYS.
#include "commands/fixture.hpp"

#include <rediscache/cache_registry.hpp>
#include <rediscache/commands/strings.hpp>
#include <rediscache/error.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <thread>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

class Client : public test::client_test {};

TEST_F(Client, ExecuteConvertsToTheAskedType) {
  EXPECT_EQ(redis.execute<std::string>("PING"), "PONG");
  EXPECT_EQ(redis.execute<long long>("INCRBY", "n", 5), 5);
  EXPECT_EQ(redis.execute<std::optional<std::string>>("GET", "nothing"), std::nullopt);
  redis.execute("RPUSH", "l", "a", "b");
  EXPECT_EQ(redis.execute<std::vector<std::string>>("LRANGE", "l", 0, -1),
            (std::vector<std::string>{"a", "b"}));
  redis.execute("HSET", "h", "f", "1", "g", "2");
  EXPECT_EQ((redis.execute<std::map<std::string, int>>("HGETALL", "h")),
            (std::map<std::string, int>{{"f", 1}, {"g", 2}}));
  EXPECT_THROW(redis.execute("GET", "l"), reply_error);
  EXPECT_THROW(redis.execute<long long>("GET", "h"), reply_error);
  EXPECT_THROW(redis.execute("NOSUCHCOMMAND"), reply_error);
}

TEST_F(Client, PipelineAndTransactionReturnTypedResultsInOrder) {
  auto [set, got, bad] = redis.pipeline(cmd::set("k", "v"), cmd::get("k"), cmd::incr("k"));
  EXPECT_TRUE(set.value());
  EXPECT_EQ(got.value(), "v");
  EXPECT_FALSE(bad.ok());  // one command's error does not hide the others
  EXPECT_NE(bad.error_message().find("not an integer"), std::string::npos);
  EXPECT_THROW(bad.value(), reply_error);

  auto tx = redis.transaction(cmd::incr("c"), cmd::incr("c", 10), cmd::get<int>("c"));
  EXPECT_TRUE(tx.committed());
  EXPECT_EQ(std::get<1>(tx.results).value(), 11);
  EXPECT_EQ(std::get<2>(tx.results).value(), 11);

  batch b;
  std::vector<queued<long long>> counts;
  for (int i = 0; i < 100; ++i) counts.push_back(b.add(cmd::incr("many")));
  EXPECT_THROW(counts.front().get(), config_error);  // not run yet
  redis.run(b);
  EXPECT_EQ(counts.back().get(), 100);
  EXPECT_THROW(redis.run(b), config_error);  // a batch runs once
}

TEST_F(Client, AQueueTimeErrorDiscardsTheWholeTransaction) {
  batch b;
  auto first = b.add(cmd::set("k", "v"));
  auto broken = b.add(typed_command<reply>(command{"SET", "k"}));  // wrong argument count
  EXPECT_EQ(redis.run_transaction(b), transaction_result::outcome::discarded);
  EXPECT_THROW(first.get(), reply_error);
  EXPECT_THROW(broken.get(), reply_error);
  EXPECT_EQ(redis.run(cmd::get("k")), std::nullopt);
}

TEST_F(Client, WatchRetriesWhenAWatchedKeyChanges) {
  redis.run(cmd::set("balance", "100"));
  int attempts = 0;
  auto result = redis.watch({"balance"}, [&](watch_context& tx) {
    ++attempts;
    const long long balance = std::stoll(*tx.run(cmd::get("balance")));
    if (attempts == 1) redis.run(cmd::set("balance", "50"));  // another client writes meanwhile
    return tx.queue(cmd::set("balance", std::to_string(balance - 30)));
  });
  EXPECT_EQ(attempts, 2);
  EXPECT_TRUE(result.get());
  EXPECT_EQ(redis.run(cmd::get("balance")), "20");  // computed from 50, not from 100
}

TEST_F(Client, WatchGivesUpAfterMaxAttempts) {
  int attempts = 0;
  EXPECT_THROW(redis.watch(
                   {"hot"},
                   [&](watch_context& tx) {
                     ++attempts;
                     redis.run(cmd::incr("hot"));
                     tx.queue(cmd::set("hot", "0"));
                   },
                   3),
               watch_error);
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(redis.run(cmd::get<int>("hot")), 3);
}

TEST_F(Client, ConcurrentWatchIncrementsLoseNothing) {
  redis.run(cmd::set("n", "0"));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        redis.watch({"n"}, [&](watch_context& tx) {
          const auto n = tx.run(cmd::get<long long>("n")).value_or(0);
          tx.queue(cmd::set("n", std::to_string(n + 1)));
        }, 1000);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(redis.run(cmd::get<int>("n")), 100);
}

TEST_F(Client, TheAliasClientSharesPoolCodecAndKeys) {
  cache_registry caches;
  cache_options o;
  o.key_prefix = "shop";
  o.compression.kind = compressor_kind::zlib;
  cache shop = caches.add("shop", "redis://127.0.0.1:" + std::to_string(server_->port()) + "/0", o);
  client raw = caches.client("shop");
  EXPECT_EQ(raw.key("cart"), "shop:1:cart");
  EXPECT_EQ(raw.key("cart", key_version(2)), "shop:2:cart");
  const nlohmann::json cart = {{"items", std::string(200, 'x')}};
  shop.set("cart", cart);
  EXPECT_EQ(raw.run(cmd::get<nlohmann::json>(raw.key("cart"))), cart);  // decompressed, decoded
  raw.run(cmd::set(raw.key("other"), raw.encode(cart)));
  EXPECT_EQ(shop.get<nlohmann::json>("other"), cart);
  EXPECT_EQ(raw.run(cmd::get("cart")), std::nullopt);  // raw keys are used as given
  EXPECT_EQ(&raw.commands(), &caches.client("shop").commands());  // one pool
  caches.add("local", "memory://");
  EXPECT_THROW(caches.client("local"), unsupported_error);
}

// Key extraction agrees with the server's own COMMAND GETKEYS for every key-specification form.
TEST_F(Client, KeysMatchCommandGetkeys) {
  const std::vector<command> samples = {
      command{"GET", "k"},
      command{"MSET", "a", "1", "b", "2"},
      command{"BLPOP", "a", "b", "5"},
      command{"EVAL", "return 1", "2", "x", "y", "arg"},
      command{"ZUNIONSTORE", "dst", "2", "s1", "s2", "WEIGHTS", "1", "2"},
      command{"XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0"},
      command{"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"},
      command{"XGROUP", "CREATE", "stream", "g", "$"},
      command{"LMPOP", "2", "l1", "l2", "LEFT"},
      command{"SINTERCARD", "2", "a", "b", "LIMIT", "1"},
      command{"GEOSEARCHSTORE", "dst", "src", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"},
      command{"OBJECT", "ENCODING", "k"},
      command{"RENAME", "a", "b"},
      command{"SET", "k", "v", "EX", "10"},
  };
  for (const auto& c : samples) {
    command getkeys{"COMMAND", "GETKEYS"};
    for (std::size_t i = 0; i < c.size(); ++i) getkeys.arg(c.argument(i));
    const auto expected = redis.run(typed_command<std::vector<std::string>>(getkeys));
    const auto found = c.keys();
    EXPECT_EQ(std::vector<std::string>(found.begin(), found.end()), expected) << c.argument(0);
  }
}

}  // namespace
