#include "support/redis_server.hpp"

#include <rediscache/cache_registry.hpp>
#include <rediscache/error.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::redis_server;

namespace {

std::string url_of(const redis_server& s, int db = 0) {
  return "redis://127.0.0.1:" + std::to_string(s.port()) + "/" + std::to_string(db);
}

TEST(Registry, BuiltFromCode) {
  redis_server server;
  cache_registry caches;
  caches.add("default", url_of(server));
  cache_options sessions;
  sessions.key_prefix = "sess";
  caches.add("sessions", url_of(server), sessions);
  caches.add("local", "memory://?max_entries=10");
  caches["default"].set("k", 1);
  caches["sessions"].set("k", 2);
  caches["local"].set("k", 3);
  EXPECT_EQ(caches.default_cache().get<int>("k"), 1);
  EXPECT_EQ(caches.get("sessions").get<int>("k"), 2);
  EXPECT_EQ(caches["local"].get<int>("k"), 3);
  EXPECT_EQ(server.command({"GET", "sess:1:k"}), "2");
  EXPECT_EQ(caches.aliases(), (std::vector<std::string>{"default", "local", "sessions"}));
  EXPECT_EQ(caches["sessions"].options().name, "sessions");
}

TEST(Registry, UnknownAliasIsNamed) {
  cache_registry caches;
  try {
    caches.get("nope");
    FAIL() << "expected unknown_alias_error";
  } catch (const unknown_alias_error& e) {
    EXPECT_EQ(e.alias(), "nope");
    EXPECT_NE(std::string(e.what()).find("'nope'"), std::string::npos);
    EXPECT_EQ(e.code(), errc::unknown_alias);
  }
  EXPECT_THROW(caches["nope"], config_error);
}

TEST(Registry, IdenticalConnectionOptionsSharePools) {
  redis_server server;
  cache_registry caches;
  cache_options a;
  a.key_prefix = "a";
  cache_options b;
  b.key_prefix = "b";
  caches.add("a", url_of(server), a);
  caches.add("b", url_of(server), b);
  EXPECT_EQ(caches.pool_count(), 1u);
  caches.add("other-db", url_of(server, 2));
  caches.add("short-timeout", url_of(server) + "?socket_timeout=0.25");
  EXPECT_EQ(caches.pool_count(), 3u);
}

TEST(Registry, AliasesDifferingOnlyInTheReplyBudgetUseSeparatePools) {
  redis_server server;
  cache_registry caches;
  cache_settings roomy;
  roomy.location = url_of(server);
  cache_settings tight = roomy;
  tight.connection.connection.limits.max_reply_bytes = 1024;
  caches.add("roomy", roomy);
  caches.add("tight", tight);
  EXPECT_EQ(caches.pool_count(), 2u);
  caches["roomy"].set("v", std::string(4096, 'x'));
  EXPECT_EQ(caches["roomy"].get<std::string>("v")->size(), 4096u);
  EXPECT_THROW(caches["tight"].get<std::string>("v"), protocol_error);
}

TEST(Registry, FromDjangoShapedJson) {
  redis_server server;
  nlohmann::json settings = {
      {"default",
       {{"BACKEND", "django_redis.cache.RedisCache"},
        {"LOCATION", url_of(server, 1)},
        {"KEY_PREFIX", "shop"},
        {"VERSION", 3},
        {"TIMEOUT", 60},
        {"OPTIONS",
         {{"SERIALIZER", "django_redis.serializers.msgpack.MSGPackSerializer"},
          {"COMPRESSOR", "django_redis.compressors.zlib.ZlibCompressor"},
          {"IGNORE_EXCEPTIONS", true},
          {"SOCKET_TIMEOUT", 0.5},
          {"CONNECTION_POOL_KWARGS", {{"max_connections", 4}}}}}}},
      {"replicated",
       {{"LOCATION", {url_of(server, 2), "redis://127.0.0.1:1/2"}}, {"TIMEOUT", nullptr}}},
      {"local", {{"BACKEND", "django.core.cache.backends.locmem.LocMemCache"}, {"LOCATION", "x"},
                 {"OPTIONS", {{"MAX_ENTRIES", 2}}}}}};
  auto caches = cache_registry::from_json(settings);
  cache shop = caches["default"];
  EXPECT_EQ(shop.options().key_prefix, "shop");
  EXPECT_EQ(shop.options().version, 3);
  EXPECT_EQ(shop.options().serializer, serializer_kind::msgpack);
  EXPECT_EQ(shop.options().compression.kind, compressor_kind::zlib);
  EXPECT_TRUE(shop.options().ignore_exceptions);
  shop.set("k", std::string("v"));
  EXPECT_EQ(server.command({"-n", "1", "EXISTS", "shop:3:k"}), "1");
  EXPECT_LE(shop.pttl("k").remaining(), 60s);
  caches["replicated"].set("r", 1);  // writes go to the first LOCATION
  EXPECT_TRUE(caches["replicated"].pttl("r").is_persistent());
  EXPECT_EQ(server.command({"-n", "2", "GET", ":1:r"}), "1");
  auto local = caches["local"];
  local.set("a", 1);
  local.set("b", 2);
  local.set("c", 3);
  EXPECT_FALSE(local.has_key("a"));  // MAX_ENTRIES 2: the least recently used went
}

TEST(Registry, FromJsonFile) {
  redis_server server;
  std::string path = server.dir() + "/caches.json";
  std::ofstream(path) << R"({"default": {"LOCATION": ")" << url_of(server)
                      << R"(", "KEY_PREFIX": "f"}})";
  auto caches = cache_registry::from_json_file(path);
  caches.default_cache().set("x", 5);
  EXPECT_EQ(server.command({"GET", "f:1:x"}), "5");
  EXPECT_THROW(cache_registry::from_json_file(server.dir() + "/missing.json"), config_error);
}

TEST(Registry, BadSettingsNameAliasAndKey) {
  auto message = [](const std::string& text) {
    try {
      cache_registry::from_json_text(text);
    } catch (const config_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(R"({"main": {"LOCATION": "redis://h", "TIMOUT": 5}})").find("'main': TIMOUT"),
            std::string::npos);
  EXPECT_NE(message(R"({"main": {"LOCATION": "redis://h", "OPTIONS": {"SERIALIZER": "yaml"}}})")
                .find("yaml"),
            std::string::npos);
  EXPECT_NE(message(R"({"main": {"LOCATION": "redis://h", "OPTIONS": {"BOGUS": 1}}})").find("BOGUS"),
            std::string::npos);
  EXPECT_NE(message(R"({"main": {"OPTIONS": {}}})").find("LOCATION"), std::string::npos);
  EXPECT_NE(message(R"({"main": {"LOCATION": "ftp://h"}})").find("scheme"), std::string::npos);
  EXPECT_NE(message(R"({"main": {"LOCATION": "redis://h", "TIMEOUT": "long"}})").find("TIMEOUT"),
            std::string::npos);
  EXPECT_NE(message("{not json").find("not valid JSON"), std::string::npos);
}

}  // namespace
