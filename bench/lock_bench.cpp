// Distributed lock benchmarks against a local redis-server this binary starts:
// - acquire/release pairs per second on an uncontended lock (with and without fencing), beside
//   two plain round trips, the floor for SET NX plus the release script;
// - the release-to-acquire handoff: two threads ping-pong one lock, each blocked in lock() while
//   the other holds it; median and p99 of the time from release() to the waiter's acquire, woken
//   by the release notification, and by redis-py's 100 ms poll alone.
#include "server_options.hpp"
#include "support/redis_server.hpp"

#include <rediscache/command.hpp>
#include <rediscache/lock/distributed_lock.hpp>
#include <rediscache/pooled_executor.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

// Started on the main thread, where Google Benchmark runs single-threaded benchmarks.
rediscache::connection_options server_options() {
  static rediscache::test::redis_server server;
  return rediscache::test::options_of(server);
}

void BM_TwoRoundTrips(benchmark::State& state) {
  rediscache::pooled_executor redis(server_options());
  const rediscache::command ping{"PING"};
  for (auto _ : state) {
    redis.run(ping);
    redis.run(ping);
  }
  state.counters["pairs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TwoRoundTrips)->UseRealTime();

void BM_AcquireRelease(benchmark::State& state) {
  rediscache::pooled_executor redis(server_options());
  rediscache::lock_options o;
  o.timeout = 10s;
  o.fencing = state.range(0) != 0;
  rediscache::distributed_lock lock(redis, "bench:pairs", o);
  for (auto _ : state) {
    if (!lock.acquire()) state.SkipWithError("not acquired");
    lock.release();
  }
  state.counters["pairs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AcquireRelease)->ArgName("fencing")->Arg(0)->Arg(1)->UseRealTime();

// Two threads, one lock, strictly alternating: the holder waits until the other thread is inside
// lock(), gives it a millisecond to fail its SET NX and start waiting, stamps the time and
// releases; the waiter measures from that stamp to its acquire. The old holder tries again only
// after that, so it never simply takes the lock back.
std::vector<double> ping_pong(bool notify, std::chrono::milliseconds sleep, int handoffs) {
  rediscache::pooled_executor redis(server_options());
  rediscache::lock_options o;
  o.timeout = 10s;
  o.sleep = sleep;
  o.notify_release = notify;
  std::atomic<bool> entered[2] = {false, false};
  std::atomic<int> owner{-1};
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> released_at{0};
  std::mutex m;
  std::vector<double> latencies_us;

  auto player = [&](int me) {
    const int other = 1 - me;
    rediscache::distributed_lock lock(redis, "bench:handoff", o);
    if (me == 0) {
      lock.lock();
      owner = 0;
    }
    for (;;) {
      while (owner != me && owner != other) std::this_thread::sleep_for(50us);
      if (owner == other) {
        entered[me] = true;
        lock.lock();
        auto now = clock_type::now().time_since_epoch().count();
        entered[me] = false;
        owner = me;
        if (stop) {
          lock.unlock();
          break;
        }
        std::lock_guard<std::mutex> hold(m);
        latencies_us.push_back(static_cast<double>(now - released_at.load()) / 1000.0);
        if (latencies_us.size() >= static_cast<std::size_t>(handoffs)) stop = true;
      }
      while (!entered[other] && !stop) std::this_thread::sleep_for(50us);
      std::this_thread::sleep_for(1ms);
      released_at = clock_type::now().time_since_epoch().count();
      lock.unlock();
      if (stop) break;
      while (owner == me) std::this_thread::sleep_for(50us);  // until the other acquired
    }
  };
  std::thread a(player, 0);
  std::thread b(player, 1);
  a.join();
  b.join();
  return latencies_us;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  return values[index];
}

void BM_Handoff(benchmark::State& state) {
  const bool notify = state.range(0) != 0;
  const int handoffs = notify ? 500 : 20;
  std::vector<double> all;
  for (auto _ : state) {
    auto run = ping_pong(notify, 100ms, handoffs);
    all.insert(all.end(), run.begin(), run.end());
  }
  state.counters["handoffs"] = static_cast<double>(all.size());
  state.counters["median_us"] = percentile(all, 0.5);
  state.counters["p99_us"] = percentile(all, 0.99);
}
BENCHMARK(BM_Handoff)
    ->ArgName("notify")
    ->Arg(1)
    ->Arg(0)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
