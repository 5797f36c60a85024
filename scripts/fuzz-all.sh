#!/usr/bin/env bash
# Fuzz every target for MINUTES minutes each, then merge new inputs into the corpus.
#   scripts/fuzz-all.sh BUILD_DIR [MINUTES] [JOBS]
# JOBS targets run at once (default 1; the number of cores is the useful most).
# Each target's last libFuzzer status line goes to tests/fuzz/findings/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?build directory configured with -DTOCAO_FUZZ=ON}
minutes=${2:-10}
jobs=${3:-1}
mkdir -p tests/fuzz/findings

fuzz_one() {
  bin=$1 minutes=$2
  t=$(basename "$bin")
  corpus=tests/fuzz/corpus/$t
  work=$(mktemp -d)
  log=tests/fuzz/findings/$t.log
  cp -r "$corpus"/. "$work"/ 2>/dev/null || true
  echo "== $t: $minutes min"
  if "$bin" -max_total_time=$((minutes * 60)) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=tests/fuzz/findings/"$t"- "$work" >"$log" 2>&1; then
    result="no crash"
  else
    result="FOUND A CRASH (see tests/fuzz/findings/)"
  fi
  "$bin" -merge=1 "$corpus" "$work" >/dev/null 2>&1 || true
  rm -rf "$work"
  echo "$t: $minutes min, $result; $(grep -E '^#[0-9]+' "$log" | tail -1)" |
    tee -a tests/fuzz/findings/summary.txt
}
export -f fuzz_one
ls "$build"/bin/fuzz_* | xargs -P "$jobs" -I{} bash -c 'fuzz_one "$@"' _ {} "$minutes"
