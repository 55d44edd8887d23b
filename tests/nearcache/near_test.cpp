// The near cache against a real redis-server: local hits, invalidation by another client's
// writes, own writes, TTLs, bounds, opt-out, and losing the invalidation connection.
#include "nearcache/shared_server.hpp"

#include <rediscache/memory_backend.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace rediscache::test {
namespace {

using namespace std::chrono_literals;

cache_options near_options() {
  cache_options o;
  o.key_prefix = "app";
  o.near_cache.enabled = true;
  o.near_cache.reconnect_wait = 20ms;
  return o;
}

// Waits (polling) until done() holds, for at most 5 s.
template <class Done>
bool eventually(Done done) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// A near cache over a flushed database holding what populate wrote (as another client) before
// the cache started tracking, so no invalidation of those writes is still on its way.
cache near_cache_over(const std::function<void(executor&)>& populate,
                      cache_options o = near_options()) {
  pooled_executor writer(options_of(shared_server()));
  writer.run(command{"FLUSHDB"});
  populate(writer);
  cache c = fresh_cache(std::move(o), 4, false);
  EXPECT_TRUE(eventually([&] { return c.near_stats().tracking; }));
  return c;
}

cache near_cache_ready(cache_options o = near_options()) {
  return near_cache_over([](executor&) {}, std::move(o));
}

// Reads key until a read is served locally. Right after a write, Redis' invalidation of that
// write (also sent for our own writes) may still be on its way and keep a fetch from being kept.
template <class T>
bool cache_locally(const cache& c, const std::string& key) {
  return eventually([&] {
    const auto before = c.near_stats().local_hits;
    c.get<T>(key);
    return c.near_stats().local_hits > before;
  });
}

// Another client: its own pool, no near cache.
std::shared_ptr<executor> other_client() {
  return std::make_shared<pooled_executor>(options_of(shared_server()));
}

TEST(NearCache, RepeatedReadsAreLocal) {
  cache c = near_cache_over([](executor& e) { e.run(command{"SET", "app:1:k", "\"v\""}); });
  EXPECT_EQ(c.get<std::string>("k"), "v");
  EXPECT_EQ(c.get<std::string>("k"), "v");
  EXPECT_EQ(c.get<std::string>("k"), "v");
  auto s = c.near_stats();
  EXPECT_EQ(s.local_hits, 2u);
  EXPECT_EQ(s.local_misses, 1u);
  EXPECT_EQ(s.entries, 1u);
  EXPECT_GT(s.bytes, 0u);
  EXPECT_EQ(c.stats().hits, 3u);
}

TEST(NearCache, AnotherClientsWriteInvalidatesTheLocalCopy) {
  cache c = near_cache_ready();
  auto other = other_client();
  c.set("k", std::string("old"));
  ASSERT_TRUE(cache_locally<std::string>(c, "k"));
  const auto written = std::chrono::steady_clock::now();
  other->run(command{"SET", "app:1:k", "\"new\""});
  EXPECT_TRUE(eventually([&] { return c.get<std::string>("k") == "new"; }));
  const auto delay = std::chrono::steady_clock::now() - written;
  RecordProperty("invalidation_delay_us",
                 std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(delay).count()));
  EXPECT_GE(c.near_stats().invalidations, 1u);
  other->run(command{"DEL", "app:1:k"});
  EXPECT_TRUE(eventually([&] { return !c.get<std::string>("k"); }));
}

TEST(NearCache, OwnWritesAreReadBackAtOnce) {
  cache c = near_cache_ready();
  c.set("k", 1);
  ASSERT_TRUE(cache_locally<int>(c, "k"));
  c.set("k", 2);
  EXPECT_EQ(c.get<int>("k"), 2);
  EXPECT_EQ(c.get<int>("k"), 2);
  c.incr("k", 5);
  EXPECT_EQ(c.get<int>("k"), 7);
  c.set_many(std::map<std::string, int>{{"k", 8}});
  EXPECT_EQ(c.get<int>("k"), 8);
  c.incr_version("k");
  EXPECT_FALSE(c.get<int>("k"));
  EXPECT_EQ(c.get<int>("k", key_version(2)), 8);
  c.remove("k", key_version(2));
  EXPECT_FALSE(c.get<int>("k", key_version(2)));
}

TEST(NearCache, EntriesNeverOutliveTheKeysExpiry) {
  cache c = near_cache_ready();
  c.set("short", std::string("v"), 300ms);
  ASSERT_TRUE(cache_locally<std::string>(c, "short"));
  std::this_thread::sleep_for(350ms);
  EXPECT_FALSE(c.get<std::string>("short"));
}

TEST(NearCache, StaysWithinItsBounds) {
  cache_options o = near_options();
  o.near_cache.max_entries = 3;
  cache c = near_cache_over(
      [](executor& e) {
        for (int i = 0; i < 5; ++i) e.run(command{"SET", "app:1:k" + std::to_string(i), "1"});
      },
      o);
  for (int i = 0; i < 5; ++i) c.get<int>("k" + std::to_string(i));
  auto s = c.near_stats();
  EXPECT_EQ(s.entries, 3u);
  EXPECT_EQ(s.evictions, 2u);
  // The least recently used went first: k4 is local, k0 is not.
  c.get<int>("k4");
  c.get<int>("k0");
  EXPECT_EQ(c.near_stats().local_hits, 1u);
}

TEST(NearCache, SkippedKeysAlwaysAskRedis) {
  cache_options o = near_options();
  o.near_cache.skip = [](std::string_view key) { return key.substr(0, 5) == "live:"; };
  cache c = near_cache_ready(o);
  c.set("live:price", 10);
  c.get<int>("live:price");
  c.get<int>("live:price");
  EXPECT_EQ(c.near_stats().local_hits, 0u);
  EXPECT_EQ(c.near_stats().entries, 0u);
}

TEST(NearCache, LosingTheInvalidationConnectionFlushesEverything) {
  cache c = near_cache_over([](executor& e) { e.run(command{"SET", "app:1:k", "\"old\""}); });
  auto other = other_client();
  c.get<std::string>("k");
  ASSERT_EQ(c.near_stats().entries, 1u);
  other->run(command{"CLIENT", "KILL", "TYPE", "pubsub"});
  EXPECT_TRUE(eventually([&] { return c.near_stats().flushes >= 1; }));
  EXPECT_EQ(c.near_stats().entries, 0u);
  // Written while no invalidation could arrive; read correctly once tracking is back.
  other->run(command{"SET", "app:1:k", "\"new\""});
  EXPECT_EQ(c.get<std::string>("k"), "new");
  EXPECT_TRUE(eventually([&] { return c.near_stats().tracking; }));
  EXPECT_TRUE(cache_locally<std::string>(c, "k"));
  EXPECT_EQ(c.get<std::string>("k"), "new");
  other->run(command{"SET", "app:1:k", "\"newer\""});
  EXPECT_TRUE(eventually([&] { return c.get<std::string>("k") == "newer"; }));
}

TEST(NearCache, ClearAndFlushdbEmptyIt) {
  cache c = near_cache_ready();
  c.set("k", 1);
  c.get<int>("k");
  c.clear();
  EXPECT_FALSE(c.get<int>("k"));
  c.set("k", 2);
  c.get<int>("k");
  other_client()->run(command{"FLUSHDB"});
  EXPECT_TRUE(eventually([&] { return !c.get<int>("k"); }));
}

TEST(NearCache, NeedsRedis) {
  cache_options o = near_options();
  EXPECT_THROW(cache(std::make_shared<memory_backend>(), o), unsupported_error);
}

// A second client writes increasing numbers while this one reads: reads never go backwards,
// and the last write is seen once writing stops.
TEST(NearCacheThreads, CoherentUnderAConcurrentWriter) {
  cache c = near_cache_ready();
  auto other = other_client();
  c.set("counter", 0);
  std::atomic<bool> done{false};
  constexpr int last = 2000;
  std::thread writer([&] {
    for (int i = 1; i <= last; ++i) other->run(command{"SET", "app:1:counter", std::to_string(i)});
    done = true;
  });
  int seen = 0;
  bool backwards = false;
  while (!done) {
    int now = c.get<int>("counter").value_or(-1);
    if (now < seen) backwards = true;
    seen = std::max(seen, now);
  }
  writer.join();
  EXPECT_FALSE(backwards);
  EXPECT_TRUE(eventually([&] { return c.get<int>("counter") == last; }));
}

}  // namespace
}  // namespace rediscache::test
