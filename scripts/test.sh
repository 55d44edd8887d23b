#!/usr/bin/env bash
# Installs what it needs, builds, and runs the whole ctest suite (unit tests, integration tests
# against redis-server processes the tests start themselves, consumer-project tests).
#
#   scripts/test.sh [--build-dir DIR] [--werror] [--sanitize address|thread] [--compiler gcc|clang]
#                   [--exclude-label LABEL]...  (e.g. consumer: the install/package tests; slow:
#                                             clusters, sentinels, Python and browser end-to-end)
#                   [--label LABEL]           (only these tests, e.g. concurrency)
#                   [--target TARGET]...      (build only these targets, not everything)
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build/test
werror=OFF
sanitize=""
compiler=gcc
ctest_args=()
targets=()
excluded=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --werror) werror=ON; shift ;;
    --sanitize) sanitize=$2; shift 2 ;;
    --compiler) compiler=$2; shift 2 ;;
    --exclude-label) excluded+=("$2"); shift 2 ;;
    --label) ctest_args+=(-L "$2"); shift 2 ;;
    --target) targets+=(--target "$2"); shift 2 ;;
    *) echo "test.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ ${#excluded[@]} -gt 0 ]; then
  ctest_args+=(-LE "^($(IFS="|"; echo "${excluded[*]}"))$")
fi
case "$compiler" in
  gcc) cc=gcc; cxx=g++; debug_info=-g1 ;;
  clang) cc=clang; cxx=clang++; debug_info=-gline-tables-only ;;
  *) echo "test.sh: --compiler is gcc or clang" >&2; exit 2 ;;
esac

scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

# Failures and sanitizer reports need line numbers, not full debug info, which costs a fifth of
# the build time.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_FLAGS_DEBUG="$debug_info" -DCMAKE_CXX_FLAGS_DEBUG="$debug_info" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
  -DREDISCACHE_WERROR="$werror" -DREDISCACHE_SANITIZE="$sanitize" -DREDISCACHE_BUILD_BENCH=ON
cmake --build "$build_dir" -j "$jobs" "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-second_deadlock_stack=1}
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" --timeout 300 "${ctest_args[@]}"
