// get_or_set against stampedes: single flight in a process, XFetch early recomputation under an
// injected clock and random source, and the cross-process lock between two independent caches.
#include "nearcache/shared_server.hpp"

#include <rediscache/lock/distributed_lock.hpp>
#include <rediscache/memory_backend.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace rediscache::test {
namespace {

using namespace std::chrono_literals;

// Runs body(i) on n threads released together.
template <class Body>
void on_threads(int n, Body body) {
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < n) std::this_thread::yield();
      body(i);
    });
  }
  for (auto& t : threads) t.join();
}

TEST(SingleFlightThreads, SixtyFourMissesOfOneKeyComputeOnce) {
  cache c = fresh_cache({}, 8);
  std::atomic<int> computed{0};
  std::vector<std::string> seen(64);
  on_threads(64, [&](int i) {
    seen[static_cast<std::size_t>(i)] = c.get_or_set("report", [&] {
      computed.fetch_add(1);
      std::this_thread::sleep_for(100ms);
      return std::string("expensive");
    });
  });
  EXPECT_EQ(computed.load(), 1);
  for (const auto& s : seen) EXPECT_EQ(s, "expensive");
  EXPECT_EQ(c.get<std::string>("report"), "expensive");
}

TEST(SingleFlightThreads, TheLeadersExceptionReachesEveryWaiter) {
  cache c = fresh_cache({}, 8);
  constexpr int n = 16;
  std::atomic<int> entered{0}, computed{0}, failed{0};
  on_threads(n, [&](int) {
    entered.fetch_add(1);
    try {
      c.get_or_set("flaky", [&]() -> int {
        computed.fetch_add(1);
        // Long enough for every caller to have joined the flight.
        while (entered.load() < n) std::this_thread::yield();
        std::this_thread::sleep_for(300ms);
        throw std::runtime_error("database down");
      });
    } catch (const std::runtime_error& e) {
      if (std::string(e.what()) == "database down") failed.fetch_add(1);
    }
  });
  EXPECT_EQ(computed.load(), 1);
  EXPECT_EQ(failed.load(), n);
  EXPECT_FALSE(c.has_key("flaky"));
}

TEST(SingleFlightThreads, WithoutItEveryMissComputes) {
  cache_options o;
  o.stampede.single_flight = false;
  cache c = fresh_cache(o, 8);
  std::atomic<int> computed{0};
  on_threads(4, [&](int) {
    c.get_or_set("report", [&] {
      computed.fetch_add(1);
      std::this_thread::sleep_for(200ms);
      return 1;
    });
  });
  EXPECT_EQ(computed.load(), 4);
}

TEST(SingleFlightThreads, TheMemoryBackendComputesOnceToo) {
  cache c(std::make_shared<memory_backend>());
  std::atomic<int> computed{0};
  on_threads(16, [&](int) {
    EXPECT_EQ(c.get_or_set("k", [&] {
      computed.fetch_add(1);
      std::this_thread::sleep_for(100ms);
      return 3;
    }), 3);
  });
  EXPECT_EQ(computed.load(), 1);
}

// A clock that moves ten seconds per reading: every computation seems to take 10 s.
cache_options xfetch_options(double uniform) {
  cache_options o;
  o.stampede.xfetch_beta = 1.0;
  auto t = std::make_shared<std::chrono::steady_clock::time_point>();
  o.stampede.clock = [t] { return *t += 10s; };
  o.stampede.uniform = [uniform] { return uniform; };
  return o;
}

TEST(XFetch, RecomputesEarlyOnlyWhenExpiryIsNear) {
  // 10 s * 1.0 * -ln(0.5) = 6.9 s: early once less than that is left.
  cache c = fresh_cache(xfetch_options(0.5));
  int version = 0;
  auto compute = [&] { return "v" + std::to_string(++version); };
  EXPECT_EQ(c.get_or_set("k", compute, 60s), "v1");
  EXPECT_EQ(executor_of(c, "test")->run(command{"GET", ":1:k:__delta__"}).str(), "10000");
  EXPECT_EQ(c.get_or_set("k", compute, 60s), "v1");  // 60 s left: not yet
  ASSERT_TRUE(c.expire("k", 5s));
  EXPECT_EQ(c.get_or_set("k", compute, 60s), "v2");  // 5 s left: recomputed before expiry
  EXPECT_EQ(version, 2);
  auto left = c.pttl("k");
  ASSERT_TRUE(left.is_expiring());
  EXPECT_GT(left.remaining(), 50s);
}

TEST(XFetch, TheValueStaysPlainForGetAndDjango) {
  cache c = fresh_cache(xfetch_options(0.5));
  c.get_or_set("page", [] { return std::string("html"); }, 60s);
  EXPECT_EQ(c.get<std::string>("page"), "html");
  EXPECT_EQ(executor_of(c, "test")->run(command{"GET", ":1:page"}).str(), "\"html\"");
  auto delta_left = executor_of(c, "test")->run(command{"PTTL", ":1:page:__delta__"}).integer();
  EXPECT_GT(delta_left, 50000);
}

TEST(XFetch, AKeyWithoutExpiryIsNeverRecomputed) {
  cache c = fresh_cache(xfetch_options(1e-9));
  int calls = 0;
  auto compute = [&] { return ++calls; };
  c.get_or_set("forever", compute, cache_timeout::forever());
  c.get_or_set("forever", compute, cache_timeout::forever());
  EXPECT_EQ(calls, 1);
}

cache_options locked_options() {
  cache_options o;
  o.stampede.lock_across_processes = true;
  o.stampede.lock_wait = 5s;
  return o;
}

// Two caches with their own pools stand for two processes: only the lock is shared.
TEST(RecomputeLockThreads, TwoIndependentCachesComputeOnce) {
  cache first = fresh_cache(locked_options());
  cache second = fresh_cache(locked_options());
  std::atomic<int> computed{0};
  on_threads(8, [&](int i) {
    const cache& c = i % 2 == 0 ? first : second;
    EXPECT_EQ(c.get_or_set("shared", [&] {
      computed.fetch_add(1);
      std::this_thread::sleep_for(200ms);
      return 7;
    }), 7);
  });
  EXPECT_EQ(computed.load(), 1);
  EXPECT_FALSE(distributed_lock(first, "shared:__recompute__").locked());
}

TEST(RecomputeLockThreads, WithoutTheLockEachCacheComputes) {
  cache first = fresh_cache();
  cache second = fresh_cache();
  std::atomic<int> computed{0};
  on_threads(2, [&](int i) {
    (i == 0 ? first : second).get_or_set("shared", [&] {
      computed.fetch_add(1);
      std::this_thread::sleep_for(200ms);
      return 7;
    });
  });
  EXPECT_EQ(computed.load(), 2);
}

TEST(RecomputeLock, AnEarlyRecomputationNeverWaitsForTheLock) {
  cache_options o = xfetch_options(1e-9);  // always early
  o.stampede.lock_across_processes = true;
  cache c = fresh_cache(o);
  int calls = 0;
  auto compute = [&] { return ++calls; };
  EXPECT_EQ(c.get_or_set("n", compute, 60s), 1);
  distributed_lock busy(c, "n:__recompute__");
  ASSERT_TRUE(busy.acquire());
  EXPECT_EQ(c.get_or_set("n", compute, 60s), 1);  // the current value, at once
  busy.release();
  EXPECT_EQ(c.get_or_set("n", compute, 60s), 2);
}

}  // namespace
}  // namespace rediscache::test
