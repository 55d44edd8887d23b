// rediscache vs raw hiredis 0.14, same process, same local redis-server, 100-byte values.
// Prints Google Benchmark's table, then the ratio rediscache/hiredis of each pair's throughput.
#include "support/redis_server.hpp"

#include <rediscache/connection.hpp>
#include <rediscache/pooled_executor.hpp>

#include <benchmark/benchmark.h>
#include <hiredis/hiredis.h>

#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

const std::string value(100, 'v');
constexpr int batch = 100;

rediscache::test::redis_server& server() {
  static rediscache::test::redis_server instance;
  return instance;
}

rediscache::connection_options options() {
  rediscache::connection_options o;
  o.host = server().host();
  o.port = server().port();
  return o;
}

struct hiredis_context {
  hiredis_context() : ctx(redisConnect(server().host().c_str(), server().port())) {
    if (ctx == nullptr || ctx->err) throw std::runtime_error("hiredis cannot connect");
  }
  ~hiredis_context() { redisFree(ctx); }
  redisContext* ctx;
};

void check(void* r) {
  if (r == nullptr) throw std::runtime_error("hiredis: no reply");
  freeReplyObject(r);
}

void prepare() {
  auto c = rediscache::connection::open(options());
  c.execute(rediscache::command{"SET", "bench:key", value});
  for (int i = 0; i < batch; ++i) c.execute(rediscache::command{"SET"}.arg("bench:" + std::to_string(i)).arg(value));
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
  for (auto _ : state) benchmark::DoNotOptimize(exec.run(rediscache::command{"SET", "bench:key", value}));
  state.SetItemsProcessed(state.iterations());
}

void BM_pipelined_get100_hiredis(benchmark::State& state) {
  hiredis_context h;
  std::vector<std::string> keys;
  for (int i = 0; i < batch; ++i) keys.push_back("bench:" + std::to_string(i));
  for (auto _ : state) {
    for (const auto& k : keys) redisAppendCommand(h.ctx, "GET %s", k.c_str());
    for (int i = 0; i < batch; ++i) {
      void* r = nullptr;
      if (redisGetReply(h.ctx, &r) != REDIS_OK) throw std::runtime_error("hiredis pipeline");
      check(r);
    }
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

void BM_pipelined_get100_rediscache(benchmark::State& state) {
  rediscache::pooled_executor exec(options());
  std::vector<rediscache::command> commands;
  for (int i = 0; i < batch; ++i) commands.push_back(rediscache::command{"GET"}.arg("bench:" + std::to_string(i)));
  for (auto _ : state) benchmark::DoNotOptimize(exec.run_batch(commands));
  state.SetItemsProcessed(state.iterations() * batch);
}

void BM_pipelined_set100_hiredis(benchmark::State& state) {
  hiredis_context h;
  std::vector<std::string> keys;
  for (int i = 0; i < batch; ++i) keys.push_back("bench:" + std::to_string(i));
  for (auto _ : state) {
    for (const auto& k : keys) redisAppendCommand(h.ctx, "SET %s %b", k.c_str(), value.data(), value.size());
    for (int i = 0; i < batch; ++i) {
      void* r = nullptr;
      if (redisGetReply(h.ctx, &r) != REDIS_OK) throw std::runtime_error("hiredis pipeline");
      check(r);
    }
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

// Building the commands is part of the work, as it is for hiredis' formatting above.
void BM_pipelined_set100_rediscache(benchmark::State& state) {
  rediscache::pooled_executor exec(options());
  std::vector<std::string> keys;
  for (int i = 0; i < batch; ++i) keys.push_back("bench:" + std::to_string(i));
  std::vector<rediscache::command> commands;
  for (auto _ : state) {
    commands.clear();
    for (const auto& k : keys) commands.push_back(rediscache::command{"SET", k, value});
    benchmark::DoNotOptimize(exec.run_batch(commands));
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

BENCHMARK(BM_get_hiredis)->UseRealTime();
BENCHMARK(BM_get_rediscache)->UseRealTime();
BENCHMARK(BM_set_hiredis)->UseRealTime();
BENCHMARK(BM_set_rediscache)->UseRealTime();
BENCHMARK(BM_pipelined_get100_hiredis)->UseRealTime();
BENCHMARK(BM_pipelined_get100_rediscache)->UseRealTime();
BENCHMARK(BM_pipelined_set100_hiredis)->UseRealTime();
BENCHMARK(BM_pipelined_set100_rediscache)->UseRealTime();

// Remembers items/s of every run so the ratios can be printed after the table.
class ratio_reporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& run : runs) {
      if (run.run_type != Run::RT_Iteration && run.aggregate_name != "median") continue;
      auto it = run.counters.find("items_per_second");
      if (it == run.counters.end()) continue;
      std::string name = run.benchmark_name();
      name = name.substr(0, name.find('/'));
      rates_[name] = it->second.value;
    }
  }
  void print_ratios() const {
    std::printf("\nthroughput ratio rediscache / hiredis (above 1.0: rediscache is faster)\n");
    for (const auto& [name, rate] : rates_) {
      auto pos = name.rfind("_hiredis");
      if (pos == std::string::npos) continue;
      std::string base = name.substr(0, pos);
      auto ours = rates_.find(base + "_rediscache");
      if (ours == rates_.end()) continue;
      std::printf("  %-28s %.2f\n", base.substr(3).c_str(), ours->second / rate);
    }
  }

 private:
  std::map<std::string, double> rates_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  prepare();
  ratio_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_ratios();
  benchmark::Shutdown();
  return 0;
}
