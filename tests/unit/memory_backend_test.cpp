#include <rediscache/error.hpp>
#include <rediscache/glob.hpp>
#include <rediscache/memory_backend.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using namespace std::string_literals;
using rediscache::key_ttl;
using rediscache::memory_backend;
using rediscache::memory_options;
using rediscache::set_mode;
using std::chrono::milliseconds;

namespace {

constexpr auto always = set_mode::always;
constexpr auto if_absent = set_mode::if_absent;
constexpr auto if_present = set_mode::if_present;
// Short expiries and the sleeps that outlast them; "still there" checks use long expiries, so a
// slow machine can only make these tests wait, never fail.
constexpr milliseconds short_ttl = 20ms;
constexpr auto past_short_ttl = 60ms;

void set(memory_backend& b, const std::string& key, const std::string& value,
         memory_backend::expiry ttl = std::nullopt) {
  ASSERT_TRUE(b.set(key, value, ttl, always));
}

// Drains a full SCAN iteration, counting how often each key came back.
std::map<std::string, int> scan_all(memory_backend& b, const std::string& pattern,
                                    std::size_t count) {
  std::map<std::string, int> seen;
  std::string cursor = "0";
  do {
    auto page = b.scan(cursor, pattern, count);
    for (const auto& key : page.keys) ++seen[key];
    cursor = page.cursor;
  } while (cursor != "0");
  return seen;
}

TEST(MemoryBackend, GetReturnsWhatSetStored) {
  memory_backend b;
  EXPECT_EQ(b.get("k"), std::nullopt);
  set(b, "k", "v");
  EXPECT_EQ(b.get("k"), "v");
  set(b, "bin\0key"s, "\0\xff value\0"s);
  EXPECT_EQ(b.get("bin\0key"s), "\0\xff value\0"s);
  EXPECT_EQ(b.get("bin"), std::nullopt);
  set(b, "", "");
  EXPECT_EQ(b.get(""), "");
  EXPECT_EQ(b.size(), 3u);
}

TEST(MemoryBackend, SetModesFollowNxAndXx) {
  memory_backend b;
  EXPECT_FALSE(b.set("k", "xx", std::nullopt, if_present));
  EXPECT_FALSE(b.exists("k"));
  EXPECT_TRUE(b.set("k", "nx", std::nullopt, if_absent));
  EXPECT_FALSE(b.set("k", "nx again", std::nullopt, if_absent));
  EXPECT_EQ(b.get("k"), "nx");
  EXPECT_TRUE(b.set("k", "xx", std::nullopt, if_present));
  EXPECT_EQ(b.get("k"), "xx");
}

TEST(MemoryBackend, SetWithoutExpiryClearsTheOldOne) {
  memory_backend b;
  set(b, "k", "v", 10s);
  EXPECT_TRUE(b.ttl("k").is_expiring());
  set(b, "k", "v");
  EXPECT_TRUE(b.ttl("k").is_persistent());
  set(b, "k", "v", 10s);
  EXPECT_TRUE(b.set("k", "w", std::nullopt, if_present));
  EXPECT_TRUE(b.ttl("k").is_persistent());
  EXPECT_FALSE(b.set("k", "w", 1s, if_absent));
  EXPECT_TRUE(b.ttl("k").is_persistent());
}

TEST(MemoryBackend, SetRejectsExpiriesRedisRejects) {
  memory_backend b;
  set(b, "k", "v");
  for (auto bad : {0ms, -5ms, milliseconds::max()}) {
    EXPECT_THROW(b.set("k", "new", bad, always), rediscache::reply_error);
    EXPECT_THROW(b.set("k", "new", bad, if_absent), rediscache::reply_error);
  }
  EXPECT_EQ(b.get("k"), "v");
}

TEST(MemoryBackend, ExpiredEntriesAreGoneEverywhere) {
  memory_backend b;
  set(b, "k", "1", short_ttl);
  set(b, "stays", "v");
  std::this_thread::sleep_for(past_short_ttl);
  EXPECT_EQ(b.size(), 1u);
  EXPECT_FALSE(b.exists("k"));
  EXPECT_EQ(b.get("k"), std::nullopt);
  EXPECT_TRUE(b.ttl("k").is_missing());
  EXPECT_EQ(b.incr("k", 1), std::nullopt);
  EXPECT_FALSE(b.touch("k", 10s));
  EXPECT_FALSE(b.persist("k"));
  EXPECT_FALSE(b.move("k", "other"));
  EXPECT_FALSE(b.remove("k"));
  EXPECT_FALSE(b.set("k", "xx", std::nullopt, if_present));
  EXPECT_TRUE(b.set("k", "nx", std::nullopt, if_absent));
  EXPECT_EQ(b.get("k"), "nx");
}

TEST(MemoryBackend, GetManyKeepsOrderAndReportsMisses) {
  memory_backend b;
  set(b, "a", "1");
  set(b, "c", "3");
  std::vector<std::optional<std::string>> expected{"1", std::nullopt, "3", "1"};
  EXPECT_EQ(b.get_many({"a", "b", "c", "a"}), expected);
  EXPECT_TRUE(b.get_many({}).empty());
}

TEST(MemoryBackend, SetManyStoresAllWithOneExpiry) {
  memory_backend b;
  set(b, "b", "old", 10s);
  EXPECT_TRUE(b.set_many({{"a", "1"}, {"b", "2"}, {"a", "3"}}, std::nullopt).empty());
  EXPECT_EQ(b.get("a"), "3");
  EXPECT_EQ(b.get("b"), "2");
  EXPECT_TRUE(b.ttl("b").is_persistent());
  EXPECT_TRUE(b.set_many({{"a", "x"}, {"c", "y"}}, 10s).empty());
  EXPECT_TRUE(b.ttl("a").is_expiring());
  EXPECT_TRUE(b.ttl("c").is_expiring());
  EXPECT_TRUE(b.set_many({}, std::nullopt).empty());
}

// redis_backend pipelines SETs, and Redis refuses each one: every key is reported as failed.
TEST(MemoryBackend, SetManyWithInvalidExpiryFailsEveryKey) {
  memory_backend b;
  std::vector<std::string> all{"a", "b"};
  EXPECT_EQ(b.set_many({{"a", "1"}, {"b", "2"}}, 0ms), all);
  EXPECT_EQ(b.size(), 0u);
}

TEST(MemoryBackend, RemoveCountsWhatExisted) {
  memory_backend b;
  set(b, "a", "1");
  set(b, "b", "2");
  set(b, "c", "3");
  EXPECT_TRUE(b.remove("a"));
  EXPECT_FALSE(b.remove("a"));
  EXPECT_EQ(b.remove_many({"a", "b", "b", "zzz", "c"}), 2u);
  EXPECT_EQ(b.remove_many({}), 0u);
  EXPECT_EQ(b.size(), 0u);
}

TEST(MemoryBackend, TouchSetsOrClearsTheExpiry) {
  memory_backend b;
  EXPECT_FALSE(b.touch("k", 10s));
  EXPECT_FALSE(b.touch("k", std::nullopt));
  set(b, "k", "v");
  EXPECT_TRUE(b.touch("k", std::nullopt));  // unlike PERSIST, true for a persistent key
  EXPECT_TRUE(b.touch("k", 10s));
  EXPECT_TRUE(b.ttl("k").is_expiring());
  EXPECT_TRUE(b.touch("k", std::nullopt));
  EXPECT_TRUE(b.ttl("k").is_persistent());
  EXPECT_TRUE(b.touch("k", 0ms));  // PEXPIRE 0 deletes and answers 1
  EXPECT_FALSE(b.exists("k"));
}

TEST(MemoryBackend, IncrAddsAndStoresDecimal) {
  memory_backend b;
  EXPECT_EQ(b.incr("n", 1), std::nullopt);
  EXPECT_FALSE(b.exists("n"));
  set(b, "n", "10");
  EXPECT_EQ(b.incr("n", 5), 15);
  EXPECT_EQ(b.incr("n", -20), -5);
  EXPECT_EQ(b.get("n"), "-5");
  EXPECT_EQ(b.incr("n", 5), 0);
  EXPECT_EQ(b.get("n"), "0");
  set(b, "max", "9223372036854775807");
  EXPECT_EQ(b.incr("max", 0), std::numeric_limits<std::int64_t>::max());
  set(b, "min", "-9223372036854775807");
  EXPECT_EQ(b.incr("min", -1), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(b.get("min"), "-9223372036854775808");
}

TEST(MemoryBackend, IncrRejectsWhatRedisDoesNotParse) {
  memory_backend b;
  for (const std::string& bad :
       {""s, "abc"s, "1.5"s, " 1"s, "1 "s, "+1"s, "01"s, "-0"s, "-"s, "0x10"s, "1e3"s, "1\0"s,
        "9223372036854775808"s, "-9223372036854775809"s, "99999999999999999999"s}) {
    set(b, "k", bad);
    try {
      b.incr("k", 1);
      ADD_FAILURE() << "no error for '" << bad << "'";
    } catch (const rediscache::codec_error& e) {
      EXPECT_EQ(e.code(), rediscache::errc::codec);
      EXPECT_NE(std::string(e.what()).find("value of key 'k' is not an integer"),
                std::string::npos);
    }
    EXPECT_EQ(b.get("k"), bad);
  }
}

TEST(MemoryBackend, IncrOverflowThrowsAndKeepsTheValue) {
  memory_backend b;
  set(b, "hi", "9223372036854775807");
  set(b, "lo", "-9223372036854775808");
  try {
    b.incr("hi", 1);
    ADD_FAILURE() << "no overflow error";
  } catch (const rediscache::overflow_error& e) {
    EXPECT_EQ(e.code(), rediscache::errc::overflow);
    EXPECT_NE(std::string(e.what()).find("'hi'"), std::string::npos);
  }
  EXPECT_THROW(b.incr("lo", -1), rediscache::overflow_error);
  EXPECT_THROW(b.incr("lo", std::numeric_limits<std::int64_t>::min()), rediscache::overflow_error);
  EXPECT_EQ(b.get("hi"), "9223372036854775807");
  EXPECT_EQ(b.incr("lo", std::numeric_limits<std::int64_t>::max()), -1);
}

TEST(MemoryBackend, IncrKeepsTheExpiry) {
  memory_backend b;
  set(b, "n", "1", 10s);
  EXPECT_EQ(b.incr("n", 1), 2);
  auto t = b.ttl("n");
  ASSERT_TRUE(t.is_expiring());
  EXPECT_GT(t.remaining(), 9s);
  set(b, "gone", "1", short_ttl);
  EXPECT_EQ(b.incr("gone", 1), 2);
  std::this_thread::sleep_for(past_short_ttl);
  EXPECT_EQ(b.incr("gone", 1), std::nullopt);
}

TEST(MemoryBackend, TtlReportsMillisecondsLikePttl) {
  memory_backend b;
  EXPECT_EQ(b.ttl("k"), key_ttl::missing());
  set(b, "k", "v");
  EXPECT_EQ(b.ttl("k"), key_ttl::persistent());
  set(b, "k", "v", 10'000ms);
  auto t = b.ttl("k");
  ASSERT_TRUE(t.is_expiring());
  EXPECT_LE(t.remaining(), 10'000ms);
  EXPECT_GT(t.remaining(), 9'000ms);
}

TEST(MemoryBackend, ExpireFollowsPexpire) {
  memory_backend b;
  EXPECT_FALSE(b.expire("k", 10s));
  set(b, "k", "v");
  EXPECT_TRUE(b.expire("k", 10s));
  EXPECT_TRUE(b.ttl("k").is_expiring());
  EXPECT_TRUE(b.expire("k", 20s));
  EXPECT_GT(b.ttl("k").remaining(), 19s);
  EXPECT_THROW(b.expire("k", milliseconds::max()), rediscache::reply_error);
  EXPECT_TRUE(b.exists("k"));
  EXPECT_TRUE(b.expire("k", 0ms));
  EXPECT_FALSE(b.exists("k"));
  set(b, "k", "v");
  EXPECT_TRUE(b.expire("k", -1ms));
  EXPECT_FALSE(b.exists("k"));
  EXPECT_FALSE(b.expire("k", -1ms));
}

TEST(MemoryBackend, ExpireAtFollowsPexpireat) {
  memory_backend b;
  const auto now = std::chrono::system_clock::now();
  EXPECT_FALSE(b.expire_at("k", now + 10s));
  EXPECT_FALSE(b.expire_at("k", now - 10s));
  set(b, "k", "v");
  EXPECT_TRUE(b.expire_at("k", now + 10s));
  auto t = b.ttl("k");
  ASSERT_TRUE(t.is_expiring());
  EXPECT_GT(t.remaining(), 9s);
  EXPECT_LE(t.remaining(), 10s);
  EXPECT_TRUE(b.expire_at("k", now - 10s));
  EXPECT_FALSE(b.exists("k"));
  set(b, "k", "v");
  EXPECT_TRUE(b.expire_at("k", std::chrono::system_clock::time_point{}));
  EXPECT_FALSE(b.exists("k"));
}

TEST(MemoryBackend, PersistIsTrueOnlyWhenAnExpiryWasRemoved) {
  memory_backend b;
  EXPECT_FALSE(b.persist("k"));
  set(b, "k", "v");
  EXPECT_FALSE(b.persist("k"));
  EXPECT_TRUE(b.expire("k", 10s));
  EXPECT_TRUE(b.persist("k"));
  EXPECT_TRUE(b.ttl("k").is_persistent());
  EXPECT_FALSE(b.persist("k"));
}

TEST(MemoryBackend, MoveRenamesKeepingTheExpiry) {
  memory_backend b;
  EXPECT_FALSE(b.move("from", "to"));
  EXPECT_FALSE(b.exists("to"));
  set(b, "from", "v", 10s);
  EXPECT_TRUE(b.move("from", "to"));
  EXPECT_FALSE(b.exists("from"));
  EXPECT_EQ(b.get("to"), "v");
  auto t = b.ttl("to");
  ASSERT_TRUE(t.is_expiring());
  EXPECT_GT(t.remaining(), 9s);
  EXPECT_EQ(b.size(), 1u);
}

TEST(MemoryBackend, MoveOverwritesTheTargetAndItsExpiry) {
  memory_backend b;
  set(b, "from", "new");
  set(b, "to", "old", 10s);
  EXPECT_TRUE(b.move("from", "to"));
  EXPECT_EQ(b.get("to"), "new");
  EXPECT_TRUE(b.ttl("to").is_persistent());
  EXPECT_EQ(b.size(), 1u);
}

TEST(MemoryBackend, MoveOntoItselfKeepsTheKey) {
  memory_backend b;
  set(b, "k", "v", 10s);
  EXPECT_TRUE(b.move("k", "k"));
  EXPECT_EQ(b.get("k"), "v");
  EXPECT_TRUE(b.ttl("k").is_expiring());
}

TEST(MemoryBackend, ClearEmptiesEverythingAndStaysUsable) {
  memory_backend b;
  for (int i = 0; i < 100; ++i) {
    set(b, "k" + std::to_string(i), "v", i % 2 ? memory_backend::expiry(10s) : std::nullopt);
  }
  b.clear();
  EXPECT_EQ(b.size(), 0u);
  EXPECT_FALSE(b.exists("k1"));
  EXPECT_TRUE(scan_all(b, "*", 10).empty());
  b.close();
  set(b, "k1", "again");
  EXPECT_EQ(b.get("k1"), "again");
}

TEST(MemoryBackend, EvictsTheLeastRecentlyUsed) {
  memory_backend b(memory_options{3});
  set(b, "a", "1");
  set(b, "b", "2");
  set(b, "c", "3");
  EXPECT_EQ(b.get("a"), "1");
  set(b, "d", "4");
  EXPECT_EQ(b.size(), 3u);
  EXPECT_FALSE(b.exists("b"));
  EXPECT_TRUE(b.exists("a"));
  EXPECT_TRUE(b.exists("c"));
  EXPECT_TRUE(b.exists("d"));
}

// Each of these makes its key the most recently used, so "a" survives the next insert.
TEST(MemoryBackend, ReadsAndWritesRefreshRecency) {
  const std::vector<std::pair<const char*, void (*)(memory_backend&)>> refreshers = {
      {"get", [](memory_backend& b) { b.get("a"); }},
      {"get_many", [](memory_backend& b) { b.get_many({"a"}); }},
      {"set", [](memory_backend& b) { b.set("a", "2", std::nullopt, always); }},
      {"set_many",
       [](memory_backend& b) {
         b.set_many({{"a", "2"}}, std::nullopt);
       }},
      {"incr", [](memory_backend& b) { b.incr("a", 1); }},
      {"touch", [](memory_backend& b) { b.touch("a", 10s); }},
      {"expire", [](memory_backend& b) { b.expire("a", 10s); }},
      {"persist", [](memory_backend& b) { b.persist("a"); }},
  };
  for (const auto& [name, refresh] : refreshers) {
    memory_backend b(memory_options{2});
    set(b, "a", "1");
    set(b, "b", "1");
    refresh(b);
    set(b, "c", "1");
    EXPECT_TRUE(b.exists("a")) << name;
    EXPECT_FALSE(b.exists("b")) << name;
  }
}

TEST(MemoryBackend, ExistsTtlAndScanDoNotRefreshRecency) {
  memory_backend b(memory_options{2});
  set(b, "a", "1");
  set(b, "b", "1");
  EXPECT_TRUE(b.exists("a"));
  EXPECT_TRUE(b.ttl("a").exists());
  scan_all(b, "a", 10);
  set(b, "c", "1");
  EXPECT_FALSE(b.exists("a"));
  EXPECT_TRUE(b.exists("b"));
}

TEST(MemoryBackend, OverwritingAtCapacityEvictsNothing) {
  memory_backend b(memory_options{2});
  set(b, "a", "1");
  set(b, "b", "1");
  set(b, "a", "2");
  EXPECT_FALSE(b.set("b", "3", std::nullopt, if_absent));
  EXPECT_TRUE(b.move("a", "b"));
  EXPECT_EQ(b.size(), 1u);
  set(b, "c", "1");
  EXPECT_EQ(b.get("b"), "2");
  EXPECT_EQ(b.size(), 2u);
}

TEST(MemoryBackend, EvictionDropsExpiredEntriesBeforeLiveOnes) {
  memory_backend b(memory_options{3});
  set(b, "old", "1");
  set(b, "short1", "1", short_ttl);
  set(b, "short2", "1", short_ttl);
  std::this_thread::sleep_for(past_short_ttl);
  set(b, "new1", "1");
  set(b, "new2", "1");
  EXPECT_TRUE(b.exists("old"));
  EXPECT_EQ(b.size(), 3u);
  set(b, "new3", "1");
  EXPECT_FALSE(b.exists("old"));
  EXPECT_EQ(b.size(), 3u);
}

TEST(MemoryBackend, ScanVisitsEveryKeyExactlyOnce) {
  memory_backend b;
  for (int i = 0; i < 1000; ++i) set(b, "key:" + std::to_string(i), "v");
  for (std::size_t count : {1u, 7u, 10u, 1000u, 5000u}) {
    auto seen = scan_all(b, "*", count);
    ASSERT_EQ(seen.size(), 1000u) << "count " << count;
    for (const auto& [key, times] : seen) EXPECT_EQ(times, 1) << key;
  }
}

TEST(MemoryBackend, ScanExaminesCountEntriesPerCall) {
  memory_backend b;
  for (int i = 0; i < 30; ++i) set(b, (i % 3 ? "other:" : "hit:") + std::to_string(i), "v");
  auto page = b.scan("0", "hit:*", 10);
  EXPECT_NE(page.cursor, "0");
  EXPECT_LE(page.keys.size(), 10u);
  EXPECT_EQ(scan_all(b, "hit:*", 10).size(), 10u);
}

TEST(MemoryBackend, ScanFiltersWithRedisGlobs) {
  memory_backend b;
  for (int i = 0; i < 50; ++i) set(b, "user:" + std::to_string(i), "v");
  set(b, "session:1", "v");
  set(b, "*:1:x", "v");
  set(b, "", "empty key");
  EXPECT_EQ(scan_all(b, "user:*", 10).size(), 50u);
  EXPECT_EQ(scan_all(b, "user:?", 10).size(), 10u);
  EXPECT_EQ(scan_all(b, "user:[1-2]?", 10).size(), 20u);
  EXPECT_EQ(scan_all(b, "user:[^1-4]", 10).size(), 6u);
  EXPECT_EQ(scan_all(b, "nothing*", 10).size(), 0u);
  EXPECT_EQ(scan_all(b, rediscache::glob_escape("*:1:") + "*", 10).size(), 1u);
  // SCAN's "*" shortcut returns the empty key; any other pattern, even "**", cannot match it.
  EXPECT_EQ(scan_all(b, "*", 10).count(""), 1u);
  EXPECT_EQ(scan_all(b, "**", 10).count(""), 0u);
  EXPECT_EQ(scan_all(b, "**", 10).size(), 52u);
}

TEST(MemoryBackend, ScanSkipsExpiredKeys) {
  memory_backend b;
  set(b, "live", "v");
  set(b, "dying", "v", short_ttl);
  std::this_thread::sleep_for(past_short_ttl);
  auto seen = scan_all(b, "*", 10);
  EXPECT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen.count("live"), 1u);
}

// A key that exists for the whole iteration must come back, whatever else changes meanwhile.
TEST(MemoryBackend, ScanSurvivesChangesDuringIteration) {
  memory_backend b;
  for (int i = 0; i < 300; ++i) {
    set(b, "stable:" + std::to_string(i), "v");
    set(b, "churn:" + std::to_string(i), "v");
  }
  std::map<std::string, int> seen;
  std::string cursor = "0";
  int round = 0;
  do {
    auto page = b.scan(cursor, "stable:*", 25);
    for (const auto& key : page.keys) ++seen[key];
    cursor = page.cursor;
    for (int i = 0; i < 10; ++i, ++round) {
      b.remove("churn:" + std::to_string(round % 300));
      set(b, "fresh:" + std::to_string(round), "v");
      set(b, "stable:" + std::to_string((round * 7) % 300), "rewritten");
      b.move("fresh:" + std::to_string(round), "churn:" + std::to_string(round % 300));
    }
  } while (cursor != "0");
  EXPECT_EQ(seen.size(), 300u);
  for (const auto& [key, times] : seen) EXPECT_EQ(times, 1) << key;
}

TEST(MemoryBackend, ScanRejectsWhatRedisRejects) {
  memory_backend b;
  EXPECT_THROW(b.scan("abc", "*", 10), rediscache::reply_error);
  EXPECT_THROW(b.scan("", "*", 10), rediscache::reply_error);
  EXPECT_THROW(b.scan("0", "*", 0), rediscache::reply_error);
  EXPECT_THROW(b.remove_pattern("*", 0), rediscache::reply_error);
  EXPECT_EQ(b.scan("12345", "*", 10).cursor, "0");
}

TEST(MemoryBackend, RemovePatternDeletesOnlyMatches) {
  memory_backend b;
  for (int i = 0; i < 100; ++i) {
    set(b, "a:" + std::to_string(i), "v");
    set(b, "b:" + std::to_string(i), "v");
  }
  set(b, "a:dying", "v", short_ttl);
  std::this_thread::sleep_for(past_short_ttl);
  EXPECT_EQ(b.remove_pattern("a:*", 7), 100u);
  EXPECT_EQ(b.size(), 100u);
  EXPECT_EQ(b.remove_pattern("a:*", 7), 0u);
  EXPECT_EQ(b.remove_pattern("b:1?", 1000), 10u);
  EXPECT_EQ(b.remove_pattern("*", 10), 90u);
  EXPECT_EQ(b.size(), 0u);
}

TEST(MemoryBackend, ConcurrentIncrementsAreAtomic) {
  memory_backend b;
  set(b, "n", "0");
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&b] {
      for (int i = 0; i < 1000; ++i) b.incr("n", 1);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(b.get("n"), "8000");
}

// Mixed traffic on a bounded backend; meant to be run under the thread sanitizer as well.
TEST(MemoryBackend, ConcurrentMixedTrafficStaysConsistent) {
  memory_backend b(memory_options{64});
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&b, &failed, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string key = "k" + std::to_string((i * 7 + t) % 100);
        b.set(key, std::to_string(i), i % 3 ? memory_backend::expiry(50ms) : std::nullopt, always);
        auto value = b.get(key);
        if (value && value->empty()) failed = true;
        b.incr(key, 1);
        b.touch(key, std::nullopt);
        b.move(key, key + "m");
        if (i % 100 == 0) scan_all(b, "k1*", 16);
        if (i % 500 == 0) b.remove_pattern("*m", 32);
        if (b.size() > 64) failed = true;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_FALSE(failed.load());
  EXPECT_LE(b.size(), 64u);
}

}  // namespace
