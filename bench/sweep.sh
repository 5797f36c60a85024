#!/usr/bin/env bash
# Benchmark: the cost of one deadline sweep as the store grows.
#   bench/sweep.sh [N ...]   (default: 10000 100000 1000000 cases)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target sweep_bench >/dev/null
build-bench/bin/sweep_bench "$@"
