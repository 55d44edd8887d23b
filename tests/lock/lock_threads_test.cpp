// Standard guards, token sharing between threads, contention, and the release wake-up.
#include "lock/lock_helpers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using rediscache::distributed_lock;
using rediscache::lock_error;
using rediscache::lock_options;
using rediscache::token_sharing;
using rediscache::test::LockTest;
using rediscache::test::since;

namespace {

TEST_F(LockTest, WorksWithLockGuardAndUniqueLock) {
  auto lock = make();
  {
    std::lock_guard<distributed_lock> guard(lock);
    EXPECT_TRUE(lock.owned());
  }
  EXPECT_FALSE(lock.locked());
  {
    std::unique_lock<distributed_lock> held(lock, std::try_to_lock);
    ASSERT_TRUE(held.owns_lock());

    auto other = make();
    std::unique_lock<distributed_lock> waiting(other, std::defer_lock);
    auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(waiting.try_lock_for(300ms));
    auto took = since(start);
    EXPECT_GE(took, 200ms);
    EXPECT_LT(took, 400ms);
    EXPECT_FALSE(waiting.try_lock_until(std::chrono::steady_clock::now() + 100ms));
    EXPECT_FALSE(other.try_lock_for(-5ms));
    held.unlock();
    EXPECT_TRUE(waiting.try_lock_for(1s));
  }
  EXPECT_FALSE(lock.locked());
}

TEST_F(LockTest, ScopedLockTakesTwoLocks) {
  distributed_lock a(redis, key() + ":a");
  distributed_lock b(redis, key() + ":b");
  {
    std::scoped_lock both(a, b);
    EXPECT_TRUE(a.owned());
    EXPECT_TRUE(b.owned());
  }
  EXPECT_FALSE(a.locked());
  EXPECT_FALSE(b.locked());
}

TEST_F(LockTest, PerThreadTokensAreInvisibleToOtherThreads) {
  auto lock = make();
  ASSERT_TRUE(lock.acquire());
  std::thread other([&] {
    EXPECT_EQ(lock.token(), std::nullopt);
    EXPECT_FALSE(lock.owned());
    EXPECT_TRUE(lock.locked());
    EXPECT_THROW(lock.release(), lock_error);
    EXPECT_FALSE(lock.try_lock()) << "held by the first thread, through the same object";
  });
  other.join();
  EXPECT_TRUE(lock.owned());
  lock.release();
}

TEST_F(LockTest, ASharedTokenCanBeReleasedByAnotherThread) {
  lock_options o;
  o.sharing = token_sharing::shared;
  auto lock = make(o);
  ASSERT_TRUE(lock.acquire());
  std::thread other([&] {
    EXPECT_TRUE(lock.owned());
    EXPECT_NO_THROW(lock.release());
  });
  other.join();
  EXPECT_FALSE(lock.locked());
  EXPECT_EQ(lock.token(), std::nullopt);
}

TEST_F(LockTest, EightThreadsNeverOverlapInTheCriticalSection) {
  constexpr int threads = 8;
  constexpr int sections = 1000;
  std::atomic<int> inside{0};
  std::atomic<int> overlaps{0};
  std::atomic<int> entered{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      lock_options o;
      o.timeout = 30s;  // a crash must not leave the key forever
      o.sleep = 10ms;   // the fallback poll; releases wake waiters long before it
      distributed_lock lock(redis, key(), o);
      for (int i = 0; i < sections; ++i) {
        std::lock_guard<distributed_lock> guard(lock);
        if (inside.fetch_add(1) != 0) ++overlaps;
        ++entered;
        if (inside.fetch_sub(1) != 1) ++overlaps;
      }
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(overlaps, 0);
  EXPECT_EQ(entered, threads * sections);
  EXPECT_EQ(server.command({"EXISTS", key()}), "0");
}

// With a 500 ms poll interval only the release notification can explain a fast handoff.
TEST_F(LockTest, AReleaseWakesTheWaiterFarSoonerThanThePollInterval) {
  lock_options o;
  o.sleep = 500ms;
  auto holder = make(o);
  auto waiter = make(o);
  std::vector<std::chrono::microseconds> handoffs;
  for (int round = 0; round < 5; ++round) {
    ASSERT_TRUE(holder.acquire());
    std::atomic<std::int64_t> acquired_at{0};
    std::thread waiting([&] {
      waiter.lock();
      acquired_at = std::chrono::steady_clock::now().time_since_epoch().count();
      waiter.unlock();
    });
    std::this_thread::sleep_for(150ms);  // the waiter tried, failed and now waits
    auto released_at = std::chrono::steady_clock::now();
    holder.release();
    waiting.join();
    auto acquired = std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(acquired_at.load()));
    handoffs.push_back(
        std::chrono::duration_cast<std::chrono::microseconds>(acquired - released_at));
  }
  std::sort(handoffs.begin(), handoffs.end());
  auto median = handoffs[handoffs.size() / 2];
  RecordProperty("median_handoff_us", static_cast<int>(median.count()));
  EXPECT_LT(median, 50ms) << "median handoff " << median.count() << " us";
  EXPECT_LT(handoffs.back(), 250ms) << "slowest handoff " << handoffs.back().count() << " us";
}

TEST_F(LockTest, WaitersOnManyKeysShareOneSubscriberConnection) {
  constexpr int keys = 5;
  std::vector<std::unique_ptr<distributed_lock>> holders;
  std::vector<std::unique_ptr<distributed_lock>> waiters;
  std::vector<std::thread> threads;
  for (int i = 0; i < keys; ++i) {
    holders.push_back(std::make_unique<distributed_lock>(redis, key() + std::to_string(i)));
    ASSERT_TRUE(holders.back()->acquire());
    lock_options o;
    o.sleep = 1s;
    waiters.push_back(std::make_unique<distributed_lock>(redis, key() + std::to_string(i), o));
  }
  for (int i = 0; i < keys; ++i) {
    threads.emplace_back([&, i] {
      waiters[static_cast<std::size_t>(i)]->lock();
      waiters[static_cast<std::size_t>(i)]->unlock();
    });
  }
  std::this_thread::sleep_for(300ms);
  auto clients = server.command({"CLIENT", "LIST", "TYPE", "pubsub"});
  EXPECT_EQ(std::count(clients.begin(), clients.end(), '\n') + 1, 1) << clients;
  EXPECT_EQ(server.command({"PUBSUB", "NUMSUB", key() + "0:released"}), key() + "0:released\n1");
  for (auto& h : holders) h->release();
  for (auto& t : threads) t.join();
  waiters.clear();  // the last watcher gone: the subscriber closes
  for (int i = 0; i < 100 && !server.command({"CLIENT", "LIST", "TYPE", "pubsub"}).empty(); ++i) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(server.command({"CLIENT", "LIST", "TYPE", "pubsub"}), "");
}

}  // namespace
