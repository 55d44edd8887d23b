// redis-py Lock semantics: acquire, release, the blocking loop, extend, reacquire, keys, values.
#include "lock/lock_helpers.hpp"

#include <rediscache/cache.hpp>

#include <gtest/gtest.h>

#include <thread>

using namespace std::chrono_literals;
using rediscache::acquire_options;
using rediscache::blocking_mode;
using rediscache::distributed_lock;
using rediscache::extend_mode;
using rediscache::lock_options;
using rediscache::test::is_hex_token;
using rediscache::test::LockTest;
using rediscache::test::since;
using rediscache::test::with_timeout;

namespace {

TEST_F(LockTest, AcquireStoresA32HexTokenAndReleaseDeletesIt) {
  auto lock = make();
  EXPECT_FALSE(lock.locked());
  ASSERT_TRUE(lock.acquire());
  auto stored = server.command({"GET", key()});
  EXPECT_TRUE(is_hex_token(stored)) << stored;
  EXPECT_EQ(lock.token(), stored);
  EXPECT_TRUE(lock.locked());
  EXPECT_TRUE(lock.owned());
  EXPECT_EQ(pttl(), -1) << "no timeout: no expiry, as redis-py";
  lock.release();
  EXPECT_FALSE(lock.locked());
  EXPECT_FALSE(lock.owned());
  EXPECT_EQ(lock.token(), std::nullopt);
  EXPECT_EQ(server.command({"EXISTS", key()}), "0");

  ASSERT_TRUE(lock.acquire());
  EXPECT_NE(server.command({"GET", key()}), stored) << "a fresh token per acquisition";
  lock.release();
}

TEST_F(LockTest, TimeoutSetsPxInMilliseconds) {
  auto lock = make(with_timeout(1500ms));
  ASSERT_TRUE(lock.acquire());
  EXPECT_GT(pttl(), 1000);
  EXPECT_LE(pttl(), 1500);
  lock.release();
}

TEST_F(LockTest, ZeroTimeoutMeansNoExpiryAsInRedisPy) {
  auto lock = make(with_timeout(0ms));
  EXPECT_EQ(lock.options().timeout, std::nullopt);
  ASSERT_TRUE(lock.acquire());
  EXPECT_EQ(pttl(), -1);
  lock.release();
}

TEST_F(LockTest, NonBlockingAcquireFailsAtOnceWhileHeld) {
  auto holder = make();
  ASSERT_TRUE(holder.acquire());
  lock_options o;
  o.blocking = blocking_mode::non_blocking;
  auto other = make(o);
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(other.acquire());
  EXPECT_FALSE(other.try_lock());
  EXPECT_LT(since(start), 200ms);
  EXPECT_FALSE(other.owned());
  EXPECT_TRUE(other.locked());
  holder.release();
  EXPECT_TRUE(other.acquire());
  other.release();
}

TEST_F(LockTest, BlockingTimeoutIsHonouredWithinTenPercent) {
  auto holder = make();
  ASSERT_TRUE(holder.acquire());
  for (bool notify : {true, false}) {
    lock_options o;
    o.sleep = 20ms;
    o.blocking_timeout = 1000ms;
    o.notify_release = notify;
    auto waiter = make(o);
    auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(waiter.acquire());
    auto took = since(start);
    EXPECT_GE(took, 900ms) << "notify " << notify;
    EXPECT_LE(took, 1100ms) << "notify " << notify;
  }
  holder.release();
}

// redis-py test_blocking_timeout: bt >= elapsed > bt - sleep.
TEST_F(LockTest, RedisPyLoopGivesUpBeforeTheSleepThatWouldPassTheTimeout) {
  auto holder = make();
  ASSERT_TRUE(holder.acquire());
  lock_options o;
  o.sleep = 50ms;
  o.blocking_timeout = 400ms;
  auto waiter = make(o);
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(waiter.acquire());
  auto took = since(start);
  EXPECT_GT(took, 350ms);
  EXPECT_LE(took, 440ms);
  holder.release();
}

// redis-py test_high_sleep_small_blocking_timeout: no sleep at all when the first one would end
// past the timeout.
TEST_F(LockTest, SleepLongerThanBlockingTimeoutReturnsWithoutSleeping) {
  auto holder = make();
  ASSERT_TRUE(holder.acquire());
  lock_options o;
  o.sleep = 60s;
  o.blocking_timeout = 1s;
  auto waiter = make(o);
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(waiter.acquire());
  EXPECT_LT(since(start), 200ms);
  holder.release();
}

TEST_F(LockTest, PerCallOverridesFallBackToTheOptions) {
  auto holder = make();
  ASSERT_TRUE(holder.acquire());
  lock_options o;
  o.blocking_timeout = 10s;
  auto waiter = make(o);
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(waiter.acquire(blocking_mode::non_blocking));
  acquire_options quick;
  quick.blocking_timeout = 200ms;
  quick.sleep = 10ms;
  EXPECT_FALSE(waiter.acquire(quick));
  EXPECT_LT(since(start), 1s);
  holder.release();

  acquire_options mine;
  mine.token = "my-own-token";
  ASSERT_TRUE(waiter.acquire(mine));
  EXPECT_EQ(server.command({"GET", key()}), "my-own-token");
  EXPECT_TRUE(waiter.owned());
  waiter.release();
}

TEST_F(LockTest, BlockingAcquireWaitsForTheRelease) {
  lock_options handed_over;
  handed_over.sharing = rediscache::token_sharing::shared;  // released by another thread
  auto holder = make(handed_over);
  ASSERT_TRUE(holder.acquire());
  std::thread releaser([&] {
    std::this_thread::sleep_for(300ms);
    holder.release();
  });
  auto waiter = make();
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(waiter.acquire());
  EXPECT_GE(since(start), 250ms);
  releaser.join();
  EXPECT_TRUE(waiter.owned());
  waiter.release();
}

TEST_F(LockTest, ExtendAddsToOrReplacesTheTtl) {
  auto lock = make(with_timeout(10s));
  ASSERT_TRUE(lock.acquire());
  lock.extend(5s);
  EXPECT_GT(pttl(), 14000);
  EXPECT_LE(pttl(), 15000);
  lock.extend(3s, extend_mode::replace);
  EXPECT_GT(pttl(), 2000);
  EXPECT_LE(pttl(), 3000);
  lock.release();
}

TEST_F(LockTest, ReacquireResetsTheTtlToTheTimeout) {
  auto lock = make(with_timeout(10s));
  ASSERT_TRUE(lock.acquire());
  server.command({"PEXPIRE", key(), "500"});
  lock.reacquire();
  EXPECT_GT(pttl(), 9000);
  lock.release();
}

TEST_F(LockTest, ExtendAndReacquireRunRedisPysScriptsByteForByte) {
  auto lock = make(with_timeout(10s));
  ASSERT_TRUE(lock.acquire());
  lock.extend(1s);
  lock.reacquire();
  lock.release();
  lock_options plain = with_timeout(10s);
  plain.notify_release = false;
  auto quiet = make(plain);
  ASSERT_TRUE(quiet.acquire());
  quiet.release();
  // The SHA-1s of redis-py 4.3.4's LUA_RELEASE_SCRIPT, LUA_EXTEND_SCRIPT, LUA_REACQUIRE_SCRIPT.
  EXPECT_EQ(server.command({"SCRIPT", "EXISTS", "c3f8721cbb97f72bc19e972846bd7aaf91901658",
                            "a4e8783852e6b949f9ef3a97212805108459a890",
                            "1cac51482acf5858da00f6d685d68f886cd6b6b2"}),
            "1\n1\n1");
}

TEST_F(LockTest, CacheLockKeyIsTheCachesMadeKey) {
  rediscache::cache_options o;
  o.key_prefix = "shop";
  o.version = 3;
  auto c =
      rediscache::cache::from_url("redis://127.0.0.1:" + std::to_string(server.single().port()), o);
  distributed_lock lock(c, "nightly-report");
  EXPECT_EQ(lock.key(), c.make_key("nightly-report"));
  EXPECT_EQ(lock.key(), "shop:3:nightly-report");
  ASSERT_TRUE(lock.acquire());
  EXPECT_EQ(server.command({"GET", "shop:3:nightly-report"}), *lock.token());
  EXPECT_EQ(lock.notification_channel(), "shop:3:nightly-report:released");
  EXPECT_EQ(lock.fence_key(), "shop:3:nightly-report:fence");
  lock.release();
}

TEST(LockWithoutServer, MemoryBackendIsUnsupported) {
  auto c = rediscache::cache::from_url("memory://");
  try {
    distributed_lock lock(c, "x");
    FAIL() << "expected unsupported_error";
  } catch (const rediscache::unsupported_error& e) {
    EXPECT_NE(std::string(e.what()).find("lock needs a Redis backend"), std::string::npos)
        << e.what();
  }
}

}  // namespace
