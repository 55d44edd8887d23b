// decide_many: one pipelined round trip gives the decisions that one decide() after another
// would, also after SCRIPT FLUSH (NOSCRIPT entries go again with EVAL).
#include "ratelimit/fixture.hpp"

#include <random>

using namespace rediscache;
using namespace std::chrono_literals;

namespace {

using BatchTest = test::limiter_test;

bool operator==(const rate_limit_decision& a, const rate_limit_decision& b) {
  return a.allowed == b.allowed && a.limit == b.limit && a.remaining == b.remaining &&
         a.retry_after == b.retry_after && a.reset_after == b.reset_after &&
         a.degraded == b.degraded;
}

std::vector<rate_limit_request> random_requests(std::mt19937& rng, std::size_t count) {
  std::uniform_int_distribution<int> who(0, 9);
  std::uniform_int_distribution<int> cost(0, 4);
  std::vector<rate_limit_request> out;
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back({"id" + std::to_string(who(rng)), cost(rng)});
  }
  return out;
}

long long eval_calls(const test::target_server& server) {
  const std::string info = server.single().command({"INFO", "commandstats"});
  const std::string tag = "cmdstat_eval:calls=";
  auto at = info.find(tag);
  return at == std::string::npos ? 0 : std::stoll(info.substr(at + tag.size()));
}

TEST_F(BatchTest, PipelinedDecisionsEqualSequentialOnes) {
  std::mt19937 rng(99);
  for (auto algorithm : test::all_algorithms) {
    SCOPED_TRACE(test::name_of(algorithm));
    auto o = options(algorithm, 12, 10s);
    o.name = "sequential";
    rate_limiter one_by_one(redis, o);
    o.name = "pipelined";
    rate_limiter pipelined(redis, o);
    for (int round = 0; round < 8; ++round) {
      clock.ms += 1300;
      auto requests = random_requests(rng, 100);
      auto batch = pipelined.decide_many(requests);
      ASSERT_EQ(batch.size(), requests.size());
      for (std::size_t i = 0; i < requests.size(); ++i) {
        auto d = one_by_one.decide(requests[i].id, requests[i].cost);
        EXPECT_TRUE(d == batch[i]) << "round " << round << ", request " << i;
      }
    }
    EXPECT_EQ(pipelined.stats().decisions, 800u);
    EXPECT_EQ(pipelined.stats().allowed, one_by_one.stats().allowed);
  }
  EXPECT_TRUE(
      rate_limiter(redis, options(rate_limit_algorithm::gcra, 1, 1s)).decide_many({}).empty());
}

TEST_F(BatchTest, ScriptFlushIsHandled) {
  for (auto algorithm : test::all_algorithms) {
    SCOPED_TRACE(test::name_of(algorithm));
    auto limiter = this->limiter(algorithm, 5, 10s);
    EXPECT_TRUE(limiter.decide("single").allowed);
    ASSERT_EQ(server.command({"SCRIPT", "FLUSH"}), "OK");
    auto before = eval_calls(server);
    EXPECT_EQ(limiter.decide("single").remaining, 3);  // EVALSHA, NOSCRIPT, EVAL
    EXPECT_EQ(eval_calls(server), before + 1);

    ASSERT_EQ(server.command({"SCRIPT", "FLUSH"}), "OK");
    before = eval_calls(server);
    auto batch = limiter.decide_many({{"a", 2}, {"b", 1}, {"a", 2}, {"a", 2}});
    ASSERT_EQ(batch.size(), 4u);
    EXPECT_EQ(batch[0].remaining, 3);
    EXPECT_EQ(batch[1].remaining, 4);
    EXPECT_EQ(batch[2].remaining, 1);
    EXPECT_FALSE(batch[3].allowed);
    EXPECT_EQ(eval_calls(server), before + 4);
    // Loaded again: the next batch is EVALSHA only.
    before = eval_calls(server);
    EXPECT_EQ(limiter.decide_many({{"b", 1}}).at(0).remaining, 3);
    EXPECT_EQ(eval_calls(server), before);
  }
}

}  // namespace
