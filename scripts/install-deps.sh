#!/usr/bin/env bash
# Install the Debian 12 packages tocao needs to build, run and test, if any
# is missing. Safe to run again; does nothing when all are present.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config          # toolchain
  libevent-dev libssl-dev libsodium-dev     # HTTP + TLS, cryptography
  liblmdb-dev libcjson-dev                  # store, JSON
  libzip-dev                                # the .docx documents and .xlsx tables (paper/)
  python3 python3-nacl python3-lmdb         # end-to-end tests (PyNaCl decrypts independently;
                                            # python3-lmdb tampers with a copy of a store)
  python3-openpyxl                          # reads the monitors' .xlsx tables independently (e2e)
  openssl curl wrk                          # certificates, manual checks, benchmark
  testssl.sh valgrind                       # TLS scan (e2e_testssl), memcheck of the unit tests
  chromium nodejs                           # browser tests (headless, driven by playwright-core)
  scdoc man-db groff-base                   # man pages: built from docs/man, checked by man --warnings
  dpkg-dev debhelper lintian debootstrap    # the Debian package, and its test in a clean root
  libcurl4-openssl-dev python3-aiosmtpd     # the reminders' SMTP client; a real SMTP server in e2e
  fonts-liberation2 poppler-utils           # documents printed to PDF (Times New Roman metrics), to PNG
  faketime                                  # the browser test of a 2-hour monitor session moves the daemon's clock
)

missing=()
# npm ships inside some nodejs builds and as its own package in Debian's.
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
