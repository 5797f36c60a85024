#!/bin/sh
# The systemd unit's sandbox must not silently get weaker: its exposure
# score (systemd-analyze security, 0 best .. 10 worst) stays at or below
# the recorded one (docs/OPERATIONS.md). Lower the threshold when the unit
# improves; never raise it without saying why there.
#   systemd_security.sh UNIT_FILE THRESHOLD   (threshold in tenths: 11 = 1.1)
# Exits 77 (skipped) where systemd-analyze is missing or too old for --offline.
unit=$1
threshold=$2
command -v systemd-analyze >/dev/null 2>&1 || { echo "systemd-analyze not found: skipped"; exit 77; }
systemd-analyze security --help 2>/dev/null | grep -q -- --offline ||
  { echo "systemd-analyze has no --offline: skipped"; exit 77; }
out=$(systemd-analyze security --offline=true --threshold="$threshold" "$unit" 2>&1)
rc=$?
echo "$out" | grep 'Overall exposure level'
if [ $rc -ne 0 ]; then
  echo "$out" | grep '✗'
  echo "exposure level above $threshold tenths: the unit's sandbox got weaker" >&2
  exit 1
fi
