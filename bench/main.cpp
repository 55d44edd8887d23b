// rediscache vs raw hiredis 0.14 in one process against one local redis-server. Prints Google
// Benchmark's table, then the throughput ratio rediscache/hiredis of each pair (name_hiredis vs
// name_rediscache) measured in the same run.
#include "ratio_reporter.hpp"

#include <benchmark/benchmark.h>

void prepare_client_bench();

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  prepare_client_bench();
  bench::ratio_reporter reporter(
      "_hiredis", "_rediscache",
      "throughput ratio rediscache / hiredis (above 1.0: rediscache is faster)");
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_ratios();
  benchmark::Shutdown();
  return 0;
}
