#!/usr/bin/env bash
# Installs what it needs, builds the examples, starts a throwaway redis-server on a free loopback
# port, runs the quickstart example against it, and stops the server.
#   scripts/demo.sh --web [port]   instead starts the example web shop (examples/web_service) on
#                                  that port (default 8080), prints its URL and runs until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
build_dir=build/demo
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DREDISCACHE_BUILD_TESTS=OFF -DREDISCACHE_BUILD_BENCH=OFF -DREDISCACHE_BUILD_EXAMPLES=ON >/dev/null
cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)"

dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
  --daemonize no >"$dir/redis.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.05
done

if [[ "${1:-}" == "--web" ]]; then
  web_port="${2:-8080}"
  if [[ ! -x "$build_dir/examples/web_service/example_web_service" ]]; then
    echo "the web service needs cpp-httplib (libcpp-httplib-dev); scripts/install-deps.sh installs it" >&2
    exit 1
  fi
  echo "== the example shop, against redis://127.0.0.1:$port; Ctrl-C stops it"
  echo "   open http://127.0.0.1:$web_port/ (log in with any name and the password \"secret\")"
  "$build_dir/examples/web_service/example_web_service" "redis://127.0.0.1:$port/0" "$web_port"
  exit 0
fi

echo "== the cache, against redis://127.0.0.1:$port"
"$build_dir/examples/example_cache_basics" "redis://127.0.0.1:$port/0"
echo "== raw commands through the pool"
"$build_dir/examples/example_quickstart" "redis://127.0.0.1:$port/0"
echo "== pipelines, transactions and scripts"
"$build_dir/examples/example_pipeline_and_scripts" "redis://127.0.0.1:$port/0"
