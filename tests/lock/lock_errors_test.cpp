// Every error redis-py distinguishes, with its type and message, and the options we refuse.
#include "lock/lock_helpers.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace std::chrono_literals;
using rediscache::distributed_lock;
using rediscache::extend_mode;
using rediscache::lock_error;
using rediscache::lock_not_owned_error;
using rediscache::lock_options;
using rediscache::test::expect_lock_error;
using rediscache::test::LockTest;
using rediscache::test::with_timeout;

namespace {

TEST_F(LockTest, ReleasingAnUnlockedLockIsALockError) {
  auto lock = make();
  expect_lock_error<lock_error>([&] { lock.release(); },
                                "Cannot release a lock that's not owned or is already unlocked.",
                                key());
  ASSERT_TRUE(lock.acquire());
  lock.release();
  expect_lock_error<lock_error>([&] { lock.release(); },
                                "Cannot release a lock that's not owned or is already unlocked.",
                                key());
}

TEST_F(LockTest, ExtendAndReacquireNeedAHeldLockWithATimeout) {
  auto timed = make(with_timeout(10s));
  expect_lock_error<lock_error>([&] { timed.extend(1s); }, "Cannot extend an unlocked lock", key());
  expect_lock_error<lock_error>([&] { timed.reacquire(); }, "Cannot reacquire an unlocked lock",
                                key());
  auto forever = make();
  ASSERT_TRUE(forever.acquire());
  expect_lock_error<lock_error>([&] { forever.extend(1s); }, "Cannot extend a lock with no timeout",
                                key());
  expect_lock_error<lock_error>([&] { forever.reacquire(); },
                                "Cannot reacquire a lock with no timeout", key());
  forever.release();
}

TEST_F(LockTest, ALockThatExpiredWhileHeldReportsNotOwnedAndSparesTheNewOwner) {
  auto first = make(with_timeout(100ms));
  ASSERT_TRUE(first.acquire());
  std::this_thread::sleep_for(250ms);
  auto second = make(with_timeout(10s));
  ASSERT_TRUE(second.acquire());
  const auto new_owner = *second.token();

  EXPECT_FALSE(first.owned());
  expect_lock_error<lock_not_owned_error>([&] { first.extend(1s); },
                                          "Cannot extend a lock that's no longer owned", key());
  expect_lock_error<lock_not_owned_error>([&] { first.extend(1s, extend_mode::replace); },
                                          "Cannot extend a lock that's no longer owned", key());
  expect_lock_error<lock_not_owned_error>([&] { first.reacquire(); },
                                          "Cannot reacquire a lock that's no longer owned", key());
  expect_lock_error<lock_not_owned_error>([&] { first.release(); },
                                          "Cannot release a lock that's no longer owned", key());
  EXPECT_EQ(server.command({"GET", key()}), new_owner);
  EXPECT_GT(pttl(), 9000);
  // The token was cleared before the script ran, as in redis-py.
  EXPECT_EQ(first.token(), std::nullopt);
  expect_lock_error<lock_error>([&] { first.release(); },
                                "Cannot release a lock that's not owned or is already unlocked.",
                                key());
  second.release();
}

TEST_F(LockTest, NotOwnedIsALockErrorWithItsOwnCode) {
  auto lock = make(with_timeout(50ms));
  ASSERT_TRUE(lock.acquire());
  std::this_thread::sleep_for(150ms);
  try {
    lock.release();
    FAIL();
  } catch (const lock_error& e) {  // catchable as its base, like redis-py's LockNotOwnedError
    EXPECT_EQ(e.code(), rediscache::errc::lock_not_owned);
    EXPECT_NE(std::string(e.what()).find("[rediscache.lock_not_owned]"), std::string::npos);
  }
}

TEST_F(LockTest, ExtendingAKeyWithoutExpiryIsNotOwned) {
  auto lock = make(with_timeout(10s));
  ASSERT_TRUE(lock.acquire());
  server.command({"PERSIST", key()});
  expect_lock_error<lock_not_owned_error>([&] { lock.extend(1s); },
                                          "Cannot extend a lock that's no longer owned", key());
  lock.release();
}

TEST_F(LockTest, LockThrowsWhenBlockingTimeoutPasses) {
  auto holder = make();
  ASSERT_TRUE(holder.acquire());
  lock_options o;
  o.blocking_timeout = 200ms;
  o.sleep = 20ms;
  auto waiter = make(o);
  expect_lock_error<lock_error>([&] { waiter.lock(); },
                                "Unable to acquire lock within the time specified", key());
  holder.release();
  waiter.lock();
  waiter.unlock();
}

TEST_F(LockTest, UnlockNeverThrowsAndReportsALostLock) {
  std::atomic<int> lost{0};
  auto o = with_timeout(50ms);
  o.on_lost = [&](const std::string& lost_key) {
    EXPECT_EQ(lost_key, key());
    ++lost;
  };
  auto lock = make(o);
  lock.unlock();  // not held: logged, not thrown
  ASSERT_TRUE(lock.acquire());
  std::this_thread::sleep_for(150ms);
  lock.unlock();
  EXPECT_EQ(lost, 1);
}

TEST_F(LockTest, InvalidOptionsAreConfigErrors) {
  auto bad = [&](const lock_options& o) {
    EXPECT_THROW(distributed_lock(redis, key(), o), rediscache::config_error);
  };
  lock_options negative_timeout;
  negative_timeout.timeout = -1ms;
  bad(negative_timeout);
  lock_options negative_sleep;
  negative_sleep.sleep = -1ms;
  bad(negative_sleep);
  lock_options negative_wait;
  negative_wait.blocking_timeout = -5ms;
  bad(negative_wait);
  lock_options watchdog_without_timeout;
  watchdog_without_timeout.auto_extend = true;
  bad(watchdog_without_timeout);
  lock_options watchdog_too_slow;
  watchdog_too_slow.auto_extend = true;
  watchdog_too_slow.timeout = 1s;
  watchdog_too_slow.auto_extend_interval = 1s;
  bad(watchdog_too_slow);
}

TEST_F(LockTest, TransportErrorsPropagate) {
  auto lock = make();
  server.single().stop();
  EXPECT_THROW(lock.acquire(), rediscache::connection_error);
  EXPECT_THROW(lock.locked(), rediscache::connection_error);
}

}  // namespace
