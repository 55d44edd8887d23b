#!/usr/bin/env bash
# Builds the benchmarks in Release and runs them: rediscache vs raw hiredis in one binary against
# one local redis-server, user-space instructions per command under callgrind, then the lock and
# rate-limit benchmarks.
#   scripts/bench.sh [extra Google Benchmark flags, e.g. --benchmark_repetitions=5]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
build_dir=build/release
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DREDISCACHE_BUILD_TESTS=OFF -DREDISCACHE_BUILD_EXAMPLES=OFF -DREDISCACHE_BUILD_BENCH=ON >/dev/null
cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)"
"$build_dir/bench/rediscache_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true "$@"
bench/callgrind.sh "$build_dir"
"$build_dir/bench/rediscache_codec_bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
"$build_dir/bench/rediscache_lock_bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
"$build_dir/bench/rediscache_ratelimit_bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
