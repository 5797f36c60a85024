#!/usr/bin/env bash
# The whole test suite, as CI runs it: install what is missing, build with
# warnings as errors, run every test (unit and end-to-end) under ctest.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOCAO_WERROR=ON >/dev/null
cmake --build build-test -j"$(nproc)"
cd build-test
ctest --output-on-failure -j2
