// Alias ownership: handles stay valid while the registry changes under them, and closing an alias
// releases its connections unless another alias shares the pool. The threaded tests also run
// under ThreadSanitizer in CI.
#include "support/redis_server.hpp"

#include <rediscache/cache_registry.hpp>
#include <rediscache/error.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::redis_server;

namespace {

std::string url_of(const redis_server& s, const std::string& client_name) {
  return "redis://127.0.0.1:" + std::to_string(s.port()) + "/0?client_name=" + client_name;
}

// Connections the server holds for clients of this name; polled, since a close reaches the
// server a moment after the client returns.
std::size_t connections_named(const redis_server& s, const std::string& name,
                              std::size_t expected) {
  std::size_t count = 0;
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::istringstream lines(s.command({"CLIENT", "LIST"}));
    count = 0;
    for (std::string line; std::getline(lines, line);) {
      if (line.find(" name=" + name + " ") != std::string::npos) ++count;
    }
    if (count == expected) break;
    std::this_thread::sleep_for(10ms);
  }
  return count;
}

cache_options prefixed(const std::string& prefix) {
  cache_options o;
  o.key_prefix = prefix;
  return o;
}

TEST(RegistryThreads, HandlesSurviveReplacementAndRemovalUnderLoad) {
  redis_server server;
  cache_registry caches;
  caches.add("shop", url_of(server, "load"), prefixed("v0"));
  std::atomic<bool> stop{false};
  std::atomic<int> calls{0}, wrong{0};
  std::vector<std::thread> users;
  for (int t = 0; t < 6; ++t) {
    users.emplace_back([&, t] {
      for (int i = 0; !stop.load(); ++i) {
        cache shop = [&] {
          for (;;) {
            try {
              return caches.get("shop");
            } catch (const unknown_alias_error&) {
              std::this_thread::yield();  // between a remove and the next add
            }
          }
        }();
        const std::string key = "t" + std::to_string(t);
        const std::string value = key + ":" + std::to_string(i);
        shop.set(key, value);
        if (shop.get<std::string>(key) != value) ++wrong;
        ++calls;
      }
    });
  }
  for (int round = 1; round <= 60; ++round) {
    if (round % 5 == 0) caches.remove("shop");
    caches.add("shop", url_of(server, "load"), prefixed("v" + std::to_string(round)));
    std::this_thread::sleep_for(2ms);
  }
  stop = true;
  for (auto& u : users) u.join();
  EXPECT_GT(calls.load(), 0);
  EXPECT_EQ(wrong.load(), 0);
}

TEST(RegistryThreads, AHandleKeepsTheAliasItWasGiven) {
  redis_server server;
  cache_registry caches;
  cache before = caches.add("a", url_of(server, "keep"), prefixed("old"));
  caches.add("a", url_of(server, "keep"), prefixed("new"));
  before.set("k", 1);
  caches["a"].set("k", 2);
  EXPECT_EQ(server.command({"GET", "old:1:k"}), "1");
  EXPECT_EQ(server.command({"GET", "new:1:k"}), "2");
  EXPECT_TRUE(caches.remove("a"));
  EXPECT_FALSE(caches.remove("a"));
  EXPECT_FALSE(caches.contains("a"));
  EXPECT_EQ(before.get<int>("k"), 1);  // still usable after removal
  EXPECT_THROW(caches.get("a"), unknown_alias_error);
}

TEST(RegistryThreads, ClosingTheOnlyUserOfAPoolClosesItsConnections) {
  redis_server server;
  cache solo = cache::from_url(url_of(server, "solo"));
  std::vector<std::thread> users;
  for (int t = 0; t < 4; ++t) {
    users.emplace_back([&] {
      for (int i = 0; i < 50; ++i) solo.set("k", i);
    });
  }
  for (auto& u : users) u.join();
  ASSERT_GE(connections_named(server, "solo", 4), 1u);
  solo.close();
  EXPECT_EQ(connections_named(server, "solo", 0), 0u);
  EXPECT_THROW(solo.get<int>("k"), closed_error);
}

TEST(RegistryThreads, ASharedPoolStaysOpenUntilItsLastAliasCloses) {
  redis_server server;
  cache_registry caches;
  cache a = caches.add("a", url_of(server, "shared"), prefixed("a"));
  cache b = caches.add("b", url_of(server, "shared"), prefixed("b"));
  ASSERT_EQ(caches.pool_count(), 1u);
  a.set("k", 1);
  b.set("k", 2);
  a.close();
  EXPECT_THROW(a.get<int>("k"), closed_error);
  EXPECT_THROW(caches["a"].get<int>("k"), closed_error);  // the alias, not just this handle
  EXPECT_EQ(b.get<int>("k"), 2);
  EXPECT_EQ(connections_named(server, "shared", 1), 1u);
  b.close();
  EXPECT_EQ(connections_named(server, "shared", 0), 0u);
  EXPECT_EQ(caches.pool_count(), 0u);
  // A new alias with the same settings gets a new pool rather than the closed one.
  cache c = caches.add("c", url_of(server, "shared"), prefixed("c"));
  c.set("k", 3);
  EXPECT_EQ(c.get<int>("k"), 3);
  EXPECT_EQ(caches.pool_count(), 1u);
}

TEST(RegistryThreads, ARegistryAndItsHandlesGoneMeansNoConnections) {
  redis_server server;
  {
    cache_registry caches;
    caches.add("x", url_of(server, "gone")).set("k", 1);
    ASSERT_EQ(connections_named(server, "gone", 1), 1u);
  }
  EXPECT_EQ(connections_named(server, "gone", 0), 0u);
}

}  // namespace
