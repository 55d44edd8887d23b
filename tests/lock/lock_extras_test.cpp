// Beyond redis-py: fencing tokens, the auto-extend watchdog, the release notification.
#include "lock/lock_helpers.hpp"

#include <rediscache/pubsub/subscriber.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using rediscache::distributed_lock;
using rediscache::lock_options;
using rediscache::test::LockTest;

namespace {

lock_options fenced() {
  lock_options o;
  o.fencing = true;
  o.timeout = 10s;
  return o;
}

TEST_F(LockTest, FencingTokensStrictlyIncreaseAcrossLockObjects) {
  auto a = make(fenced());
  auto b = make(fenced());
  std::int64_t last = 0;
  for (int i = 0; i < 10; ++i) {
    auto& lock = i % 2 == 0 ? a : b;
    ASSERT_TRUE(lock.acquire());
    ASSERT_TRUE(lock.fencing_token().has_value());
    EXPECT_GT(*lock.fencing_token(), last);
    last = *lock.fencing_token();
    EXPECT_GT(pttl(), 9000) << "the fenced acquire still sets PX";
    lock.release();
    EXPECT_EQ(lock.fencing_token(), std::nullopt);
  }
  EXPECT_EQ(server.command({"GET", a.fence_key()}), std::to_string(last));
  EXPECT_EQ(server.command({"PTTL", a.fence_key()}), "-1");

  auto plain = make();
  ASSERT_TRUE(plain.acquire());
  EXPECT_EQ(plain.fencing_token(), std::nullopt);
  plain.release();
  EXPECT_EQ(server.command({"GET", a.fence_key()}), std::to_string(last));
}

TEST_F(LockTest, FencingTokensFollowTheOrderOfCriticalSections) {
  std::mutex order_mutex;
  std::vector<std::int64_t> order;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto o = fenced();
      o.sleep = 10ms;
      distributed_lock lock(redis, key(), o);
      for (int i = 0; i < 50; ++i) {
        std::lock_guard<distributed_lock> guard(lock);
        std::lock_guard<std::mutex> record(order_mutex);
        order.push_back(*lock.fencing_token());
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(order.size(), 200u);
  for (std::size_t i = 1; i < order.size(); ++i) EXPECT_LT(order[i - 1], order[i]);
}

TEST_F(LockTest, FencedAcquireWithoutTimeoutSetsNoExpiry) {
  auto o = fenced();
  o.timeout.reset();
  auto lock = make(o);
  ASSERT_TRUE(lock.acquire());
  EXPECT_EQ(pttl(), -1);
  EXPECT_EQ(lock.fencing_token(), 1);
  lock.release();
}

TEST_F(LockTest, WatchdogKeepsAShortLockAliveUntilReleased) {
  lock_options o;
  o.timeout = 300ms;
  o.auto_extend = true;
  auto lock = make(o);
  ASSERT_TRUE(lock.acquire());
  std::this_thread::sleep_for(1200ms);  // four TTLs
  EXPECT_TRUE(lock.owned());
  EXPECT_FALSE(lock.ownership_lost());
  EXPECT_GT(pttl(), 0);
  lock.release();
  EXPECT_EQ(server.command({"EXISTS", key()}), "0");

  // Stopped on release: nothing extends a later owner's key.
  auto other = make();
  ASSERT_TRUE(other.acquire(rediscache::blocking_mode::non_blocking));
  server.command({"PEXPIRE", key(), "200"});
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(server.command({"EXISTS", key()}), "0");
}

TEST_F(LockTest, WatchdogStopsWhenTheLockObjectIsDestroyed) {
  lock_options o;
  o.timeout = 300ms;
  o.auto_extend = true;
  {
    auto lock = make(o);
    ASSERT_TRUE(lock.acquire());
    std::this_thread::sleep_for(400ms);
    EXPECT_EQ(server.command({"EXISTS", key()}), "1");
  }
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(server.command({"EXISTS", key()}), "0") << "no longer extended: expired";
}

TEST_F(LockTest, WatchdogRecordsALostLock) {
  std::mutex m;
  std::condition_variable cv;
  std::string lost_key;
  int reports = 0;
  lock_options o;
  o.timeout = 300ms;
  o.auto_extend = true;
  o.on_lost = [&](const std::string& k) {
    std::lock_guard<std::mutex> lock(m);
    lost_key = k;
    ++reports;
    cv.notify_all();
  };
  auto lock = make(o);
  ASSERT_TRUE(lock.acquire());
  server.command({"SET", key(), "someone-else"});
  {
    std::unique_lock<std::mutex> wait(m);
    ASSERT_TRUE(cv.wait_for(wait, 5s, [&] { return !lost_key.empty(); }));
  }
  EXPECT_EQ(lost_key, key());
  EXPECT_TRUE(lock.ownership_lost());
  EXPECT_FALSE(lock.owned());
  EXPECT_EQ(server.command({"GET", key()}), "someone-else");
  lock.unlock();  // finds it not owned too, but the loss was reported already
  EXPECT_EQ(server.command({"GET", key()}), "someone-else");
  std::lock_guard<std::mutex> hold(m);
  EXPECT_EQ(reports, 1);
}

TEST_F(LockTest, ReleasePublishesOnTheNotificationChannelOnlyWhenItDeletes) {
  std::mutex m;
  std::condition_variable cv;
  std::vector<rediscache::pubsub_message> seen;
  rediscache::subscriber sub(commands);
  auto lock = make();
  ASSERT_TRUE(
      sub.subscribe(lock.notification_channel(), [&](const rediscache::pubsub_message& msg) {
        std::lock_guard<std::mutex> hold(m);
        seen.push_back(msg);
        cv.notify_all();
      }));
  ASSERT_TRUE(lock.acquire());
  lock.release();
  {
    std::unique_lock<std::mutex> wait(m);
    ASSERT_TRUE(cv.wait_for(wait, 5s, [&] { return !seen.empty(); }));
  }
  EXPECT_EQ(seen[0].channel, key() + ":released");
  EXPECT_EQ(seen[0].payload, key());

  lock_options short_lived;
  short_lived.timeout = 50ms;
  auto expiring = make(short_lived);
  ASSERT_TRUE(expiring.acquire());
  std::this_thread::sleep_for(150ms);
  EXPECT_THROW(expiring.release(), rediscache::lock_not_owned_error);
  lock_options quiet;
  quiet.notify_release = false;
  auto silent = make(quiet);
  ASSERT_TRUE(silent.acquire());
  silent.release();
  std::this_thread::sleep_for(200ms);
  std::lock_guard<std::mutex> hold(m);
  EXPECT_EQ(seen.size(), 1u);
}

// Redis 7 gives new ACL users no channel rights (acl-pubsub-default resetchannels): the release
// still works, and waiters fall back to polling.
TEST(LockAcl, AUserWithoutChannelRightsStillReleasesAndWaitersPoll) {
  rediscache::test::server_config cfg;
  cfg.acl_users = {"bob on >secret ~* resetchannels +@all"};
  rediscache::test::redis_server server(cfg);
  auto o = rediscache::test::options_of(server);
  o.user = "bob";
  o.password = "secret";
  rediscache::pooled_executor redis(o);
  lock_options shared;
  shared.sharing = rediscache::token_sharing::shared;
  shared.sleep = 20ms;
  distributed_lock holder(redis, "acl-lock", shared);
  distributed_lock waiter(redis, "acl-lock", shared);
  ASSERT_TRUE(holder.acquire());
  std::thread releaser([&] {
    std::this_thread::sleep_for(200ms);
    EXPECT_NO_THROW(holder.release());
  });
  EXPECT_TRUE(waiter.acquire());
  releaser.join();
  waiter.release();
  EXPECT_EQ(server.command({"EXISTS", "acl-lock"}), "0");
}

}  // namespace
