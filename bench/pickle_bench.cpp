// Pickle against json and msgpack, encoding and decoding the values a cache typically holds:
// a Django-style session dict, a list of 100 product dicts, and a 10 kB string. Through
// nlohmann::json (what codec<T> does for every serializer), and for pickle also directly as
// rediscache::pickle::value (no json in between).
#include <rediscache/pickle/pickle.hpp>
#include <rediscache/serializer.hpp>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <string>

namespace {

using nlohmann::json;
using rediscache::serializer;
using rediscache::serializer_kind;

json session() {
  return {{"_auth_user_id", "42"},
          {"_auth_user_backend", "django.contrib.auth.backends.ModelBackend"},
          {"_auth_user_hash", std::string(64, 'f')},
          {"cart", {1, 2, 3}},
          {"name", "h\xc3\xa9llo"}};
}

json products() {
  json out = json::array();
  for (int i = 0; i < 100; ++i) {
    out.push_back({{"id", i},
                   {"name", "item " + std::to_string(i * 7919 % 1000)},
                   {"tags", {"a", "b"}},
                   {"price", i % 97 + 0.5},
                   {"in_stock", i % 3 != 0}});
  }
  return out;
}

json value_of(int which) {
  switch (which) {
    case 0:
      return session();
    case 1:
      return products();
    default:
      return json(std::string(10000, 'x'));
  }
}

const char* name_of(int which) { return which == 0 ? "session" : which == 1 ? "products" : "text"; }

void encode(benchmark::State& state, serializer_kind kind) {
  const serializer s(kind);
  const json v = value_of(static_cast<int>(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string out = s.dump(v);
    bytes = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetLabel(name_of(static_cast<int>(state.range(0))));
  state.counters["stored_bytes"] = static_cast<double>(bytes);
}

void decode(benchmark::State& state, serializer_kind kind) {
  const serializer s(kind);
  const std::string stored = s.dump(value_of(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    json v = s.load(stored);
    benchmark::DoNotOptimize(v);
  }
  state.SetLabel(name_of(static_cast<int>(state.range(0))));
}

void pickle_value_encode(benchmark::State& state) {
  const auto v = rediscache::pickle::from_json(value_of(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    const std::string out = rediscache::pickle::dump(v);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetLabel(name_of(static_cast<int>(state.range(0))));
}

void pickle_value_decode(benchmark::State& state) {
  const std::string stored =
      serializer(serializer_kind::pickle).dump(value_of(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    auto v = rediscache::pickle::load(stored);
    benchmark::DoNotOptimize(v);
  }
  state.SetLabel(name_of(static_cast<int>(state.range(0))));
}

BENCHMARK_CAPTURE(encode, json, serializer_kind::json)->DenseRange(0, 2);
BENCHMARK_CAPTURE(encode, msgpack, serializer_kind::msgpack)->DenseRange(0, 2);
BENCHMARK_CAPTURE(encode, pickle, serializer_kind::pickle)->DenseRange(0, 2);
BENCHMARK_CAPTURE(decode, json, serializer_kind::json)->DenseRange(0, 2);
BENCHMARK_CAPTURE(decode, msgpack, serializer_kind::msgpack)->DenseRange(0, 2);
BENCHMARK_CAPTURE(decode, pickle, serializer_kind::pickle)->DenseRange(0, 2);
BENCHMARK(pickle_value_encode)->DenseRange(0, 2);
BENCHMARK(pickle_value_decode)->DenseRange(0, 2);

}  // namespace

BENCHMARK_MAIN();
