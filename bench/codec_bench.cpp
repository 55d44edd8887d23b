// Decompression: a typical value per format, and how fast a zip bomb is refused (the cap is
// 512 MiB, the default; a 2 MB zlib bomb once took seconds and twice the cap in memory).
#include <rediscache/compressor.hpp>

#include <benchmark/benchmark.h>

#include <string>

namespace {

using rediscache::compression_options;
using rediscache::compressor;
using rediscache::compressor_kind;

compressor make(compressor_kind kind) {
  compression_options o;
  o.kind = kind;
  return compressor(o);
}

std::string json_like(std::size_t size) {
  std::string out = "[";
  for (int i = 0; out.size() < size; ++i) {
    out += R"({"id":)" + std::to_string(i) + R"(,"name":"item )" + std::to_string(i * 7919 % 1000) +
           R"(","tags":["a","b"],"price":)" + std::to_string(i % 97) + ".5},";
  }
  out.back() = ']';
  return out;
}

void decompress_typical(benchmark::State& state, compressor_kind kind) {
  const compressor c = make(kind);
  const std::string packed = c.compress(json_like(10000));
  std::string out;
  for (auto _ : state) {
    c.decompress(packed, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
}

// A bomb: 1 GiB of zeros, about 1 MB as zlib (the size the review used), refused against the
// default 512 MiB cap.
void reject_bomb(benchmark::State& state, compressor_kind kind) {
  static const std::string zeros(1u << 30, '\0');
  const compressor c = make(kind);
  const std::string bomb = c.compress(zeros);
  state.counters["bomb_bytes"] = static_cast<double>(bomb.size());
  std::string out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(c.decompress(bomb, out));
  }
}

BENCHMARK_CAPTURE(decompress_typical, zlib, compressor_kind::zlib);
BENCHMARK_CAPTURE(decompress_typical, lz4, compressor_kind::lz4);
BENCHMARK_CAPTURE(decompress_typical, zstd, compressor_kind::zstd);
BENCHMARK_CAPTURE(reject_bomb, zlib, compressor_kind::zlib)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(reject_bomb, lz4, compressor_kind::lz4)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(reject_bomb, zstd, compressor_kind::zstd)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
