// The typed layer against raw hiredis: a typed hget, a zadd, and a pipeline of 100 typed
// commands with every result read back typed.
#include "bench_common.hpp"

#include <rediscache/client.hpp>
#include <rediscache/commands/hashes.hpp>
#include <rediscache/commands/sorted_sets.hpp>
#include <rediscache/pooled_executor.hpp>

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

using namespace bench;

namespace {

rediscache::client typed_client() {
  return rediscache::client(std::make_shared<rediscache::pooled_executor>(options()));
}

const std::vector<std::string>& members() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (int i = 0; i < batch; ++i) out.push_back("member:" + std::to_string(i));
    return out;
  }();
  return names;
}

void prepare(rediscache::client& c) {
  c.execute("HSET", "bench:hash", "field", value);
  c.execute("DEL", "bench:zset");
}

void BM_hget_hiredis(benchmark::State& state) {
  hiredis_context h;
  check(redisCommand(h.ctx, "HSET bench:hash field %b", value.data(), value.size()));
  for (auto _ : state) check(redisCommand(h.ctx, "HGET bench:hash field"));
  state.SetItemsProcessed(state.iterations());
}

void BM_hget_rediscache(benchmark::State& state) {
  auto c = typed_client();
  prepare(c);
  for (auto _ : state) {
    benchmark::DoNotOptimize(c.run(rediscache::cmd::hget("bench:hash", "field")));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_zadd_hiredis(benchmark::State& state) {
  hiredis_context h;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::string& m = members()[i++ % members().size()];
    check(redisCommand(h.ctx, "ZADD bench:zset %f %s", static_cast<double>(i), m.c_str()));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_zadd_rediscache(benchmark::State& state) {
  auto c = typed_client();
  prepare(c);
  std::size_t i = 0;
  for (auto _ : state) {
    const std::string& m = members()[i++ % members().size()];
    benchmark::DoNotOptimize(
        c.run(rediscache::cmd::zadd("bench:zset", {{m, static_cast<double>(i)}})));
  }
  state.SetItemsProcessed(state.iterations());
}

// Half HGET, half ZSCORE, replies read as their types.
void BM_typed_pipeline100_hiredis(benchmark::State& state) {
  hiredis_context h;
  check(redisCommand(h.ctx, "HSET bench:hash field %b", value.data(), value.size()));
  check(redisCommand(h.ctx, "ZADD bench:zset 1 member:0"));
  for (auto _ : state) {
    for (int i = 0; i < batch; ++i) {
      if (i % 2 == 0) redisAppendCommand(h.ctx, "HGET bench:hash field");
      else redisAppendCommand(h.ctx, "ZSCORE bench:zset member:0");
    }
    for (int i = 0; i < batch; ++i) {
      void* r = nullptr;
      if (redisGetReply(h.ctx, &r) != REDIS_OK) throw std::runtime_error("hiredis pipeline");
      check(r);
    }
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

void BM_typed_pipeline100_rediscache(benchmark::State& state) {
  auto c = typed_client();
  prepare(c);
  c.execute("ZADD", "bench:zset", "1", "member:0");
  for (auto _ : state) {
    rediscache::batch b;
    std::vector<rediscache::queued<std::optional<std::string>>> fields;
    std::vector<rediscache::queued<std::optional<double>>> scores;
    fields.reserve(batch / 2);
    scores.reserve(batch / 2);
    for (int i = 0; i < batch; ++i) {
      if (i % 2 == 0) fields.push_back(b.add(rediscache::cmd::hget("bench:hash", "field")));
      else scores.push_back(b.add(rediscache::cmd::zscore("bench:zset", "member:0")));
    }
    c.run(b);
    for (const auto& f : fields) benchmark::DoNotOptimize(f.get());
    for (const auto& s : scores) benchmark::DoNotOptimize(s.get());
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

}  // namespace

BENCHMARK(BM_hget_hiredis)->UseRealTime();
BENCHMARK(BM_hget_rediscache)->UseRealTime();
BENCHMARK(BM_zadd_hiredis)->UseRealTime();
BENCHMARK(BM_zadd_rediscache)->UseRealTime();
BENCHMARK(BM_typed_pipeline100_hiredis)->UseRealTime();
BENCHMARK(BM_typed_pipeline100_rediscache)->UseRealTime();
