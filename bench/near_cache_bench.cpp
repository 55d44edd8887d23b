// The near cache: a local hit of a 100-byte string, and the delay from another client's write to
// this client reading the new value (p50 and p99 as counters, in microseconds). Stampede: 64
// threads missing one key at once; the counter is how many computed it (the goal is 1).
#include "bench_common.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace bench;

namespace {

using steady = std::chrono::steady_clock;

rediscache::cache near_cache() {
  rediscache::cache_options o;
  o.near_cache.enabled = true;
  auto exec = std::make_shared<rediscache::pooled_executor>(options());
  return rediscache::cache(std::make_shared<rediscache::redis_backend>(exec), o);
}

// Reads key until a read is served locally (the write's own invalidation may still be on its way).
void make_local(const rediscache::cache& c, const std::string& key) {
  const auto deadline = steady::now() + std::chrono::seconds(5);
  for (auto before = c.near_stats().local_hits; c.near_stats().local_hits == before;) {
    c.get<std::string>(key);
    if (steady::now() > deadline) throw std::runtime_error("the near cache never served a hit");
  }
}

void BM_near_cache_local_hit(benchmark::State& state) {
  auto c = near_cache();
  c.set("hot", value);
  make_local(c, "hot");
  for (auto _ : state) benchmark::DoNotOptimize(c.get<std::string>("hot"));
  state.SetItemsProcessed(state.iterations());
}

void BM_near_cache_invalidation_delay(benchmark::State& state) {
  auto c = near_cache();
  rediscache::pooled_executor other(options());
  std::vector<double> delays_us;
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string old_value = std::to_string(round++);
    const std::string new_value = std::to_string(round);
    c.set("watched", old_value);
    make_local(c, "watched");
    state.ResumeTiming();
    const auto written = steady::now();
    other.run(rediscache::command{"SET", ":1:watched", "\"" + new_value + "\""});
    while (c.get<std::string>("watched") != new_value) {
    }
    delays_us.push_back(std::chrono::duration<double, std::micro>(steady::now() - written).count());
  }
  std::sort(delays_us.begin(), delays_us.end());
  if (!delays_us.empty()) {
    state.counters["p50_us"] = delays_us[delays_us.size() / 2];
    state.counters["p99_us"] = delays_us[delays_us.size() * 99 / 100];
  }
}

void BM_stampede_64_threads(benchmark::State& state) {
  auto exec = std::make_shared<rediscache::pooled_executor>(options());
  rediscache::cache c(std::make_shared<rediscache::redis_backend>(exec));
  std::atomic<int> computed{0};
  int rounds = 0;
  for (auto _ : state) {
    const std::string key = "stampede:" + std::to_string(rounds++);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 64; ++i) {
      threads.emplace_back([&] {
        ready.fetch_add(1);
        while (ready.load() < 64) std::this_thread::yield();
        c.get_or_set(key, [&] {
          computed.fetch_add(1);
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          return value;
        });
      });
    }
    for (auto& t : threads) t.join();
  }
  state.counters["computations_per_key"] = static_cast<double>(computed.load()) / rounds;
}

}  // namespace

BENCHMARK(BM_near_cache_local_hit)->UseRealTime();
BENCHMARK(BM_near_cache_invalidation_delay)->UseRealTime();
BENCHMARK(BM_stampede_64_threads)->UseRealTime()->Iterations(20);
