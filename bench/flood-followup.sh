#!/usr/bin/env bash
# Soak: an attacker with one receipt floods follow-ups (as fast as allowed, and faster) and
# pages through a long conversation, while a victim submits new reports. Bounded in time,
# loopback only. Prints the attacker's accepted/refused counts, the victim's 201 rate and
# p50/p99 latency, and the daemon's RSS (docs/OPERATIONS.md "Limits").
#   [BIN_DIR=build/bin] bench/flood-followup.sh [SECONDS]
# Without BIN_DIR, builds a release binary in build-bench/ first.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
. bench/lib.sh
if [ -z "${BIN_DIR:-}" ]; then
  bench_build
  BIN_DIR=build-bench/bin
fi
tmp=$(mktemp -d)
pid=
stop_daemon() {
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}
trap 'stop_daemon; rm -rf "$tmp"' EXIT
start_daemon() {
  "$BIN_DIR/tocaod" -d "$tmp/inst" --listen 127.0.0.1:0 2>"$tmp/log" &
  pid=$!
  port=
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on https:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$tmp/log"; exit 1; }
}
"$BIN_DIR/tocao" init --dev "$tmp/inst" >/dev/null
conf=$tmp/inst/tocao.conf
cp "$conf" "$tmp/conf.defaults"
# First the long conversation (999 messages of 20,000 characters), written with the
# follow-up limits opened wide; then the daemon again with the production defaults
# (a dev instance lifts only the new-report count limits).
cat >>"$conf" <<CONF
followup_case_per_day = 1000
followup_case_total = 1000
followup_case_kb_per_day = 1048576
followup_case_mb_total = 1024
followup_per_source_per_min = 1000000
followup_source_kb_per_min = 10000000
followup_global_kb_per_s = 10000000
CONF
start_daemon
receipt=$(python3 - "$port" "$tmp/inst/tls/cert.pem" <<'PY'
import http.client, json, ssl, sys, threading
port, ca = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=ca)
def post(c, path, doc):
    c.request("POST", path, body=json.dumps(doc).encode(), headers={"Content-Type": "application/json"})
    r = c.getresponse(); return r.status, json.loads(r.read())
c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx)
s, doc = post(c, "/api/v1/reports", {"kind": "denunciation", "identity": "confidential",
    "reporter": {"full_name": "Nguyễn Văn A", "address": "12 Lý Thường Kiệt, Cà Mau"},
    "jurisdiction": {"province": "96", "commune": "32002", "level": "commune"},
    "accused": {"name": "Trần Văn B"}, "category": "corruption",
    "summary": "Thu tiền sai quy định", "details": "Cán bộ địa chính yêu cầu nộp thêm tiền."})
assert s == 201, doc
rc = doc["receipt"]
def writer(k):
    c = http.client.HTTPSConnection("127.0.0.1", port, context=ctx)
    for i in range(k, 999, 4):
        s, d = post(c, "/api/v1/followup/messages", {"receipt": rc, "text": "\x01" * 20000})
        assert s == 201, d
ts = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
s, fresh = post(c, "/api/v1/reports", {"kind": "denunciation", "identity": "confidential",
    "reporter": {"full_name": "Nguyễn Văn A", "address": "12 Lý Thường Kiệt, Cà Mau"},
    "jurisdiction": {"province": "96", "commune": "32002", "level": "commune"},
    "accused": {"name": "Trần Văn B"}, "category": "corruption",
    "summary": "Thu tiền sai quy định", "details": "Cán bộ địa chính yêu cầu nộp thêm tiền."})
print(rc, fresh["receipt"])
PY
)
stop_daemon
cp "$tmp/conf.defaults" "$conf"
start_daemon
bench_machine
echo "store: $(du -m "$tmp/inst/store/data.mdb" | cut -f1) MiB before the flood"
# shellcheck disable=SC2086  # two receipts: the long conversation's, a fresh case's
python3 bench/flood_followup.py "$port" "$tmp/inst/tls/cert.pem" "$pid" $receipt "$DURATION"
echo "store: $(du -m "$tmp/inst/store/data.mdb" | cut -f1) MiB after"
stop_daemon
