# Shared by the benchmark scripts (sourced, not run): a release build and a
# throwaway dev instance of tocaod on a free loopback port.
#   bench_build                   release tocao + tocaod in build-bench/
#   bench_start DIR [THREADS]     init an instance in DIR and start tocaod
#                                 (under taskset -c "$CPUS" when CPUS is set);
#                                 sets BENCH_PID and BENCH_PORT
#   bench_stop                    SIGTERM, wait
#   bench_machine                 one line: cores, memory, kernel, CPU model
# BENCH_BIN: where tocao and tocaod are (default build-bench/bin).

bench_build() {
  scripts/install-deps.sh
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build-bench -j"$(nproc)" --target tocao tocaod >/dev/null
}

# Replace the (background) shell with the command, under taskset when CPUS is
# set (e.g. CPUS=0 or CPUS=0,1): $! is then the server itself, to be stopped.
bench_exec_pinned() {
  if [ -n "${CPUS:-}" ]; then exec taskset -c "$CPUS" "$@"; else exec "$@"; fi
}

bench_start() {
  local dir=$1 threads=${2:-}
  "${BENCH_BIN:-build-bench/bin}/tocao" init --dev "$dir/inst" >/dev/null
  sed -i "s/^store_map_mb = .*/store_map_mb = 8192/" "$dir/inst/tocao.conf"
  # wrk's connections all come from 127.0.0.1: one source, over the default
  # per-source cap. (A dev instance already lifts the report rate limits.)
  echo "max_connections_per_source = 4096" >>"$dir/inst/tocao.conf"
  [ -z "$threads" ] || echo "threads = $threads" >>"$dir/inst/tocao.conf"
  bench_exec_pinned "${BENCH_BIN:-build-bench/bin}/tocaod" -d "$dir/inst" --listen 127.0.0.1:0 2>"$dir/log" &
  BENCH_PID=$!
  BENCH_PORT=
  for _ in $(seq 100); do
    BENCH_PORT=$(sed -n 's/.*listening on https:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$dir/log")
    [ -n "$BENCH_PORT" ] && break
    sleep 0.1
  done
  [ -n "$BENCH_PORT" ] || { cat "$dir/log"; return 1; }
}

bench_stop() {
  [ -n "${BENCH_PID:-}" ] || return 0
  kill -TERM "$BENCH_PID" 2>/dev/null || true
  wait "$BENCH_PID" 2>/dev/null || true
  BENCH_PID=
}

bench_machine() {
  echo "machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1))," \
    "$(free -g | awk '/Mem:/{print $2}') GiB; $(uname -sr)"
}
