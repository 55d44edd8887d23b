#!/usr/bin/env bash
# Builds the benchmarks in Release and runs them: rediscache vs raw hiredis in one binary against
# one local redis-server, user-space instructions per command under callgrind, many threads
# through one pool against a raw hiredis context per thread (with system calls, futex wakes and
# context switches per command), then the lock, rate-limit and Redis Cluster benchmarks.
#   scripts/bench.sh [--base REV] [extra Google Benchmark flags, e.g. --benchmark_repetitions=5]
# --base REV also builds commit REV (e.g. main) with this tree's bench/pool_bench.cpp and runs
# its pool benchmark alternately with this tree's, and counts its system calls too.
set -euo pipefail
cd "$(dirname "$0")/.."
base=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
scripts/install-deps.sh --bench
build_dir=build/release
configure() {  # source-dir build-dir
  cmake -S "$1" -B "$2" -G Ninja -DCMAKE_BUILD_TYPE=Release -DREDISCACHE_BUILD_TESTS=OFF \
    -DREDISCACHE_BUILD_EXAMPLES=OFF -DREDISCACHE_BUILD_BENCH=ON >/dev/null
}
configure . "$build_dir"
cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)"
pool_benches=("$build_dir/bench/rediscache_pool_bench")
if [ -n "$base" ]; then
  base_dir=build/base
  rm -rf "$base_dir/src"
  mkdir -p "$base_dir/src"
  git archive "$base" | tar -x -C "$base_dir/src"
  cp bench/pool_bench.cpp "$base_dir/src/bench/"
  if ! grep -q rediscache_pool_bench "$base_dir/src/bench/CMakeLists.txt"; then
    printf '%s\n' 'add_executable(rediscache_pool_bench pool_bench.cpp)' \
      'target_link_libraries(rediscache_pool_bench PRIVATE' \
      '  rediscache::rediscache rediscache_test_support hiredis::hiredis)' \
      >>"$base_dir/src/bench/CMakeLists.txt"
  fi
  configure "$base_dir/src" "$base_dir/build"
  cmake --build "$base_dir/build" -j "$(nproc 2>/dev/null || echo 2)" --target rediscache_pool_bench
  pool_benches+=("$base_dir/build/bench/rediscache_pool_bench")
fi

"$build_dir/bench/rediscache_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  ${args[@]+"${args[@]}"}
bench/callgrind.sh "$build_dir"
for round in 1 2 3; do
  for pool_bench in "${pool_benches[@]}"; do
    echo "== $pool_bench (run $round of 3), load: $(cut -d' ' -f1-3 /proc/loadavg)"
    "$pool_bench" --rounds=3
  done
done
bench/syscalls.sh "${pool_benches[@]}"
"$build_dir/bench/rediscache_codec_bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
"$build_dir/bench/rediscache_lock_bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
"$build_dir/bench/rediscache_ratelimit_bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
"$build_dir/bench/rediscache_cluster_bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
