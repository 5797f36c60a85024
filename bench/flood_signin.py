"""The soak of bench/flood-signin.sh (run by it): a flood of sign-in challenge requests at a
bounded rate for a bounded time, against a tocaod on loopback, while a legitimate inspector
signs in once a second from another address; prints what each side got and the daemon's RSS.

Arguments: PORT CACERT SIGNER_KEY PID RATE SECONDS PROCS SOURCES THINK
  RATE     challenge requests a second, all flooders together (each paces itself)
  SOURCES  loopback addresses the flood comes from: 1 is 127.0.0.2 alone (the per-source
           limit answers most with 429); more spreads it over 127.0.2.1... so that each
           stays under the per-source limit for a while and the stateless challenges are what
           is tested.
  THINK    seconds the legitimate client waits between its challenge and its signed login (a
           distant or Tor client's round trips, a key on a token): the window in which a flood
           used to overwrite its challenge.
"""
import base64
import http.client
import json
import multiprocessing
import os
import ssl
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "interop"))
import tocao_format  # noqa: E402
from nacl.signing import SigningKey  # noqa: E402

CONTEXT = b"tocao-session-v1\0"


def connect(port, ctx, source):
    return http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=10,
                                       source_address=(source, 0))


def flooder(port, cacert, rate, seconds, sources, index, out):
    """One process: rate requests a second for seconds, over kept-alive connections."""
    ctx = ssl.create_default_context(cafile=cacert)
    counts = {}
    conns = {}
    sent = 0
    t0 = time.monotonic()
    n = int(rate * seconds)
    for i in range(n):
        due = t0 + i / rate
        now = time.monotonic()
        if due > now:
            time.sleep(due - now)
        src = "127.0.0.2" if sources == 1 else "127.0.2.%d" % (1 + (i * 7 + index) % sources)
        c = conns.get(src)
        try:
            if c is None:
                c = conns[src] = connect(port, ctx, src)
            c.request("POST", "/api/v1/sessions/challenge", body=b"{}",
                      headers={"Content-Type": "application/json"})
            r = c.getresponse()
            r.read()
            counts[r.status] = counts.get(r.status, 0) + 1
            if r.getheader("Connection", "").lower() == "close":
                c.close()
                conns.pop(src, None)
        except (OSError, http.client.HTTPException):
            counts["error"] = counts.get("error", 0) + 1
            conns.pop(src, None)
        sent += 1
        if time.monotonic() - t0 > seconds + 5:
            break
    out.put((sent, counts, time.monotonic() - t0))


def legit(port, cacert, key_path, seconds, think, results):
    """A sign-in (challenge, then the signed login) from 127.0.0.1 every second."""
    ctx = ssl.create_default_context(cafile=cacert)
    _, _, seed, pk = tocao_format.load_signer_secret(key_path)
    key = SigningKey(seed)
    t0 = time.monotonic()
    for i in range(int(seconds)):
        due = t0 + i * max(1.0, think + 0.2) + 0.5
        if due > t0 + seconds:
            break
        if due > time.monotonic():
            time.sleep(due - time.monotonic())
        start = time.monotonic()
        ok = False
        try:
            c = connect(port, ctx, "127.0.0.1")
            c.request("POST", "/api/v1/sessions/challenge", body=b"{}",
                      headers={"Content-Type": "application/json"})
            r = c.getresponse()
            ch = json.loads(r.read())
            if r.status == 201:
                time.sleep(think)
                sig = key.sign(CONTEXT + base64.b64decode(ch["challenge"]) + pk).signature
                body = json.dumps({"public_key": base64.b64encode(pk).decode(),
                                   "challenge": ch["challenge"],
                                   "signature": base64.b64encode(sig).decode()})
                c.request("POST", "/api/v1/sessions", body=body,
                          headers={"Content-Type": "application/json"})
                r = c.getresponse()
                r.read()
                ok = r.status == 201
            c.close()
        except (OSError, http.client.HTTPException, ValueError):
            ok = False
        results.append((ok, time.monotonic() - start))


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    port, cacert, key_path, pid = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    rate, seconds = float(sys.argv[5]), float(sys.argv[6])
    procs, sources, think = int(sys.argv[7]), int(sys.argv[8]), float(sys.argv[9])
    rss = [rss_kib(pid)]
    q = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=flooder,
                                       args=(port, cacert, rate / procs, seconds, sources, i, q))
               for i in range(procs)]
    results = []
    lt = threading.Thread(target=legit, args=(port, cacert, key_path, seconds, think, results))
    t0 = time.monotonic()
    for w in workers:
        w.start()
    lt.start()
    while lt.is_alive() or any(w.is_alive() for w in workers):
        rss.append(rss_kib(pid))
        time.sleep(0.5)
        if time.monotonic() - t0 > seconds + 60:
            break
    got = [q.get(timeout=30) for _ in workers]
    for w in workers:
        w.join(5)
    lt.join(5)
    sent = sum(g[0] for g in got)
    counts = {}
    for g in got:
        for k, v in g[1].items():
            counts[k] = counts.get(k, 0) + v
    took = max(g[2] for g in got)
    print("flood: %d challenge requests in %.1f s (%.0f/s asked, %.0f/s achieved) from %d "
          "source(s): %s" % (sent, took, rate, sent / took if took else 0, sources,
                             ", ".join("%s: %d" % (k, v) for k, v in sorted(counts.items(),
                                                                            key=str))))
    oks = [t for ok, t in results if ok]
    lat = sorted(t * 1000 for _, t in results)
    print("legitimate sign-ins (%.1f s between challenge and login): %d of %d succeeded "
          "(%.0f %%); latency ms, the wait included: median %.1f, p90 %.1f, max %.1f"
          % (think, len(oks), len(results),
                                  100.0 * len(oks) / len(results) if results else 0,
                                  statistics.median(lat) if lat else 0,
                                  lat[int(len(lat) * 0.9)] if lat else 0, max(lat) if lat else 0))
    print("tocaod RSS: %d KiB before, %d KiB peak, %d KiB after" % (rss[0], max(rss), rss[-1]))


if __name__ == "__main__":
    main()
