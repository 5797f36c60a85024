#!/usr/bin/env bash
# Benchmark: the inspectors' desk over N cases of one unit (TT-96).
#   [N=10000] [RUNS=5] bench/desk.sh
# Fills a throwaway dev instance with N reports through the JSON API (16 at a
# time), then starts `tocao desk` RUNS times and times, for each start:
#   - start -> its first line (the URL: every case listed, opened, indexed);
#   - start -> the inbox page of N cases fully answered (the one-time URL, its
#     redirect, then GET / sorted by deadline);
# and, on one desk, the search answer (GET /?q=...) for a common word, a rare
# word, words typed without their marks, and no match: median of RUNS each.
# BENCH_BIN=build/bin reuses a build; otherwise a release build in build-bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
if [ -z "${BENCH_BIN:-}" ]; then bench_build; fi
bin=${BENCH_BIN:-build-bench/bin}
tmp=$(mktemp -d)
trap 'bench_stop; rm -rf "$tmp"' EXIT
bench_start "$tmp"
bench_machine
N=${N:-10000} RUNS=${RUNS:-5} BIN=$bin INST=$tmp/inst PORT=$BENCH_PORT python3 - <<'EOF'
import concurrent.futures, http.client, json, os, re, ssl, statistics, subprocess, threading, time

n, runs, inst, port = int(os.environ["N"]), int(os.environ["RUNS"]), os.environ["INST"], os.environ["PORT"]
tocao = os.path.join(os.environ["BIN"], "tocao")
ctx = ssl.create_default_context(cafile=os.path.join(inst, "tls", "cert.pem"))
local = threading.local()
SUBJECTS = ["Thu tiền sai quy định khi cấp giấy chứng nhận quyền sử dụng đất",
            "Nhận tiền để bỏ qua vi phạm xây dựng", "Lập danh sách hộ nghèo không đúng đối tượng",
            "Cơ sở chế biến thủy sản xả nước thải ra kênh", "Chi sai mục đích kinh phí hỗ trợ ngư dân"]
PLACES = ["Tân Thành", "Lý Văn Lâm", "An Xuyên", "Tắc Vân", "Hòa Thành", "Định Bình", "Năm Căn"]

def report(i):
    subject, place = SUBJECTS[i % len(SUBJECTS)], PLACES[(i // len(SUBJECTS)) % len(PLACES)]
    if i == n // 2:
        subject = "Cán bộ thu tiền quỹ khuyến học trái quy định ở ấp Rạch Gốc"
    return {"kind": "denunciation", "identity": "named",
            "reporter": {"full_name": "Nguyễn Thị Hoa", "address": "25 Phan Ngọc Hiển, Cà Mau"},
            "jurisdiction": {"province": "96", "commune": "32002", "level": "commune"},
            "accused": {"name": f"Trần Văn {i % 97}"}, "category": "land",
            "summary": f"{subject} tại xã {place} (đơn số {i})",
            "details": f"Tại xã {place}: {subject.lower()}. Người dân đã phản ánh nhiều lần "
                       "nhưng chưa được giải quyết. " * 4}

def submit(i):
    if not hasattr(local, "c"):
        local.c = http.client.HTTPSConnection("127.0.0.1", int(port), context=ctx, timeout=60)
    local.c.request("POST", "/api/v1/reports", json.dumps(report(i)).encode(),
                    {"Content-Type": "application/json"})
    r = local.c.getresponse()
    r.read()
    if r.status != 201:
        raise SystemExit(f"report {i}: {r.status}")

t = time.monotonic()
with concurrent.futures.ThreadPoolExecutor(16) as pool:
    list(pool.map(submit, range(n)))
print(f"filled: {n} reports through the API in {time.monotonic() - t:.1f} s")

def get(c, path, cookie):
    t = time.monotonic()
    c.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    r = c.getresponse()
    body = r.read()
    return r, body, time.monotonic() - t

def start_desk():
    """(desk process, origin, cookie, seconds to the first line, to the inbox, the 2nd line)."""
    t0 = time.monotonic()
    p = subprocess.Popen([tocao, "desk", "--server", f"https://127.0.0.1:{port}",
                          "--cacert", os.path.join(inst, "tls", "cert.pem"),
                          "--identity", os.path.join(inst, "dev-secrets", "inspector-TT-96.key"),
                          "--unit-key", os.path.join(inst, "dev-secrets", "TT-96.key"),
                          "--no-browser"], stdout=subprocess.PIPE, text=True)
    url = p.stdout.readline().strip()
    t1 = time.monotonic() - t0
    second = p.stdout.readline().strip()
    m = re.match(r"http://(127\.0\.0\.1):(\d+)(/open\?token=[0-9a-f]+)$", url)
    c = http.client.HTTPConnection(m.group(1), int(m.group(2)), timeout=120)
    r, _, _ = get(c, m.group(3), None)
    cookie = r.getheader("Set-Cookie").split(";")[0]
    r, body, _ = get(c, "/", cookie)
    t2 = time.monotonic() - t0
    assert r.status == 200 and f"{n:,}".replace(",", ".").encode() in body
    return p, c, cookie, t1, t2, second

firsts, inboxes = [], []
for k in range(runs):
    p, c, cookie, t1, t2, second = start_desk()
    firsts.append(t1)
    inboxes.append(t2)
    if k < runs - 1:
        p.terminate()
        p.wait()
print(f"desk start -> first line (every case listed, opened, indexed): median {statistics.median(firsts):.2f} s "
      f"(runs: {', '.join(f'{x:.3f}' for x in firsts)}); the desk says: {second}")
print(f"desk start -> inbox of {n} cases answered: median {statistics.median(inboxes):.2f} s "
      f"(runs: {', '.join(f'{x:.3f}' for x in inboxes)})")
r, body, t = get(c, "/", cookie)
assert r.status == 200, r.status
print(f"inbox page (50 rows, sorted by deadline, {len(body)} bytes) on a running desk: {t * 1000:.1f} ms")
queries = [("common word", "tiền"), ("rare word", "khuyến học"),
           ("without marks", "khuyen hoc rach goc"), ("no match", "zzzkhongcozzz")]
for label, q in queries:
    times, count = [], ""
    for _ in range(runs):
        r, body, t = get(c, "/?q=" + __import__("urllib.parse").parse.quote(q), cookie)
        assert r.status == 200, r.status
        times.append(t)
        m = re.search(rb"trong ([\d.]+) h\xe1\xbb\x93 s\xc6\xa1 ph\xc3\xb9 h\xe1\xbb\xa3p", body)
        count = m.group(1).decode() if m else "0"
    print(f"search {label!r} ({q}): {count} matching, median {statistics.median(times) * 1000:.1f} ms")
p.terminate()
p.wait()
EOF
