// Connection level: sequential GET/SET and pipelines of 100, rediscache vs raw hiredis.
#include "bench_common.hpp"

#include <rediscache/connection.hpp>
#include <rediscache/pooled_executor.hpp>

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

using namespace bench;

void prepare_client_bench() {
  auto c = rediscache::connection::open(options());
  c.execute(rediscache::command{"SET", "bench:key", value});
  for (int i = 0; i < batch; ++i) {
    c.execute(rediscache::command{"SET"}.arg("bench:" + std::to_string(i)).arg(value));
  }
}

namespace {

std::vector<std::string> batch_keys() {
  std::vector<std::string> keys;
  for (int i = 0; i < batch; ++i) keys.push_back("bench:" + std::to_string(i));
  return keys;
}

void BM_get_hiredis(benchmark::State& state) {
  hiredis_context h;
  for (auto _ : state) check(redisCommand(h.ctx, "GET %s", "bench:key"));
  state.SetItemsProcessed(state.iterations());
}

void BM_get_rediscache(benchmark::State& state) {
  rediscache::pooled_executor exec(options());
  for (auto _ : state) benchmark::DoNotOptimize(exec.run(rediscache::command{"GET", "bench:key"}));
  state.SetItemsProcessed(state.iterations());
}

void BM_set_hiredis(benchmark::State& state) {
  hiredis_context h;
  for (auto _ : state) {
    check(redisCommand(h.ctx, "SET %s %b", "bench:key", value.data(), value.size()));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_set_rediscache(benchmark::State& state) {
  rediscache::pooled_executor exec(options());
  for (auto _ : state) {
    benchmark::DoNotOptimize(exec.run(rediscache::command{"SET", "bench:key", value}));
  }
  state.SetItemsProcessed(state.iterations());
}

// Appends every command, then reads every reply: hiredis' own pipelining.
template <class Append>
void hiredis_pipeline(redisContext* ctx, Append&& append) {
  for (int i = 0; i < batch; ++i) append(i);
  for (int i = 0; i < batch; ++i) {
    void* r = nullptr;
    if (redisGetReply(ctx, &r) != REDIS_OK) throw std::runtime_error("hiredis pipeline");
    check(r);
  }
}

void BM_pipelined_get100_hiredis(benchmark::State& state) {
  hiredis_context h;
  auto keys = batch_keys();
  for (auto _ : state) {
    hiredis_pipeline(h.ctx, [&](int i) { redisAppendCommand(h.ctx, "GET %s", keys[i].c_str()); });
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

void BM_pipelined_get100_rediscache(benchmark::State& state) {
  rediscache::pooled_executor exec(options());
  std::vector<rediscache::command> commands;
  for (const auto& k : batch_keys()) commands.push_back(rediscache::command{"GET", k});
  for (auto _ : state) benchmark::DoNotOptimize(exec.run_batch(commands));
  state.SetItemsProcessed(state.iterations() * batch);
}

void BM_pipelined_set100_hiredis(benchmark::State& state) {
  hiredis_context h;
  auto keys = batch_keys();
  for (auto _ : state) {
    hiredis_pipeline(h.ctx, [&](int i) {
      redisAppendCommand(h.ctx, "SET %s %b", keys[i].c_str(), value.data(), value.size());
    });
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

// Building the commands is part of the work, as hiredis' formatting is above.
void BM_pipelined_set100_rediscache(benchmark::State& state) {
  rediscache::pooled_executor exec(options());
  auto keys = batch_keys();
  std::vector<rediscache::command> commands;
  for (auto _ : state) {
    commands.clear();
    for (const auto& k : keys) commands.push_back(rediscache::command{"SET", k, value});
    benchmark::DoNotOptimize(exec.run_batch(commands));
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

}  // namespace

BENCHMARK(BM_get_hiredis)->UseRealTime();
BENCHMARK(BM_get_rediscache)->UseRealTime();
BENCHMARK(BM_set_hiredis)->UseRealTime();
BENCHMARK(BM_set_rediscache)->UseRealTime();
BENCHMARK(BM_pipelined_get100_hiredis)->UseRealTime();
BENCHMARK(BM_pipelined_get100_rediscache)->UseRealTime();
BENCHMARK(BM_pipelined_set100_hiredis)->UseRealTime();
BENCHMARK(BM_pipelined_set100_rediscache)->UseRealTime();
