"""Driver of bench/flood-followup.sh: an attacker with one receipt against a victim's reports.

The attacker posts follow-up messages as fast as it can (API texts and page uploads, never
waiting for Retry-After) and pages through a long conversation; the victim submits reports.
Prints the attacker's accepted and refused counts, the victim's 201 rate and latency
percentiles, and the daemon's RSS. Loopback only, bounded in time.
"""
import http.client
import json
import ssl
import sys
import threading
import time
import uuid

# The long conversation's receipt (read), and a fresh case's (written to).
PORT, CA, PID, LONG, RECEIPT, DURATION = (int(sys.argv[1]), sys.argv[2], int(sys.argv[3]),
                                          sys.argv[4], sys.argv[5], float(sys.argv[6]))
CTX = ssl.create_default_context(cafile=CA)
REPORT = {
    "kind": "denunciation", "identity": "confidential",
    "reporter": {"full_name": "Nguyễn Văn A", "address": "12 Lý Thường Kiệt, Cà Mau"},
    "jurisdiction": {"province": "96", "commune": "32002", "level": "commune"},
    "accused": {"name": "Trần Văn B"}, "category": "corruption",
    "summary": "Thu tiền sai quy định khi cấp sổ đỏ",
    "details": "Cán bộ địa chính yêu cầu nộp thêm tiền ngoài quy định. " * 20}
stop = threading.Event()
lock = threading.Lock()
counts = {}
victim_lat = []
rss = []


def count(key):
    with lock:
        counts[key] = counts.get(key, 0) + 1


def conn():
    return http.client.HTTPSConnection("127.0.0.1", PORT, context=CTX, timeout=60)


def request(c, method, path, body, ctype):
    c.request(method, path, body=body, headers={"Content-Type": ctype})
    r = c.getresponse()
    data = r.read()
    if r.getheader("Connection", "").lower() == "close":
        c.close()
    return r.status, data


def loop(fn):
    c = conn()
    while not stop.is_set():
        try:
            fn(c)
        except (OSError, http.client.HTTPException):
            count("connection errors")
            c.close()
            c = conn()
    c.close()


def post_text(c):
    body = json.dumps({"receipt": RECEIPT, "text": "\x01" * 20000}).encode()
    s, _ = request(c, "POST", "/api/v1/followup/messages", body, "application/json")
    count(f"attacker message (API) {s}")


def post_upload(c):
    b = "tocao" + uuid.uuid4().hex
    body = (f"--{b}\r\nContent-Disposition: form-data; name=\"receipt\"\r\n\r\n{RECEIPT}\r\n"
            f"--{b}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nbằng chứng\r\n"
            f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + b"\x17" * (2 << 20) + \
        f"\r\n--{b}--\r\n".encode()
    s, _ = request(c, "POST", "/followup/messages", body, f"multipart/form-data; boundary={b}")
    count(f"attacker message (page, 2 MiB) {s}")


def page_through(c):
    before = None
    for _ in range(5):
        doc = {"receipt": LONG}
        if before:
            doc["before"] = before
        s, data = request(c, "POST", "/api/v1/followup", json.dumps(doc).encode(),
                          "application/json")
        count(f"attacker read {s}")
        if s != 200:
            return
        before = json.loads(data).get("older")
        if not before:
            return


def victim(c):
    t0 = time.monotonic()
    s, _ = request(c, "POST", "/api/v1/reports", json.dumps(REPORT).encode(), "application/json")
    with lock:
        victim_lat.append((s, time.monotonic() - t0))
    time.sleep(0.05)


def sample_rss():
    while not stop.is_set():
        with open(f"/proc/{PID}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss.append(int(line.split()[1]))
        time.sleep(0.2)


threads = [threading.Thread(target=loop, args=(f,)) for f in
           (post_text, post_text, post_upload, page_through, page_through, page_through,
            victim, victim)]
threads.append(threading.Thread(target=sample_rss))
for t in threads:
    t.start()
time.sleep(DURATION)
stop.set()
for t in threads:
    t.join()

print(f"{DURATION:.0f} s; attacker: 2 threads of API messages (20,000 characters) and 1 of "
      f"2 MiB uploads to one fresh case, 3 threads paging a 999-message conversation, none "
      f"waiting for Retry-After; victim: 2 threads of new reports")
for k in sorted(counts):
    print(f"  {k}: {counts[k]}")
ok = sorted(d for s, d in victim_lat if s == 201)
n = len(victim_lat)
if n:
    print(f"victim: {len(ok)}/{n} reports 201 ({100.0 * len(ok) / n:.1f} %), "
          f"other statuses {sorted(set(s for s, _ in victim_lat if s != 201))}")
if ok:
    print(f"victim latency: p50 {ok[len(ok) // 2] * 1000:.1f} ms, "
          f"p99 {ok[min(len(ok) - 1, int(len(ok) * 0.99))] * 1000:.1f} ms, "
          f"max {ok[-1] * 1000:.1f} ms")
if rss:
    print(f"daemon RSS: start {rss[0] / 1024:.0f} MiB, peak {max(rss) / 1024:.0f} MiB, "
          f"end {rss[-1] / 1024:.0f} MiB")
