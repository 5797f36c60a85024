#!/usr/bin/env bash
# Benchmark: backup, restore and verify of a store of N cases (RPO/RTO in
# docs/OPERATIONS.md "Backup and restore").
#   bench/backup.sh [N]          (default 1000000; BUILD=dir to reuse a build)
# bench/backup_fill.c fills the store through the case service's bulk load,
# each case with its record, indexes, counters and an envelope of a real
# report's size (~1.3 KB). Then, with the daemon serving the instance:
# tocao backup (sealed, compacted), tocao restore into a new directory, tocao
# verify on the result; each timed.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
build=${BUILD:-build-bench}
if [ -z "${BUILD:-}" ]; then
  scripts/install-deps.sh
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target tocao tocaod backup_fill >/dev/null
bin=$build/bin
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tocao-backup-bench.XXXXXX")
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
pid=""
export TOCAO_PASSPHRASE="bench passphrase, not secret"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(uname -sr); $(df -h "$tmp" | awk 'NR==2{print $1}')"
"$bin/tocao" init --dev "$tmp/inst" >/dev/null
grep -q '^store_map_mb' "$tmp/inst/tocao.conf" && sed -i 's/^store_map_mb = .*/store_map_mb = 16384/' "$tmp/inst/tocao.conf" \
  || echo "store_map_mb = 16384" >>"$tmp/inst/tocao.conf"
"$bin/tocao" keygen --backup --out "$tmp/backup.key" >/dev/null
t0=$(date +%s.%N)
"$bin/backup_fill" "$tmp/inst/store" "$n"
t1=$(date +%s.%N)
echo "fill: $(secs "$t0" "$t1") s; store file $(du -m "$tmp/inst/store/data.mdb" | cut -f1) MB"
"$bin/tocaod" -d "$tmp/inst" --listen 127.0.0.1:0 2>"$tmp/log" &
pid=$!
sleep 2
echo "-- tocao backup (the daemon serving)"
/usr/bin/time -f "   %e s elapsed, %M KB max resident" "$bin/tocao" backup --data "$tmp/inst" \
  --to "$tmp/backup.key.pub" "$tmp/b.tbk"
kill -TERM "$pid"; wait "$pid" || true
pid=""
echo "   backup file $(du -m "$tmp/b.tbk" | cut -f1) MB"
sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
echo "-- tocao restore"
r0=$(date +%s.%N)
"$bin/tocao" restore --key "$tmp/backup.key" "$tmp/b.tbk" "$tmp/new"
r1=$(date +%s.%N)
echo "-- tocao verify"
"$bin/tocao" verify --data "$tmp/new"
r2=$(date +%s.%N)
echo "restore $(secs "$r0" "$r1") s + verify $(secs "$r1" "$r2") s = RTO $(secs "$r0" "$r2") s for $n cases"
