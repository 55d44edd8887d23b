// The CACHES JSON loader: every number is range-checked, and messages escape and cut the file's
// text.
#include <rediscache/cache_registry.hpp>
#include <rediscache/error.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace rediscache {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;
using std::chrono::milliseconds;

cache_settings load(const std::string& text) {
  return settings_from_json("main", json::parse(text));
}

// An entry with LOCATION and the given extra members (a JSON fragment).
std::string entry(const std::string& members) {
  return R"({"LOCATION": "redis://h")" + (members.empty() ? "" : ", " + members) + "}";
}

struct good_case {
  std::string members;
  std::function<void(const cache_settings&)> check;
};

TEST(SettingsFromJson, NumbersInRangeAreKeptExactly) {
  const std::vector<good_case> cases = {
      {R"("TIMEOUT": null)", [](auto& s) { EXPECT_TRUE(s.cache.default_timeout.is_forever()); }},
      {R"("TIMEOUT": 0)",
       [](auto& s) { EXPECT_EQ(s.cache.default_timeout.duration(), milliseconds(0)); }},
      {R"("TIMEOUT": 0.0001)",
       [](auto& s) { EXPECT_EQ(s.cache.default_timeout.duration(), milliseconds(1)); }},
      {R"("TIMEOUT": 3153600000)",  // the maximum: 100 years
       [](auto& s) {
         EXPECT_EQ(s.cache.default_timeout.duration(), std::chrono::hours(24 * 365 * 100));
       }},
      {R"("VERSION": 2147483647)", [](auto& s) { EXPECT_EQ(s.cache.version, INT_MAX); }},
      {R"("VERSION": -7)", [](auto& s) { EXPECT_EQ(s.cache.version, -7); }},
      // Versions are 64-bit: what used to wrap to 1 is kept exactly.
      {R"("VERSION": 4294967297)", [](auto& s) { EXPECT_EQ(s.cache.version, 4294967297LL); }},
      {R"("VERSION": -4294967297)", [](auto& s) { EXPECT_EQ(s.cache.version, -4294967297LL); }},
      {R"("OPTIONS": {"db": 2147483647})",
       [](auto& s) { EXPECT_EQ(s.connection.connection.db, INT_MAX); }},
      {R"("OPTIONS": {"SOCKET_TIMEOUT": 31536000, "SOCKET_CONNECT_TIMEOUT": 0.25})",
       [](auto& s) {
         EXPECT_EQ(s.connection.connection.socket_timeout, std::chrono::hours(24 * 365));
         EXPECT_EQ(s.connection.connection.connect_timeout, 250ms);
       }},
      {R"("OPTIONS": {"CONNECTION_POOL_KWARGS": {"pool_timeout": 0, "max_connections": 5}})",
       [](auto& s) {
         EXPECT_EQ(s.connection.pool.pool_timeout, 0ms);
         EXPECT_EQ(s.connection.pool.max_connections, 5u);
       }},
      {R"("OPTIONS": {"COMPRESS_MIN_LENGTH": 9223372036854775807})",
       [](auto& s) {
         EXPECT_EQ(s.cache.compression.min_bytes,
                   static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max()));
       }},
  };
  for (const good_case& c : cases) {
    SCOPED_TRACE(c.members);
    try {
      c.check(load(entry(c.members)));
    } catch (const std::exception& e) {
      ADD_FAILURE() << "threw " << e.what();
    }
  }
}

struct bad_case {
  std::string members;
  std::string says;
};

// Before, each of these loaded: as a negative TIMEOUT (every set returned false), an instant
// SOCKET_TIMEOUT, db 1, or -1 read from 2^64 - 1.
const std::vector<bad_case> bad_cases = {
    {R"("TIMEOUT": 1e16)", "TIMEOUT 1e+16 is too large (at most 3153600000 seconds)"},
    {R"("TIMEOUT": 3153600000.001)", "TIMEOUT 3153600000.001 is too large"},
    {R"("TIMEOUT": -1)", "TIMEOUT -1 must not be negative"},
    {R"("VERSION": 18446744073709551615)",
     "VERSION 18446744073709551615 is too large (at most 9223372036854775807)"},
    {R"("VERSION": 1.5)", "VERSION must be a whole number"},
    {R"("OPTIONS": {"SOCKET_TIMEOUT": 1e16})",
     "SOCKET_TIMEOUT 1e+16 is too large (at most 31536000 seconds)"},
    {R"("OPTIONS": {"SOCKET_TIMEOUT": 0})", "SOCKET_TIMEOUT must be more than 0"},
    {R"("OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 9.2e12})",
     "SOCKET_CONNECT_TIMEOUT 9200000000000.0 is too large"},
    {R"("OPTIONS": {"db": 4294967297})", "db 4294967297 is too large (at most 2147483647)"},
    {R"("OPTIONS": {"db": 18446744073709551615})", "db 18446744073709551615 is too large"},
    {R"("OPTIONS": {"db": -1})", "db -1 is too small (at least 0)"},
    {R"("OPTIONS": {"CONNECTION_POOL_KWARGS": {"max_connections": 4294967296}})",
     "max_connections 4294967296 is too large"},
    {R"("OPTIONS": {"CONNECTION_POOL_KWARGS": {"socket_timeout": 4e7}})",
     "socket_timeout 40000000.0 is too large"},
    {R"("OPTIONS": {"CONNECTION_POOL_KWARGS": {"health_check_interval": -1}})",
     "health_check_interval -1 must not be negative"},
    {R"("OPTIONS": {"COMPRESS_LEVEL": 4294967297})", "COMPRESS_LEVEL 4294967297 is too large"},
    {R"("OPTIONS": {"SCAN_ITERSIZE": 18446744073709551615})", "SCAN_ITERSIZE 1844674407"},
    {R"("OPTIONS": {"client_name": "my app"})",
     "cache alias 'main': connection_options::client_name is 'my app'"},
};

TEST(SettingsFromJson, OutOfRangeNumbersAreConfigErrorsNamingTheSetting) {
  for (const bad_case& c : bad_cases) {
    SCOPED_TRACE(c.members);
    try {
      load(entry(c.members));
      ADD_FAILURE() << "no exception";
    } catch (const config_error& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind("[rediscache.config] cache alias 'main': ", 0), 0u) << message;
      EXPECT_NE(message.find(c.says), std::string::npos) << message << "\nlacks: " << c.says;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "threw something else: " << e.what();
    }
  }
}

std::string message_of(const std::string& alias, const json& settings) {
  try {
    settings_from_json(alias, settings);
  } catch (const config_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(SettingsFromJson, FileTextInMessagesIsEscapedAndCut) {
  const std::string megabyte(1 << 20, 'b');
  const std::vector<std::pair<std::string, json>> cases = {
      {"main", {{"LOCATION", "redis://h"}, {"BACKEND", megabyte}}},
      {"main", {{"LOCATION", "redis://h"}, {"OPTIONS", {{"CLIENT_CLASS", megabyte}}}}},
      {"main", {{"LOCATION", "redis://h"}, {"X" + megabyte, 1}}},
      {"main", {{"LOCATION", "redis://h"}, {"OPTIONS", {{"Z" + megabyte, 1}}}}},
      {megabyte, {{"LOCATION", "redis://h"}, {"TIMEOUT", "soon"}}},
  };
  for (const auto& [alias, settings] : cases) {
    const std::string message = message_of(alias, settings);
    EXPECT_LT(message.size(), 400u) << message.substr(0, 400);
    EXPECT_NE(message.find("...(10485"), std::string::npos) << message.substr(0, 400);
  }

  const std::string crlf = message_of("a\r\nb", {{"LOCATION", "redis://h"},
                                                 {"BACKEND", "evil\r\nX-Header: 1"},
                                                 {"OPTIONS", {{"BAD\nKEY", 1}}}});
  EXPECT_EQ(crlf.find_first_of("\r\n"), std::string::npos) << crlf;
  EXPECT_NE(crlf.find("cache alias 'a\\r\\nb': BACKEND 'evil\\r\\nX-Header: 1'"), std::string::npos)
      << crlf;
  const std::string key =
      message_of("main", {{"LOCATION", "redis://h"}, {"OPTIONS", {{"BAD\nKEY", 1}}}});
  EXPECT_NE(key.find("OPTIONS BAD\\nKEY is not a setting"), std::string::npos) << key;
}

}  // namespace
}  // namespace rediscache
