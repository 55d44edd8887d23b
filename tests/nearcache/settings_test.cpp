// The near cache and stampede options from Django-style JSON settings.
#include <rediscache/cache_registry.hpp>
#include <rediscache/error.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <string>

namespace rediscache {
namespace {

cache_settings parse(const std::string& options) {
  return settings_from_json(
      "main", nlohmann::json::parse(R"({"LOCATION": "redis://127.0.0.1:6379/0", "OPTIONS": )" +
                                    options + "}"));
}

std::string error_of(const std::string& options) {
  try {
    parse(options);
  } catch (const config_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(NearCacheSettings, OnOffAndBounds) {
  EXPECT_FALSE(parse("{}").cache.near_cache.enabled);
  EXPECT_TRUE(parse(R"({"NEAR_CACHE": true})").cache.near_cache.enabled);
  auto bounded = parse(R"({"NEAR_CACHE": {"MAX_ENTRIES": 50, "MAX_BYTES": 4096}})").cache.near_cache;
  EXPECT_TRUE(bounded.enabled);
  EXPECT_EQ(bounded.max_entries, 50u);
  EXPECT_EQ(bounded.max_bytes, 4096u);
}

TEST(NearCacheSettings, StampedeOptions) {
  auto o = parse(R"({"XFETCH_BETA": 1.5, "STAMPEDE_LOCK": true})").cache.stampede;
  EXPECT_DOUBLE_EQ(o.xfetch_beta, 1.5);
  EXPECT_TRUE(o.lock_across_processes);
  EXPECT_TRUE(o.single_flight);
}

TEST(NearCacheSettings, BadValuesAreConfigErrorsNamingTheSetting) {
  EXPECT_NE(error_of(R"({"NEAR_CACHE": {"MAX_ITEMS": 5}})").find("NEAR_CACHE MAX_ITEMS"), std::string::npos);
  EXPECT_NE(error_of(R"({"NEAR_CACHE": {"MAX_ENTRIES": 0}})").find("too small"), std::string::npos);
  EXPECT_NE(error_of(R"({"NEAR_CACHE": "yes"})").find("NEAR_CACHE"), std::string::npos);
  EXPECT_NE(error_of(R"({"XFETCH_BETA": -1})").find("XFETCH_BETA"), std::string::npos);
  EXPECT_NE(error_of(R"({"STAMPEDE_LOCK": 1})").find("STAMPEDE_LOCK"), std::string::npos);
}

}  // namespace
}  // namespace rediscache
