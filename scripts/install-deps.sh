#!/usr/bin/env bash
# Installs every build, test, example and benchmark dependency from Debian/Ubuntu packages,
# including the Python packages the interop tests run against (Django, django-redis, redis-py,
# Celery, channels_redis), the HTTP servers of the web adapters and the browser of the web test.
# Idempotent: when everything is present it changes nothing and does not touch the network.
#   scripts/install-deps.sh [--bench]   (--bench: also strace, perf and wrk, for bench/)
set -euo pipefail

packages=(
  build-essential g++ clang libclang-rt-dev cmake ninja-build pkg-config git python3
  libhiredis-dev libssl-dev openssl libfmt-dev libspdlog-dev nlohmann-json3-dev
  zlib1g-dev liblz4-dev libzstd-dev libmsgpack-cxx-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev valgrind
  redis-server redis-tools redis-sentinel
  python3-django python3-django-redis python3-redis python3-msgpack python3-lz4
  python3-celery python3-channels-redis
  python3-zstd
  libcpp-httplib-dev libboost-dev libasio-dev doxygen
  chromium chromium-driver python3-selenium
)
if [ "${1:-}" = "--bench" ]; then
  packages+=(strace linux-perf wrk)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

# The packaged services are not wanted: tests and the demo start their own servers.
for service in redis-server redis-sentinel; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$service" 2>/dev/null; then
    $sudo systemctl disable --now "$service" >/dev/null 2>&1 || true
  fi
done
