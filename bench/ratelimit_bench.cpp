// Rate-limit decisions per second for each algorithm against a local redis-server this binary
// starts: one decide() per round trip, and decide_many() in pipelined batches of 100.
// Ids cycle through 1,000 clients; the limit is high enough that the log's sets stay small and
// most decisions are allowed, which is the common case a limiter is tuned for.
#include "support/redis_server.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/ratelimit/rate_limiter.hpp>

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

constexpr int batch = 100;
constexpr int clients = 1000;

rediscache::test::redis_server& server() {
  static rediscache::test::redis_server instance;
  return instance;
}

rediscache::cache& redis() {
  static rediscache::cache instance =
      rediscache::cache::from_url("redis://127.0.0.1:" + std::to_string(server().port()) + "/0");
  return instance;
}

rediscache::rate_limiter limiter_for(rediscache::rate_limit_algorithm algorithm) {
  rediscache::rate_limit_options o;
  o.algorithm = algorithm;
  o.name = "bench" + std::to_string(static_cast<int>(algorithm));
  o.limit = 100;
  o.window = std::chrono::seconds(1);
  return rediscache::rate_limiter(redis(), o);
}

const std::vector<std::string>& ids() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> out;
    for (int i = 0; i < clients; ++i) out.push_back("client" + std::to_string(i));
    return out;
  }();
  return all;
}

void BM_decide(benchmark::State& state, rediscache::rate_limit_algorithm algorithm) {
  auto limiter = limiter_for(algorithm);
  std::size_t next = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(limiter.decide(ids()[next]));
    next = (next + 1) % ids().size();
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_decide_many(benchmark::State& state, rediscache::rate_limit_algorithm algorithm) {
  auto limiter = limiter_for(algorithm);
  std::vector<rediscache::rate_limit_request> requests;
  std::size_t next = 0;
  for (auto _ : state) {
    requests.clear();
    for (int i = 0; i < batch; ++i) {
      requests.push_back({ids()[next], 1});
      next = (next + 1) % ids().size();
    }
    benchmark::DoNotOptimize(limiter.decide_many(requests));
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

using rediscache::rate_limit_algorithm;
BENCHMARK_CAPTURE(BM_decide, fixed_window, rate_limit_algorithm::fixed_window)->UseRealTime();
BENCHMARK_CAPTURE(BM_decide, sliding_log, rate_limit_algorithm::sliding_log)->UseRealTime();
BENCHMARK_CAPTURE(BM_decide, sliding_window, rate_limit_algorithm::sliding_window)->UseRealTime();
BENCHMARK_CAPTURE(BM_decide, gcra, rate_limit_algorithm::gcra)->UseRealTime();
BENCHMARK_CAPTURE(BM_decide_many, fixed_window, rate_limit_algorithm::fixed_window)->UseRealTime();
BENCHMARK_CAPTURE(BM_decide_many, sliding_log, rate_limit_algorithm::sliding_log)->UseRealTime();
BENCHMARK_CAPTURE(BM_decide_many, sliding_window, rate_limit_algorithm::sliding_window)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_decide_many, gcra, rate_limit_algorithm::gcra)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  server();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
