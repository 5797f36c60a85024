#!/usr/bin/env bash
# Benchmark: sustained acknowledged (durably committed) 4 KiB submissions per
# second over TLS, with latency percentiles.
#   bench/submit.sh [SECONDS] [CONNECTIONS]
# Builds a release binary, makes a throwaway instance, runs wrk from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
CONNS=${2:-64}
scripts/install-deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target tocao tocaod >/dev/null
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
build-bench/bin/tocao init --dev "$tmp/inst" >/dev/null
sed -i "s/^store_map_mb = .*/store_map_mb = 8192/" "$tmp/inst/tocao.conf"
# wrk's connections all come from 127.0.0.1: one source, over the default per-source cap.
echo "max_connections_per_source = 4096" >>"$tmp/inst/tocao.conf"
build-bench/bin/tocaod -d "$tmp/inst" --listen 127.0.0.1:0 2>"$tmp/log" &
pid=$!
for _ in $(seq 100); do
  port=$(sed -n 's/.*listening on https:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/log"; exit 1; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(uname -sr)"
echo "wrk: $CONNS connections, 2 threads, ${DURATION}s, keep-alive TLS"
wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s bench/submit.lua "https://127.0.0.1:$port/api/v1/reports"
kill -TERM $pid; wait $pid || true
cases=$(ls -la "$tmp/inst/store/data.mdb" | awk '{print $5}')
echo "store size after run: $cases bytes"
