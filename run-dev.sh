#!/usr/bin/env bash
# Development: install what is missing, build, create a development
# instance in ./dev-instance (once), and run the daemon at https://localhost:8443.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
if [ ! -f dev-instance/tocao.conf ]; then
  build/bin/tocao init --dev dev-instance
fi
echo "Serving https://localhost:8443 (certificate: dev-instance/tls/cert.pem). Ctrl-C stops."
exec build/bin/tocaod -d dev-instance "$@"
