// The async cache calls and typed commands: the same entries as the blocking calls, many in
// flight at once, errors and fail-open as the cache has them.
#include "multiplex/multiplex_fixture.hpp"

#include <rediscache/async/async_cache.hpp>
#include <rediscache/async/async_client.hpp>
#include <rediscache/commands/lists.hpp>
#include <rediscache/commands/strings.hpp>
#include <rediscache/error.hpp>

#include <chrono>
#include <future>
#include <map>
#include <string>
#include <vector>

namespace rediscache::test {
namespace {

using namespace std::chrono_literals;

class AsyncCache : public multiplex_test {
 protected:
  std::string url(const std::string& extra = "") const {
    return "redis://" + server_->host() + ":" + std::to_string(server_->port()) +
           "/0?executor=multiplexed&socket_timeout=0.2" + extra;
  }
};

TEST_F(AsyncCache, ReadsAndWritesTheSameEntriesAsTheBlockingCalls) {
  cache c = cache::from_url(url());
  async_cache a(c);
  EXPECT_TRUE(a.set("answer", 42).get());
  EXPECT_EQ(c.get<int>("answer"), 42);
  c.set("name", std::string("ada"));
  EXPECT_EQ(a.get<std::string>("name").get(), "ada");
  EXPECT_EQ(a.get<std::string>("missing").get(), std::nullopt);
  EXPECT_FALSE(a.set("name", std::string("bob"), {}, set_mode::if_absent).get());
  EXPECT_TRUE(a.remove("name").get());
  EXPECT_FALSE(c.get<std::string>("name"));
  auto stats = c.stats();
  EXPECT_EQ(stats.hits, 2u);
  EXPECT_EQ(stats.misses, 2u);
}

TEST_F(AsyncCache, ManyCallsInFlightFromOneThread) {
  cache c = cache::from_url(url());
  async_cache a(c);
  std::vector<std::future<bool>> writes;
  for (int i = 0; i < 500; ++i) writes.push_back(a.set("k" + std::to_string(i), i));
  for (auto& w : writes) EXPECT_TRUE(w.get());
  std::vector<std::future<std::optional<int>>> reads;
  for (int i = 0; i < 500; ++i) reads.push_back(a.get<int>("k" + std::to_string(i)));
  for (int i = 0; i < 500; ++i) EXPECT_EQ(reads[static_cast<std::size_t>(i)].get(), i);
}

TEST_F(AsyncCache, GetManyAndSetMany) {
  cache c = cache::from_url(url());
  async_cache a(c);
  std::map<std::string, std::string> items{{"a", "1"}, {"b", "2"}};
  EXPECT_TRUE(a.set_many(items).get().empty());
  auto found = a.get_many<std::string>({"a", "b", "c"}).get();
  EXPECT_EQ(found, items);
  EXPECT_EQ(c.get_many<std::string>({"a", "b"}), items);
  EXPECT_TRUE(a.set_many(items, std::chrono::seconds(0)).get().empty());  // zero deletes
  EXPECT_TRUE(c.get_many<std::string>({"a", "b"}).empty());
}

TEST_F(AsyncCache, IncrCountsOnTheServerAndKnowsMissingKeys) {
  cache c = cache::from_url(url());
  async_cache a(c);
  c.set("n", 10);
  EXPECT_EQ(a.incr("n", 5).get(), 15);
  EXPECT_EQ(c.get<int>("n"), 15);
  EXPECT_THROW(a.incr("absent").get(), key_not_found_error);
  c.set("max", std::numeric_limits<std::int64_t>::max());
  EXPECT_THROW(a.incr("max").get(), overflow_error);
  // After SCRIPT FLUSH the step is sent again in full.
  server_->command({"SCRIPT", "FLUSH"});
  EXPECT_EQ(a.incr("n").get(), 16);
}

TEST_F(AsyncCache, CallbackFormGetsTheResult) {
  cache c = cache::from_url(url());
  async_cache a(c);
  c.set("k", std::string("v"));
  std::promise<std::string> seen;
  a.get<std::string>("k", [&](command_result<std::optional<std::string>> r) {
    seen.set_value(r.ok() && *r ? **r : std::string("wrong"));
  });
  EXPECT_EQ(seen.get_future().get(), "v");
}

TEST_F(AsyncCache, FailOpenReadsAMissOnAStoppedServer) {
  cache_options o;
  o.ignore_exceptions = true;
  cache c = cache::from_url(url(), o);
  async_cache a(c);
  c.set("k", 1);
  server_->pause();
  auto read = a.get<int>("k");
  auto write = a.set("k", 2);
  auto count = a.incr("k");
  EXPECT_EQ(read.get(), std::nullopt);
  EXPECT_FALSE(write.get());
  EXPECT_THROW(count.get(), timeout_error);  // incr never swallows, as cache::incr
  server_->resume();
  EXPECT_EQ(c.stats().ignored_errors, 2u);
}

TEST_F(AsyncCache, NeedsAMultiplexedAlias) {
  cache pooled = cache::from_url("redis://" + server_->host() + ":" +
                                 std::to_string(server_->port()) + "/0");
  EXPECT_THROW(async_cache{pooled}, unsupported_error);
  EXPECT_THROW(async_client::of(pooled), unsupported_error);
  EXPECT_THROW(async_cache{cache::from_url("memory://")}, unsupported_error);
}

TEST_F(AsyncCache, TypedCommandsThroughTheAliasClient) {
  cache c = cache::from_url(url());
  async_client client = async_client::of(c);
  EXPECT_TRUE(client.run(cmd::set("raw", "bytes")).get());
  EXPECT_EQ(client.run(cmd::get<std::string>("raw")).get(), "bytes");
  EXPECT_EQ(client.run(cmd::incr("counter", 3)).get(), 3);
  EXPECT_THROW(client.run(cmd::incr("raw")).get(), reply_error);
  EXPECT_THROW(client.run(cmd::blpop<std::string>({"q"}, 1s)), unsupported_error);
}

}  // namespace
}  // namespace rediscache::test
