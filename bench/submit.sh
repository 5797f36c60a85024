#!/usr/bin/env bash
# Benchmark: sustained acknowledged (durably committed) 4 KiB submissions per
# second over TLS, with latency percentiles.
#   [THREADS=N] [CPUS=0,1] bench/submit.sh [SECONDS] [CONNECTIONS]
# Builds a release binary, makes a throwaway instance, runs wrk from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
CONNS=${2:-64}
. bench/lib.sh
bench_build
tmp=$(mktemp -d)
trap 'bench_stop; rm -rf "$tmp"' EXIT
bench_start "$tmp" "${THREADS:-}"
port=$BENCH_PORT
bench_machine
echo "wrk: $CONNS connections, 2 threads, ${DURATION}s, keep-alive TLS"
wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s bench/submit.lua "https://127.0.0.1:$port/api/v1/reports"
bench_stop
cases=$(ls -la "$tmp/inst/store/data.mdb" | awk '{print $5}')
echo "store size after run: $cases bytes"
