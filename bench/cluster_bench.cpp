// get_many(100) and set_many(100) through the cache facade on a 3-primary Redis Cluster against
// the same on one redis-server, in one run. The cluster splits each call per slot and runs the
// nodes' pipelines in parallel; the goal is at least 0.9x the single node's throughput.
#include "ratio_reporter.hpp"
#include "server_options.hpp"
#include "support/redis_cluster.hpp"
#include "support/redis_server.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/cluster_executor.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace rediscache;

constexpr int batch = 100;
const std::string value(100, 'v');

test::redis_server& single() {
  static test::redis_server instance;
  return instance;
}

// Three primaries without replicas, as the single node has none.
test::redis_cluster& cluster() {
  static test::redis_cluster instance([] {
    test::cluster_config config;
    config.replicas_per_primary = 0;
    return config;
  }());
  return instance;
}

cache single_cache() {
  return cache(std::make_shared<redis_backend>(
      std::make_shared<pooled_executor>(test::options_of(single()))));
}

cache cluster_cache() {
  cluster_options options;
  options.seeds = cluster().seeds();
  return cache(std::make_shared<redis_backend>(
      std::make_shared<cluster_executor>(options, client_options{})));
}

std::map<std::string, std::string> items() {
  std::map<std::string, std::string> out;
  for (int i = 0; i < batch; ++i) out["item:" + std::to_string(i)] = value;
  return out;
}

std::vector<std::string> keys() {
  std::vector<std::string> out;
  for (const auto& [key, v] : items()) out.push_back(key);
  return out;
}

void get_many(benchmark::State& state, cache c) {
  c.set_many(items());
  const auto names = keys();
  for (auto _ : state) {
    auto found = c.get_many<std::string>(names);
    if (found.size() != batch) state.SkipWithError("get_many missed keys");
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

void set_many(benchmark::State& state, cache c) {
  const auto data = items();
  for (auto _ : state) {
    if (!c.set_many(data).empty()) state.SkipWithError("set_many failed");
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

void BM_get_many100_single(benchmark::State& state) { get_many(state, single_cache()); }
void BM_get_many100_cluster(benchmark::State& state) { get_many(state, cluster_cache()); }
void BM_set_many100_single(benchmark::State& state) { set_many(state, single_cache()); }
void BM_set_many100_cluster(benchmark::State& state) { set_many(state, cluster_cache()); }

BENCHMARK(BM_get_many100_single)->UseRealTime();
BENCHMARK(BM_get_many100_cluster)->UseRealTime();
BENCHMARK(BM_set_many100_single)->UseRealTime();
BENCHMARK(BM_set_many100_cluster)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  single();
  cluster();  // started before timing, on the main thread that outlives the nodes
  bench::ratio_reporter reporter(
      "_single", "_cluster", "throughput ratio cluster / single node (goal: at least 0.90)");
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_ratios();
  benchmark::Shutdown();
  return 0;
}
