#!/usr/bin/env bash
# Side by side: tocaod acknowledging 4 KiB reports (sealed, group-committed,
# fsync'd before the 201) against nginx answering "return 201" to the same
# POST, same certificate, same wrk script, same connections, keep-alive TLS.
#   [THREADS=N] [CPUS=0|0,1] [WRK_CPUS=1] bench/vs-nginx.sh [ROUNDS] [SECONDS] [CONNECTIONS]
# THREADS: tocaod's event loops and nginx's worker processes (default: one
#   per online core, both). CPUS pins both servers with taskset, WRK_CPUS
#   pins wrk. Rounds alternate tocaod and nginx; medians are printed, then
#   tocaod is run at half its median throughput (paced by bench/submit-rate.lua)
#   for its p99.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
DURATION=${2:-10}
CONNS=${3:-64}
WRK_THREADS=2
. bench/lib.sh
command -v nginx >/dev/null || { echo "nginx is not installed (apt-get install nginx-light)" >&2; exit 1; }
bench_build
tmp=$(mktemp -d)
ngpid=
trap 'bench_stop; [ -z "$ngpid" ] || { kill "$ngpid" 2>/dev/null; wait "$ngpid" 2>/dev/null; }; rm -rf "$tmp"' EXIT

bench_start "$tmp" "${THREADS:-}"
tport=$BENCH_PORT
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
workers=${THREADS:-auto}
mkdir -p "$tmp/ng"
cat >"$tmp/ng/nginx.conf" <<CONF
worker_processes $workers;
daemon off;
pid $tmp/ng/nginx.pid;
error_log $tmp/ng/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $tmp/ng/body;
  proxy_temp_path $tmp/ng/proxy;
  fastcgi_temp_path $tmp/ng/fastcgi;
  uwsgi_temp_path $tmp/ng/uwsgi;
  scgi_temp_path $tmp/ng/scgi;
  client_body_buffer_size 16k;
  keepalive_requests 100000000;
  keepalive_timeout 60s;
  server {
    listen 127.0.0.1:$nport ssl;
    ssl_certificate $tmp/inst/tls/cert.pem;
    ssl_certificate_key $tmp/inst/tls/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { return 201; }
  }
}
CONF
bench_exec_pinned nginx -c "$tmp/ng/nginx.conf" -p "$tmp/ng" 2>"$tmp/ng/stderr" &
ngpid=$!
for _ in $(seq 50); do
  curl -sk -o /dev/null -X POST "https://127.0.0.1:$nport/" && break
  sleep 0.1
done

run_wrk() { # URL SCRIPT [CONNS] -> wrk's output
  local conns=${3:-$CONNS}
  if [ -n "${WRK_CPUS:-}" ]; then
    taskset -c "$WRK_CPUS" wrk -t$WRK_THREADS -c"$conns" -d"${DURATION}s" --latency -s "$2" "$1"
  else
    wrk -t$WRK_THREADS -c"$conns" -d"${DURATION}s" --latency -s "$2" "$1"
  fi
}
field() { sed -n "s/^$1: \([0-9.]*\).*/\1/p"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

bench_machine
echo "tocaod threads: $(sed -n 's/.*serving from \([0-9]*\) event loops.*/\1/p' "$tmp/log" | grep . || echo 1);" \
  "nginx worker_processes: $workers; servers pinned to: ${CPUS:-none}; wrk pinned to: ${WRK_CPUS:-none}"
echo "wrk: $CONNS connections, $WRK_THREADS threads, ${DURATION}s per run, keep-alive TLS, 4 KiB JSON POST"
printf '%-6s %-7s %12s %10s %10s %8s\n' round server "201/s" "p50 ms" "p99 ms" other
: >"$tmp/t.rps"; : >"$tmp/n.rps"; : >"$tmp/t.p50"; : >"$tmp/t.p99"; : >"$tmp/n.p50"; : >"$tmp/n.p99"
for r in $(seq "$ROUNDS"); do
  for who in t n; do
    if [ $who = t ]; then url="https://127.0.0.1:$tport/api/v1/reports"; name=tocaod
    else url="https://127.0.0.1:$nport/api/v1/reports"; name=nginx; fi
    out=$(run_wrk "$url" bench/submit.lua)
    rps=$(field "acknowledged per second" <<<"$out")
    p50=$(field "latency p50" <<<"$out")
    p99=$(field "latency p99" <<<"$out")
    other=$(sed -n 's/.*other: \([0-9]*\).*/\1/p' <<<"$out")
    echo "$rps" >>"$tmp/$who.rps"; echo "$p50" >>"$tmp/$who.p50"; echo "$p99" >>"$tmp/$who.p99"
    printf '%-6s %-7s %12s %10s %10s %8s\n' "$r" $name "$rps" "$p50" "$p99" "$other"
  done
done
trps=$(median <"$tmp/t.rps"); nrps=$(median <"$tmp/n.rps")
echo "median tocaod: $trps/s (p50 $(median <"$tmp/t.p50") ms, p99 $(median <"$tmp/t.p99") ms)"
echo "median nginx:  $nrps/s (p50 $(median <"$tmp/n.p50") ms, p99 $(median <"$tmp/n.p99") ms)"
awk -v t="$trps" -v n="$nrps" 'BEGIN {printf "ratio tocaod/nginx: %.3f\n", t / n}'

half=$(awk -v t="$trps" 'BEGIN {printf "%d", t / 2}')
out=$(RATE=$half WRK_THREADS=$WRK_THREADS run_wrk "https://127.0.0.1:$tport/api/v1/reports" bench/submit-rate.lua)
echo "tocaod paced at half ($half/s target, $CONNS connections, bench/submit-rate.lua):" \
  "achieved $(field "acknowledged per second" <<<"$out")/s," \
  "p50 $(field "latency p50" <<<"$out") ms, p99 $(field "latency p99" <<<"$out") ms," \
  "p99.9 $(field "latency p99.9" <<<"$out") ms"
