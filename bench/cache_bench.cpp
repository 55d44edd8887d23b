// The cache facade (key making, codecs, stats, fail-open bookkeeping) against the same work done
// with raw hiredis: GET/SET of 100-byte strings, get_many(100) (map and vector forms) as one MGET,
// set_many(100) as one pipeline of SET PX.
#include "bench_common.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>

#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

using namespace bench;

namespace {

rediscache::cache make_cache() {
  auto exec = std::make_shared<rediscache::pooled_executor>(options());
  return rediscache::cache(std::make_shared<rediscache::redis_backend>(exec));
}

std::vector<std::string> user_keys() {
  std::vector<std::string> keys;
  for (int i = 0; i < batch; ++i) keys.push_back("item:" + std::to_string(i));
  return keys;
}

void BM_cache_get_hiredis(benchmark::State& state) {
  hiredis_context h;
  for (auto _ : state) check(redisCommand(h.ctx, "GET %s", ":1:cached"));
  state.SetItemsProcessed(state.iterations());
}

void BM_cache_get_rediscache(benchmark::State& state) {
  auto c = make_cache();
  c.set("cached", value);
  for (auto _ : state) benchmark::DoNotOptimize(c.get<std::string>("cached"));
  state.SetItemsProcessed(state.iterations());
}

void BM_cache_set_hiredis(benchmark::State& state) {
  hiredis_context h;
  std::string json = "\"" + value + "\"";
  for (auto _ : state) {
    check(redisCommand(h.ctx, "SET %s %b PX %d", ":1:cached", json.data(), json.size(), 300000));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_cache_set_rediscache(benchmark::State& state) {
  auto c = make_cache();
  for (auto _ : state) benchmark::DoNotOptimize(c.set("cached", value));
  state.SetItemsProcessed(state.iterations());
}

void BM_cache_get_many100_hiredis(benchmark::State& state) {
  hiredis_context h;
  std::vector<std::string> made;
  for (const auto& k : user_keys()) made.push_back(":1:" + k);
  std::vector<const char*> argv{"MGET"};
  std::vector<size_t> lengths{4};
  for (const auto& k : made) {
    argv.push_back(k.c_str());
    lengths.push_back(k.size());
  }
  for (auto _ : state) {
    check(redisCommandArgv(h.ctx, static_cast<int>(argv.size()), argv.data(), lengths.data()));
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

void BM_cache_get_many100_rediscache(benchmark::State& state) {
  auto c = make_cache();
  auto keys = user_keys();
  std::map<std::string, std::string> items;
  for (const auto& k : keys) items[k] = value;
  c.set_many(items);
  for (auto _ : state) benchmark::DoNotOptimize(c.get_many<std::string>(keys));
  state.SetItemsProcessed(state.iterations() * batch);
}

// The same MGET again, so the ratio reporter pairs it with the vector form.
void BM_cache_get_many100_vector_hiredis(benchmark::State& state) {
  BM_cache_get_many100_hiredis(state);
}

void BM_cache_get_many100_vector_rediscache(benchmark::State& state) {
  auto c = make_cache();
  auto keys = user_keys();
  std::map<std::string, std::string> items;
  for (const auto& k : keys) items[k] = value;
  c.set_many(items);
  for (auto _ : state) benchmark::DoNotOptimize(c.get_many_vector<std::string>(keys));
  state.SetItemsProcessed(state.iterations() * batch);
}

void BM_cache_set_many100_hiredis(benchmark::State& state) {
  hiredis_context h;
  std::vector<std::string> made;
  for (const auto& k : user_keys()) made.push_back(":1:" + k);
  std::string json = "\"" + value + "\"";
  for (auto _ : state) {
    for (const auto& k : made) {
      redisAppendCommand(h.ctx, "SET %s %b PX %d", k.c_str(), json.data(), json.size(), 300000);
    }
    for (int i = 0; i < batch; ++i) {
      void* r = nullptr;
      if (redisGetReply(h.ctx, &r) != REDIS_OK) throw std::runtime_error("hiredis pipeline");
      check(r);
    }
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

void BM_cache_set_many100_rediscache(benchmark::State& state) {
  auto c = make_cache();
  std::map<std::string, std::string> items;
  for (const auto& k : user_keys()) items[k] = value;
  for (auto _ : state) benchmark::DoNotOptimize(c.set_many(items));
  state.SetItemsProcessed(state.iterations() * batch);
}

}  // namespace

BENCHMARK(BM_cache_get_hiredis)->UseRealTime();
BENCHMARK(BM_cache_get_rediscache)->UseRealTime();
BENCHMARK(BM_cache_set_hiredis)->UseRealTime();
BENCHMARK(BM_cache_set_rediscache)->UseRealTime();
BENCHMARK(BM_cache_get_many100_hiredis)->UseRealTime();
BENCHMARK(BM_cache_get_many100_rediscache)->UseRealTime();
BENCHMARK(BM_cache_get_many100_vector_hiredis)->UseRealTime();
BENCHMARK(BM_cache_get_many100_vector_rediscache)->UseRealTime();
BENCHMARK(BM_cache_set_many100_hiredis)->UseRealTime();
BENCHMARK(BM_cache_set_many100_rediscache)->UseRealTime();
