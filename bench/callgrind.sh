#!/usr/bin/env bash
# User-space instructions per command, rediscache vs raw hiredis, counted by callgrind (exact and
# repeatable, unlike wall time on a shared machine). Usage: bench/callgrind.sh [build-dir]
set -euo pipefail
build=${1:-build/release}
ops=$build/bench/rediscache_bench_ops
[ -x "$ops" ] || { echo "build $ops first (scripts/bench.sh builds it)"; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind"; exit 1; }

dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --daemonize no \
  >"$dir/redis.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done

count=20000
instructions() {  # client op count -> total instructions
  valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" "$ops" "$1" "$2" "$3" "$port" \
    2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-8s %-12s %14s\n' op client instr/command
for op in get set; do
  for client in hiredis rediscache; do
    small=$(instructions "$client" "$op" 1000)
    large=$(instructions "$client" "$op" $((count + 1000)))
    # The difference removes start-up and connection costs.
    printf '%-8s %-12s %14d\n' "$op" "$client" $(((large - small) / count))
  done
done
