#!/usr/bin/env bash
# Benchmark: the monitors' summary endpoint and dashboard over a store of N
# synthetic cases (bench/monitor_bench.c fills it through the daemon's own
# store calls, counters included).
#   bench/monitor.sh [N ...]        (default: 10000 1000000)
# For each N: the figures computation alone (median of 21), then wrk over TLS
# against GET /api/v1/monitor/summary and GET /monitor (8 connections, 10 s).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 1000000)
scripts/install-deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target tocao tocaod monitor_bench >/dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(uname -sr)"
for n in "${sizes[@]}"; do
  tmp=$(mktemp -d)
  build-bench/bin/tocao init --dev "$tmp/inst" >/dev/null
  sed -i "s/^store_map_mb = .*/store_map_mb = 16384/" "$tmp/inst/tocao.conf"
  grep -q '^store_map_mb' "$tmp/inst/tocao.conf" || echo "store_map_mb = 16384" >>"$tmp/inst/tocao.conf"
  echo "== $n cases"
  build-bench/bin/monitor_bench fill "$tmp/inst/store" "$n"
  build-bench/bin/monitor_bench time "$tmp/inst/store"
  build-bench/bin/tocaod -d "$tmp/inst" --listen 127.0.0.1:0 2>"$tmp/log" &
  pid=$!
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on https:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$tmp/log"; exit 1; }
  code=$(build-bench/bin/tocao signin --server "https://127.0.0.1:$port" \
    --cacert "$tmp/inst/tls/cert.pem" --identity "$tmp/inst/dev-secrets/monitor.key" 2>/dev/null)
  echo "-- GET /api/v1/monitor/summary (national, last 365 days)"
  wrk -t2 -c8 -d10s --latency -H "Authorization: Bearer $code" \
    "https://127.0.0.1:$port/api/v1/monitor/summary" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
  echo "-- GET /monitor (dashboard page, national, 12 months)"
  wrk -t2 -c8 -d10s --latency -H "Cookie: tocao_monitor=$code" \
    "https://127.0.0.1:$port/monitor" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
  echo "-- GET /healthz (1 connection) while /monitor is under that load: does the loop stall?"
  wrk -t1 -c8 -d10s -H "Cookie: tocao_monitor=$code" "https://127.0.0.1:$port/monitor" >/dev/null &
  load=$!
  sleep 1
  wrk -t1 -c1 -d5s --latency "https://127.0.0.1:$port/healthz" | grep -E "Requests/sec|50%|90%|99%"
  wait $load || true
  kill -TERM $pid; wait $pid || true
  rm -rf "$tmp"
done
