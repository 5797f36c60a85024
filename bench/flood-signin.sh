#!/usr/bin/env bash
# Soak (issue 13): N sign-in challenge requests a second for S seconds, while a legitimate
# inspector signs in once a second from another address; prints the legitimate sign-ins'
# success rate and latency, what the flood got, and tocaod's RSS. Loopback only, bounded.
#   [SOURCES=1] [PROCS=2] [THINK=1] [TOCAO_BIN=build/bin] bench/flood-signin.sh [RATE] [SECONDS]
# RATE defaults to 2000 a second (the attack seen: ~1,100 in 0.2 s), SECONDS to 20 (at most 120).
# SOURCES=1: the flood from 127.0.0.2 alone; SOURCES=N: spread over 127.0.2.1..N, each under
# the per-source limit for a while, so that the challenges' statelessness is what is tested.
# THINK: seconds the legitimate client takes between its challenge and its signed login (a
# distant or Tor client's round trips; default 1), the window a flood used to overwrite it in.
# TOCAO_BIN: binaries already built (default: a release build in build-bench/, as the other
# benchmarks do). Needs Debian's python3 with python3-nacl.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-2000}
SECONDS_=${2:-20}
[ "$SECONDS_" -le 120 ] || { echo "at most 120 seconds" >&2; exit 2; }
. bench/lib.sh
if [ -n "${TOCAO_BIN:-}" ]; then
  BENCH_BIN=$TOCAO_BIN
else
  bench_build
fi
tmp=$(mktemp -d)
trap 'bench_stop; rm -rf "$tmp"' EXIT
bench_start "$tmp" "${THREADS:-}"
bench_machine
echo "flood: ${RATE}/s challenge requests for ${SECONDS_}s from ${SOURCES:-1} source(s)," \
  "${PROCS:-2} processes; a legitimate sign-in every second from 127.0.0.1"
/usr/bin/python3 bench/flood_signin.py "$BENCH_PORT" "$tmp/inst/tls/cert.pem" \
  "$tmp/inst/dev-secrets/inspector-TT-96.key" "$BENCH_PID" "$RATE" "$SECONDS_" \
  "${PROCS:-2}" "${SOURCES:-1}" "${THINK:-1}"
