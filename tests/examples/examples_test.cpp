// Runs every example program against a real redis-server, as a user pasting them would.
#include "examples/run_example.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

using rediscache::test::run;
using rediscache::test::url_of;

namespace {

TEST(Examples, Quickstart) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_QUICKSTART) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("greeting = hello from rediscache"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("visits = 1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("expected error: ERR"), std::string::npos) << r.output;
  EXPECT_EQ(server.command({"GET", "visits"}), "1");
}

TEST(Examples, QuickstartReportsUnreachableServer) {
  std::uint16_t port;
  {
    rediscache::test::redis_server gone;
    port = gone.port();
  }
  auto r = run(std::string(EXAMPLE_QUICKSTART) + " redis://127.0.0.1:" + std::to_string(port));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("[rediscache.connection]"), std::string::npos) << r.output;
}

TEST(Examples, PipelineAndScripts) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_PIPELINE_AND_SCRIPTS) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("pipelined 100 SETs"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 + 4 + 9 = 14"), std::string::npos) << r.output;
  EXPECT_EQ(server.command({"GET", "revenue"}), "250");
}

}  // namespace

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Examples, CacheBasics) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_CACHE_BASICS) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "greeting: hello")) << r.output;
  EXPECT_TRUE(contains(r.output, "add again: false")) << r.output;
  EXPECT_TRUE(contains(r.output, "many: b = 2")) << r.output;
  EXPECT_TRUE(contains(r.output, "hits: 11")) << r.output;
  EXPECT_TRUE(contains(r.output, "hits ttl: never expires")) << r.output;
  EXPECT_TRUE(contains(r.output, "[rediscache.key_not_found]")) << r.output;
  EXPECT_EQ(server.command({"GET", ":1:hits"}), "11");
}

TEST(Examples, CacheSettings) {
  rediscache::test::redis_server server;
  std::string path = server.dir() + "/caches.json";
  std::string url = url_of(server);
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fprintf(f,
               R"({"default": {"LOCATION": "%s", "KEY_PREFIX": "shop"},
                   "sessions": {"LOCATION": "%s", "KEY_PREFIX": "sess",
                                "OPTIONS": {"SERIALIZER": "msgpack"}},
                   "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})",
               url.c_str(), url.c_str());
  std::fclose(f);
  auto r = run(std::string(EXAMPLE_CACHE_SETTINGS) + " " + path);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "sessions: stored under sess:1:visits")) << r.output;
  EXPECT_TRUE(contains(r.output, "1 connection pool(s) for 3 aliases")) << r.output;
  EXPECT_TRUE(contains(r.output, "[rediscache.unknown_alias]")) << r.output;
  EXPECT_EQ(server.command({"GET", "shop:1:visits"}), "1");
}

TEST(Examples, CacheCustomTypes) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_CACHE_CUSTOM_TYPES) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "product: green tea, 450 cents, 2 tags")) << r.output;
  EXPECT_TRUE(contains(r.output, "stored point bytes: 3,4")) << r.output;
  EXPECT_TRUE(contains(r.output, "[rediscache.codec]")) << r.output;
  EXPECT_EQ(server.command({"GET", "catalog:1:origin"}), "3,4");
}

TEST(Examples, CacheFailOpen) {
  auto r = run(EXAMPLE_CACHE_FAIL_OPEN);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "price from cache: miss, use the database")) << r.output;
  EXPECT_TRUE(contains(r.output, "stored: false")) << r.output;
  EXPECT_TRUE(contains(r.output, "reported: get(price:tea)")) << r.output;
  EXPECT_TRUE(contains(r.output, "get failed and was ignored")) << r.output;
}

TEST(Examples, CacheMemoize) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_CACHE_MEMOIZE) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "NL 1200 g: 412 cents after 1 query")) << r.output;
  EXPECT_TRUE(contains(r.output, "template.cache.sidebar.")) << r.output;
}

TEST(Examples, CacheInMemory) {
  auto r = run(EXAMPLE_CACHE_IN_MEMORY);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "home visits: 3")) << r.output;
  EXPECT_TRUE(contains(r.output, "keys: visits:home")) << r.output;
}

TEST(Examples, NearCache) {
  rediscache::test::redis_server server;
  auto r = run(std::string(EXAMPLE_NEAR_CACHE) + " " + url_of(server));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "prices computed 1 time(s)")) << r.output;
  EXPECT_TRUE(contains(r.output, "after our write: tea=3,coffee=5")) << r.output;
  EXPECT_TRUE(contains(r.output, "local hits: yes")) << r.output;
  EXPECT_TRUE(contains(r.output, "tea: 12, cocoa: unknown")) << r.output;
}

}  // namespace
