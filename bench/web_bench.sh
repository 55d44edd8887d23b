#!/usr/bin/env bash
# The example shop's catalogue page under wrk: served from the response cache (hit), computed and
# stored on every request (miss: a new query string each time), and the same view without the
# cache (uncached). Prints requests per second and p99 latency of each.
#   bench/web_bench.sh [build-dir] [seconds] [connections]
# Without build-dir it builds build/web-bench in Release. Needs wrk (install-deps.sh --bench).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-}
seconds=${2:-10}
connections=${3:-16}
if [ -z "$build_dir" ]; then
  build_dir=build/web-bench
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DREDISCACHE_BUILD_TESTS=OFF \
    -DREDISCACHE_BUILD_BENCH=OFF -DREDISCACHE_BUILD_EXAMPLES=ON >/dev/null
  cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)" --target example_web_service
fi
service="$build_dir/examples/web_service/example_web_service"
command -v wrk >/dev/null || { echo "wrk is missing: scripts/install-deps.sh --bench" >&2; exit 1; }

dir=$(mktemp -d)
redis_pid="" service_pid=""
cleanup() {
  for pid in $service_pid $redis_pid; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
  >"$dir/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done

"$service" "redis://127.0.0.1:$port/0" 0 >"$dir/service.log" 2>&1 &
service_pid=$!
url=""
for _ in $(seq 100); do
  url=$(grep -o 'http://[^ ]*' "$dir/service.log" 2>/dev/null || true)
  [ -n "$url" ] && break
  sleep 0.05
done
[ -n "$url" ] || { cat "$dir/service.log" >&2; exit 1; }

cat >"$dir/miss.lua" <<'LUA'
-- A URL never requested before on every request, so every request is a cache miss.
local n = 0
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local thread = math.random(1, 1000000000)
request = function()
  n = n + 1
  return wrk.format("GET", "/?miss=" .. thread .. "-" .. n)
end
LUA

run() {  # name, path, [wrk args]
  local name=$1 path=$2
  shift 2
  local out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "${url%/}$path")
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-10s %12s req/s   p99 %s\n' "$name" "$rps" "$p99"
}

curl -s -o /dev/null "${url}"  # store the page once
echo "wrk, $connections connections, ${seconds}s each, against $url"
run hit /
run miss / -s "$dir/miss.lua"
run uncached /uncached
