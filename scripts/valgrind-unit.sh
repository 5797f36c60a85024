#!/usr/bin/env bash
# Run every ctest test labelled "unit" (which includes the fuzz-corpus
# replays, labelled "fuzz;unit"; not those labelled "script", which run
# Python or sh) under valgrind memcheck, in a normal (non-sanitizer) build:
#
#   scripts/valgrind-unit.sh BUILD_DIR [extra ctest arguments, e.g. -R store]
#
# Fails on any memcheck error (invalid read or write, use of uninitialised
# memory, bad free) and on any definite leak. ctest -T memcheck on its own
# only counts defects and still exits 0, so two things make a defect fatal:
# --error-exitcode makes valgrind fail the test itself, and the per-test
# logs are checked afterwards in case a test's own exit status was lost.
# The ASan build finds most of this too; valgrind also sees uninitialised
# reads (ASan does not) and runs the code exactly as it is shipped.
set -euo pipefail
build=${1:?usage: scripts/valgrind-unit.sh BUILD_DIR [ctest arguments]}
shift
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
cd "$build"

opts="--error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite"
opts+=" --show-leak-kinds=definite --track-origins=yes --num-callers=30"
# Pre-existing memcheck logs from an earlier run would be checked again.
rm -f Testing/Temporary/MemoryChecker.*.log

status=0
# "script" tests run Python or sh, not our code: memchecking an interpreter tells nothing.
ctest -L unit -LE script -T memcheck --output-on-failure -j"$(nproc)" "$@" \
  --overwrite MemoryCheckCommand="$(command -v valgrind)" \
  --overwrite MemoryCheckCommandOptions="$opts" || status=$?

# valgrind's own summary lines: any error, or any definitely lost byte.
bad=$(grep -lE 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]' \
  Testing/Temporary/MemoryChecker.*.log 2>/dev/null || true)
if [ -n "$bad" ]; then
  for f in $bad; do
    echo "=== $f" >&2
    cat "$f" >&2
  done
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "valgrind-unit: FAILED" >&2
else
  echo "valgrind-unit: no memcheck errors, no definite leaks" >&2
fi
exit "$status"
