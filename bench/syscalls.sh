#!/usr/bin/env bash
# System calls, futex wakes and context switches per GET, for each setup of rediscache_pool_bench
# (64 or 8 threads through one pooled_executor, or each with its own raw hiredis context), over a
# fixed number of GETs against a redis-server started here. Each count is the difference between
# a run of 2N and a run of N GETs, which removes start-up (connects, threads).
#
#   bench/syscalls.sh [--ops N] [--setups a,b] BENCH [BENCH...]
#
# BENCH is a rediscache_pool_bench binary (scripts/bench.sh --base builds one of an older commit
# too). Two counters: strace -f (every call, with the futex operation, but it stops each thread at
# every call, so it changes how threads interleave) and, where the kernel allows, perf stat on
# syscall tracepoints (counted in the kernel, nearly free). Context switches come from perf.
set -euo pipefail

ops=20000
setups=hiredis_t64,pool8_t64,pool_default_t64,pool64_t64,hiredis_t8,pool8_t8
benches=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ops) ops=$2; shift 2 ;;
    --setups) setups=$2; shift 2 ;;
    *) benches+=("$1"); shift ;;
  esac
done
[ ${#benches[@]} -gt 0 ] || { echo "usage: $0 [--ops N] [--setups a,b] BENCH..."; exit 2; }
command -v strace >/dev/null || { echo "strace is needed: apt-get install strace"; exit 1; }
use_perf=0
if command -v perf >/dev/null &&
  perf stat -e syscalls:sys_enter_futex -x, -- true >/dev/null 2>&1; then
  use_perf=1
fi

dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --daemonize no \
  >"$dir/redis.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done

# strace: calls of each kind in one run -> "send recv poll futex wakes"
strace_counts() {  # bench setup count
  strace -f -qq -o "$dir/trace" -e trace=futex,sendto,recvfrom,poll,write,read \
    "$1" --port="$port" --ops="$3" --setup="$2" >/dev/null
  awk '
    /resumed>/ { next }
    /sendto\(|[^a-z]write\(/ { send++ }
    /recvfrom\(|[^a-z]read\(/ { recv++ }
    /poll\(/ { poll++ }
    /futex\(/ { futex++; if ($0 ~ /FUTEX_WAKE/) wake++ }
    END { printf "%d %d %d %d %d\n", send, recv, poll, futex, wake }' "$dir/trace"
}

# perf: the same kinds, counted in the kernel, plus context switches
perf_counts() {  # bench setup count
  perf stat -x, -o "$dir/perf" \
    -e syscalls:sys_enter_sendto -e syscalls:sys_enter_write \
    -e syscalls:sys_enter_recvfrom -e syscalls:sys_enter_read \
    -e syscalls:sys_enter_poll -e syscalls:sys_enter_futex \
    -e syscalls:sys_enter_futex --filter 'op == 129 || op == 1' \
    -e context-switches \
    -- "$1" --port="$port" --ops="$3" --setup="$2" >/dev/null
  awk -F, '
    /^#/ || NF < 3 { next }
    { v[n++] = $1 }
    END { printf "%d %d %d %d %d %d\n", v[0] + v[1], v[2] + v[3], v[4], v[5], v[6], v[7] }' \
    "$dir/perf"
}

per_get() {  # "counts of N" "counts of 2N" -> per-GET differences
  python3 - "$1" "$2" "$ops" <<'EOF'
import sys
small, large, n = sys.argv[1].split(), sys.argv[2].split(), int(sys.argv[3])
print(" ".join("%6.2f" % ((int(b) - int(a)) / n) for a, b in zip(small, large)))
EOF
}

echo "per GET, from $ops GETs (the difference of runs of $((2 * ops)) and $ops GETs)"
printf '%-44s %-18s %6s %6s %6s %6s %6s\n' "strace -f" setup send recv poll futex wakes
for bench in "${benches[@]}"; do
  for setup in ${setups//,/ }; do
    printf '%-44s %-18s %s\n' "$bench" "$setup" \
      "$(per_get "$(strace_counts "$bench" "$setup" "$ops")" \
        "$(strace_counts "$bench" "$setup" $((2 * ops)))")"
  done
done
if [ "$use_perf" = 1 ]; then
  echo
  printf '%-44s %-18s %6s %6s %6s %6s %6s %6s\n' "perf stat" setup send recv poll futex wakes \
    cs
  for bench in "${benches[@]}"; do
    for setup in ${setups//,/ }; do
      printf '%-44s %-18s %s\n' "$bench" "$setup" \
        "$(per_get "$(perf_counts "$bench" "$setup" "$ops")" \
          "$(perf_counts "$bench" "$setup" $((2 * ops)))")"
    done
  done
else
  echo "(perf stat cannot count syscall tracepoints here; strace counts only)"
fi
echo "send: sendto+write; recv: recvfrom+read; wakes: FUTEX_WAKE calls; cs: context switches"
