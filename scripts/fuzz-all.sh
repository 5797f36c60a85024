#!/usr/bin/env bash
# Fuzz every target for MINUTES minutes each, then merge new inputs into the corpus.
#   scripts/fuzz-all.sh BUILD_DIR [MINUTES]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?build directory configured with -DTOCAO_FUZZ=ON}
minutes=${2:-10}
mkdir -p tests/fuzz/findings
for bin in "$build"/bin/fuzz_*; do
  t=$(basename "$bin")
  corpus=tests/fuzz/corpus/$t
  work=$(mktemp -d)
  cp -r "$corpus"/. "$work"/ 2>/dev/null || true
  echo "== $t: $minutes min"
  "$bin" -max_total_time=$((minutes * 60)) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=tests/fuzz/findings/"$t"- "$work" || echo "$t: found a crash (see tests/fuzz/findings/)"
  "$bin" -merge=1 "$corpus" "$work" >/dev/null 2>&1 || true
  rm -rf "$work"
done
