// The edges: release after expiry or takeover, redis-py's return values, exact fencing tokens over
// the whole int64 range, durations at and past their limits, locks under a key version.
#include "lock/lock_helpers.hpp"

#include <rediscache/cache.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <thread>

using namespace std::chrono_literals;
using rediscache::distributed_lock;
using rediscache::extend_mode;
using rediscache::key_version;
using rediscache::lock_not_owned_error;
using rediscache::lock_options;
using rediscache::max_lock_ttl;
using rediscache::token_sharing;
using rediscache::test::expect_lock_error;
using rediscache::test::LockTest;
using rediscache::test::since;
using rediscache::test::with_timeout;

namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

// Every way the options change how release() runs: redis-py's script or ours, per-thread or
// shared tokens, with or without fencing.
std::vector<lock_options> release_variants(std::chrono::milliseconds ttl) {
  std::vector<lock_options> out;
  for (bool notify : {true, false}) {
    for (auto sharing : {token_sharing::per_thread, token_sharing::shared}) {
      for (bool fencing : {false, true}) {
        lock_options o = with_timeout(ttl);
        o.notify_release = notify;
        o.sharing = sharing;
        o.fencing = fencing;
        out.push_back(o);
      }
    }
  }
  return out;
}

TEST_F(LockTest, ReleaseOfAnExpiredLockThrowsNotOwned) {
  for (const auto& o : release_variants(50ms)) {
    auto lock = make(o);
    ASSERT_TRUE(lock.acquire());
    std::this_thread::sleep_for(120ms);
    ASSERT_EQ(server.command({"EXISTS", key()}), "0");
    expect_lock_error<lock_not_owned_error>([&] { lock.release(); },
                                            "Cannot release a lock that's no longer owned", key());
    EXPECT_EQ(lock.token(), std::nullopt);
  }
}

TEST_F(LockTest, ReleaseOfALockTakenOverThrowsNotOwnedAndKeepsTheNewOwnersKey) {
  for (const auto& o : release_variants(10s)) {
    auto lock = make(o);
    ASSERT_TRUE(lock.acquire());
    server.command({"SET", key(), "new-owner", "PX", "60000"});
    expect_lock_error<lock_not_owned_error>([&] { lock.release(); },
                                            "Cannot release a lock that's no longer owned", key());
    EXPECT_EQ(server.command({"GET", key()}), "new-owner");
    EXPECT_GT(pttl(), 50000);
    server.command({"DEL", key()});
  }
}

TEST_F(LockTest, ExtendAndReacquireReturnTrueAsRedisPy) {
  auto lock = make(with_timeout(10s));
  ASSERT_TRUE(lock.acquire());
  EXPECT_TRUE(lock.extend(1s));
  EXPECT_TRUE(lock.extend(20s, extend_mode::replace));
  EXPECT_TRUE(lock.reacquire());
  lock.release();
}

TEST_F(LockTest, FencingTokensAreExactUpToInt64MaxAndThenOverflow) {
  lock_options o = with_timeout(10s);
  o.fencing = true;
  auto lock = make(o);
  server.command({"SET", lock.fence_key(), std::to_string(int64_max - 2)});
  for (std::int64_t expected : {int64_max - 1, int64_max}) {
    ASSERT_TRUE(lock.acquire());
    EXPECT_EQ(lock.fencing_token(), expected);
    lock.release();
  }
  try {
    lock.acquire();
    FAIL() << "acquired past INT64_MAX";
  } catch (const rediscache::overflow_error& e) {
    EXPECT_NE(std::string(e.what()).find(lock.fence_key()), std::string::npos) << e.what();
  }
  EXPECT_EQ(server.command({"EXISTS", key()}), "0") << "the lock is left free";
  EXPECT_EQ(server.command({"GET", lock.fence_key()}), std::to_string(int64_max));
  EXPECT_EQ(lock.token(), std::nullopt);
}

TEST_F(LockTest, AFencingCountOfZeroIsStillAnAcquisition) {
  lock_options o = with_timeout(10s);
  o.fencing = true;
  auto lock = make(o);
  server.command({"SET", lock.fence_key(), "-1"});
  ASSERT_TRUE(lock.acquire());
  EXPECT_EQ(lock.fencing_token(), 0);
  EXPECT_EQ(server.command({"GET", key()}), *lock.token());
  lock.release();
}

TEST_F(LockTest, AFencingCounterThatIsNotANumberIsAReplyErrorAndLeavesTheLockFree) {
  lock_options o = with_timeout(10s);
  o.fencing = true;
  auto lock = make(o);
  server.command({"SET", lock.fence_key(), "not-a-number"});
  EXPECT_THROW(lock.acquire(), rediscache::reply_error);
  EXPECT_EQ(server.command({"EXISTS", key()}), "0");
}

TEST_F(LockTest, TimeoutsUpToMaxLockTtlAreExactAndLongerOnesAreConfigErrors) {
  EXPECT_THROW(make(with_timeout(max_lock_ttl + 1ms)), rediscache::config_error);
  EXPECT_THROW(make(with_timeout(std::chrono::milliseconds::max())), rediscache::config_error);
  auto lock = make(with_timeout(max_lock_ttl));
  ASSERT_TRUE(lock.acquire());
  const long long max_ms = max_lock_ttl.count();
  EXPECT_GT(pttl(), max_ms - 10000);
  // redis-py's script adds in Lua's doubles: the sum, just under 2^53, must stay exact.
  ASSERT_TRUE(lock.extend(max_lock_ttl));
  EXPECT_GT(pttl(), 2 * max_ms - 10000);
  EXPECT_LE(pttl(), 2 * max_ms);
  EXPECT_THROW(lock.extend(max_lock_ttl + 1ms), rediscache::config_error);
  EXPECT_THROW(lock.extend(-1ms), rediscache::config_error);
  EXPECT_THROW(lock.extend(-1ms, extend_mode::replace), rediscache::config_error);
  EXPECT_GT(pttl(), 2 * max_ms - 10000) << "a refused extend leaves the TTL alone";
  lock.release();
}

TEST_F(LockTest, WaitsTooLongForTheClockMeanWithoutEnd) {
  auto holder = make();
  ASSERT_TRUE(holder.acquire());
  std::thread releaser([&] {
    std::this_thread::sleep_for(200ms);
    server.command({"DEL", key()});  // the holder's token is per thread: free the key directly
  });
  lock_options forever;
  forever.blocking_timeout = std::chrono::milliseconds::max();
  forever.sleep = 20ms;
  auto waiter = make(forever);
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(waiter.acquire());
  EXPECT_GE(since(start), 150ms);
  releaser.join();
  waiter.release();

  ASSERT_TRUE(holder.acquire());
  std::thread releaser2([&] {
    std::this_thread::sleep_for(200ms);
    server.command({"DEL", key()});
  });
  auto other = make();
  EXPECT_TRUE(other.try_lock_for(std::chrono::hours::max()));
  releaser2.join();
  other.release();
}

TEST_F(LockTest, ASleepPastTheBlockingTimeoutReturnsAtOnce) {
  auto holder = make();
  ASSERT_TRUE(holder.acquire());
  lock_options o;
  o.sleep = std::chrono::milliseconds::max();
  o.blocking_timeout = 300ms;
  auto waiter = make(o);
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(waiter.acquire());
  EXPECT_LT(since(start), 200ms);
  holder.release();
}

// A watchdog interval longer than the steady clock counts must not turn into a busy loop.
TEST_F(LockTest, AWatchdogWithAHugeIntervalWaitsInsteadOfSpinning) {
  lock_options o = with_timeout(max_lock_ttl);
  o.auto_extend = true;
  auto lock = make(o);
  server.command({"CONFIG", "RESETSTAT"});
  ASSERT_TRUE(lock.acquire());
  std::this_thread::sleep_for(300ms);
  const std::string stats = server.command({"INFO", "commandstats"});
  EXPECT_EQ(stats.find("cmdstat_evalsha"), std::string::npos) << stats;
  EXPECT_EQ(stats.find("cmdstat_eval:"), std::string::npos) << stats;
  lock.release();
}

TEST_F(LockTest, ACacheLockTakesAKeyVersionLikeEveryCacheKey) {
  rediscache::cache_options o;
  o.key_prefix = "shop";
  o.version = 3;
  auto c =
      rediscache::cache::from_url("redis://127.0.0.1:" + std::to_string(server.single().port()), o);
  distributed_lock v7(c, "report", lock_options{}, key_version(7));
  distributed_lock alias_version(c, "report");
  EXPECT_EQ(v7.key(), "shop:7:report");
  EXPECT_EQ(v7.key(), c.make_key("report", key_version(7)));
  EXPECT_EQ(alias_version.key(), "shop:3:report");
  EXPECT_EQ(v7.fence_key(), "shop:7:report:fence");
  ASSERT_TRUE(v7.acquire());
  EXPECT_EQ(server.command({"GET", "shop:7:report"}), *v7.token());
  EXPECT_TRUE(alias_version.acquire(rediscache::blocking_mode::non_blocking))
      << "another version is another lock";
  alias_version.release();
  v7.release();
}

}  // namespace
