#!/usr/bin/env bash
# The whole test suite, as CI runs it: install what is missing, then twice —
# a normal build with warnings as errors, and an AddressSanitizer +
# UndefinedBehaviorSanitizer build — each running every test under ctest
# (unit, end-to-end against the real daemon, fuzz-corpus replays; the
# browser tests in the normal build only); in between, the normal build's
# unit tests under valgrind (scripts/valgrind-unit.sh).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
(cd tests/browser && npm ci --no-audit --no-fund --silent)
jobs=$(nproc)
# As root (CI), the package test (tests/package/test_deb.sh: the .deb installed,
# started and purged in a debootstrapped root) must run: a missing mirror fails
# it instead of skipping it.
[ "$(id -u)" -ne 0 ] || export TOCAO_REQUIRE_PACKAGE_TEST=1

cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOCAO_WERROR=ON >/dev/null
cmake --build build-test -j"$jobs"
# The source rules (layers, library owners, function length, banned calls,
# no pointers outside the repository): scripts/checksrc.py --list-rules.
scripts/checksrc.py
(cd build-test && ctest --output-on-failure -j2)
# The unit tests and fuzz-corpus replays again under valgrind memcheck (about two
# minutes on two cores): uninitialised reads that the sanitizer build cannot see.
scripts/valgrind-unit.sh build-test

cmake -S . -B build-test-asan -DCMAKE_BUILD_TYPE=Debug -DTOCAO_WERROR=ON -DTOCAO_SANITIZE=ON >/dev/null
cmake --build build-test-asan -j"$jobs"
(cd build-test-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j2 -LE 'browser|package')
