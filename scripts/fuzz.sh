#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for a bounded time, starting from
# its seed corpus (fuzz/corpus/<target>) and regression inputs (fuzz/regression/<target>).
# A crash, leak, timeout or broken property fails the run: the input is kept under
# <build-dir>/artifacts/<target>/ and printed, so it can be added to fuzz/regression/<target>/.
#
#   scripts/fuzz.sh [--time SECONDS] [--jobs N] [--build-dir DIR] [--keep] [--quick-build] [TARGET...]
#
#   --time       seconds per target (default $FUZZ_TIME, else 60)
#   --jobs       targets fuzzed at once (default 2)
#   --keep       also copy each crashing input into fuzz/regression/<target>/
#   --quick-build  unoptimised build (CI's short runs)
#   TARGET       reader url settings cache_values decompress session cookie pickle (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_TIME:-60}
jobs=2
build_dir=build/fuzz
keep=false
quick=false
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --time) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    --quick-build) quick=true; shift ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
all_targets=(reader url settings cache_values decompress session cookie pickle)
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  if [ ! -d "fuzz/corpus/$t" ]; then
    echo "fuzz.sh: no fuzz target '$t' (${all_targets[*]})" >&2
    exit 2
  fi
done

launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
# --quick-build: unoptimised with line tables only, which builds in less than half the time and
# runs slower; right for CI's short runs, not for long fuzzing sessions.
build_type=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
if $quick; then
  build_type=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG=-gline-tables-only
    -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only)
fi
cmake -S . -B "$build_dir" -G Ninja "${build_type[@]}" \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" \
  -DREDISCACHE_BUILD_FUZZERS=ON -DREDISCACHE_BUILD_TESTS=OFF -DREDISCACHE_BUILD_EXAMPLES=OFF \
  -DREDISCACHE_BUILD_BENCH=OFF -DREDISCACHE_INSTALL=OFF >/dev/null
cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)" \
  --target "${targets[@]/#/rediscache_fuzz_}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Only the fuzzers this script started are stopped on Ctrl-C.
running=()
trap 'for pid in "${running[@]}"; do kill "$pid" 2>/dev/null || true; done' INT TERM

run_target() {
  local t=$1
  local work="$build_dir/work/$t" artifacts="$build_dir/artifacts/$t"
  mkdir -p "$work" "$artifacts"
  # New inputs go to the first directory (work); the checked-in ones are only read.
  "$build_dir/fuzz/rediscache_fuzz_$t" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 \
    "$work" "fuzz/corpus/$t" "fuzz/regression/$t" >"$build_dir/$t.log" 2>&1
}

declare -A pid_of
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  echo "fuzz.sh: $t for ${seconds}s"
  run_target "$t" &
  pid_of[$t]=$!
  running+=("$!")
done

failed=()
for t in "${targets[@]}"; do
  if wait "${pid_of[$t]}"; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build_dir/$t.log")
    echo "fuzz.sh: $t passed (${runs:-?} inputs)"
  else
    failed+=("$t")
  fi
done

for t in "${failed[@]}"; do
  echo
  echo "===== fuzz.sh: $t FAILED; log $build_dir/$t.log"
  grep -v -e '^#[0-9]' -e '^INFO:' -e 'NEW_FUNC' "$build_dir/$t.log" | tail -n 60
  for input in "$build_dir/artifacts/$t"/*; do
    [ -f "$input" ] || continue
    echo "----- input kept: $input ($(wc -c <"$input") bytes); replay with:"
    echo "      $build_dir/fuzz/rediscache_fuzz_$t $input"
    od -A x -t x1z -v "$input" | head -n 16
    if $keep; then
      cp "$input" "fuzz/regression/$t/"
      echo "      copied to fuzz/regression/$t/"
    fi
  done
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: all ${#targets[@]} targets passed"
