"""Issue 13, the front: each test replays an attack found against a running instance on loopback
and asserts the defence.

- shared buckets and pools: a Tor client spending the wrong-receipt, new-report or connection
  budget of HTTPS users (the Tor listener now has its own);
- sign-in jamming: a flood of challenges, one principal's thousands of sign-ins;
- /metrics on the public listeners;
- lenient HTTP: HEAD with a body, duplicate or signed Content-Length, no Host, folded headers,
  control bytes, bad \\u escapes, overdue=<anything>, an Onion-Location with control bytes.

Every client is on loopback; an "other source" is a client bound to another 127.0.0.0/8 address
(each IPv4 address is a source of its own; the /64 grouping of IPv6 is unit-tested in
tests/unit/intake/test_framing.c, since loopback has one IPv6 address)."""
import base64
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import unittest

from nacl.signing import SigningKey

from harness import Daemon, InstanceTest, TOCAOD, main, sample_report, set_conf, tocao

import tocao_format  # noqa: E402

CONTEXT = b"tocao-session-v1\0"


def b64(b):
    return base64.b64encode(b).decode()


def log_port(daemon, what):
    """The port a daemon logged for its onion or metrics listener."""
    deadline = time.time() + 10
    while time.time() < deadline:
        m = re.search(what + r" listener .* port (\d+)", "".join(daemon.log))
        if m:
            return int(m.group(1))
        time.sleep(0.05)
    raise AssertionError("no %s listener: %s" % (what, "".join(daemon.log)))


def plain(port, method, path, body=None, headers=None, source="127.0.0.1"):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        h = {"Content-Type": "application/json"} if body is not None else {}
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


def read_all(sock, timeout=5):
    """Everything the peer sends until it closes (or timeout seconds of silence)."""
    sock.settimeout(timeout)
    out = b""
    try:
        while True:
            b = sock.recv(65536)
            if not b:
                break
            out += b
    except (socket.timeout, ConnectionError, ssl.SSLError):
        pass
    return out


def closed_by_peer(sock, timeout):
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b""
    except (ConnectionError, ssl.SSLError):
        return True
    except socket.timeout:
        return False


class Base(InstanceTest):
    def tls_raw(self, data, source="127.0.0.1", timeout=5):
        raw = socket.create_connection(("127.0.0.1", self.daemon.port), timeout=timeout,
                                       source_address=(source, 0))
        s = self.daemon.ctx.wrap_socket(raw, server_hostname="localhost")
        try:
            s.sendall(data)
            return read_all(s, timeout)
        finally:
            s.close()

    def https(self, source):
        return http.client.HTTPSConnection("127.0.0.1", self.daemon.port, context=self.daemon.ctx,
                                           timeout=30, source_address=(source, 0))

    def signer(self, name):
        role, scope, seed, pk = tocao_format.load_signer_secret(
            os.path.join(self.dir, "dev-secrets", name + ".key"))
        return SigningKey(seed), pk

    def challenge(self, conn=None):
        s, h, doc = self.daemon.post_json("/api/v1/sessions/challenge", {}, conn=conn)
        return s, h, doc

    def sign_in(self, name, ch, conn=None):
        key, pk = self.signer(name)
        sig = key.sign(CONTEXT + base64.b64decode(ch["challenge"]) + pk).signature
        body = {"public_key": b64(pk), "challenge": ch["challenge"], "signature": b64(sig)}
        return self.daemon.post_json("/api/v1/sessions", body, conn=conn)

    def login(self, name, conn=None):
        s, _, ch = self.challenge(conn)
        self.assertEqual(s, 201, ch)
        s, _, doc = self.sign_in(name, ch, conn)
        self.assertEqual(s, 201, doc)
        return doc["token"]

    def get(self, path, token):
        s, _, data = self.daemon.request("GET", path, headers={"Authorization": "Bearer " + token})
        return s, json.loads(data) if data else None


class TorBucketsTest(Base):
    """Item 3: the Tor listener's floods spend its own buckets only (defaults, not tuned)."""
    conf = {"onion_listen": "127.0.0.1:0"}

    def test_tor_wrong_receipts_do_not_lock_out_https(self):
        _, _, doc = self.submit(sample_report())
        receipt = doc["receipt"]
        port = log_port(self.daemon, "onion service")
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        codes = []
        # The attack: wrong receipts over Tor until the overall bucket is empty (it took 200
        # in a burst then 50 a second, shared with HTTPS).
        wrong = json.dumps({"receipt": "AAAA-AAAA-AAAA-AAAA-AAAA"})
        t0 = time.monotonic()
        for _ in range(400):
            c.request("POST", "/api/v1/followup", body=wrong,
                      headers={"Content-Type": "application/json"})
            r = c.getresponse()
            r.read()
            codes.append(r.status)
        c.close()
        self.assertIn(429, codes)
        # Over HTTPS, a reporter with the right receipt is not refused.
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": receipt})
        self.assertEqual(s, 200, (f, time.monotonic() - t0))
        self.assertLessEqual(codes.index(429), 80, "the Tor listener's own burst is 50")

    def test_tor_report_flood_does_not_spend_https(self):
        port = log_port(self.daemon, "onion service")
        report = json.dumps(sample_report(), ensure_ascii=False).encode()
        # In parallel (8 at a time): one by one, a slow build (ASan) on a busy machine posts
        # fewer than 10 a second, which the bucket refills as fast, and would never see 429.
        from concurrent.futures import ThreadPoolExecutor
        t0 = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda _: plain(port, "POST", "/api/v1/reports", report)[0],
                                  range(400)))
        elapsed = time.monotonic() - t0
        self.assertIn(429, codes, f"400 reports in {elapsed:.1f} s")
        # The burst (200) and the refill (10 a second) bound what was taken.
        self.assertLessEqual(codes.count(201), 200 + 10 * elapsed + 10)
        s, _, doc = self.submit(sample_report())
        self.assertEqual(s, 201, doc)


class PoolsTest(Base):
    """Item 3: idle Tor connections cannot use up the HTTPS connections, nor the reverse."""
    conf = {"onion_listen": "127.0.0.1:0", "max_connections": "16",
            "onion_max_connections": "16", "max_connections_per_source": "64"}

    def test_pools_apart(self):
        port = log_port(self.daemon, "onion service")
        idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(40)]
        try:
            time.sleep(0.5)
            # Over its own cap, the Tor listener closes the newest at once...
            closed = sum(closed_by_peer(s, 0.05) for s in idle)
            self.assertEqual(closed, 40 - 16)
            # ...and HTTPS users are served all the same.
            s, _, body = self.daemon.request("GET", "/healthz")
            self.assertEqual((s, body), (200, b"ok\n"))
            held = [self.https("127.0.0.1") for _ in range(16)]
            for h in held:
                h.connect()
            try:
                time.sleep(0.3)
                # And the reverse: with every HTTPS connection taken, Tor still answers.
                for s in idle:
                    s.close()
                idle = []
                time.sleep(0.3)
                self.assertEqual(plain(port, "GET", "/healthz")[0], 200)
            finally:
                for h in held:
                    h.close()
        finally:
            for s in idle:
                s.close()


class SignInTest(Base):
    """Item 4: sign-in cannot be jammed by strangers, nor by another principal."""

    def test_challenge_flood_stores_nothing_and_is_limited_per_source(self):
        s, _, early = self.challenge()  # an inspector's, just before the flood
        self.assertEqual(s, 201)
        self.assertEqual((early["expires_in"], early["context"]), (60, "tocao-session-v1"))
        self.assertEqual(len(base64.b64decode(early["challenge"])), 32)
        # The attack: ~1,100 unauthenticated challenge requests, fast, from another source.
        codes = []
        lock = threading.Lock()

        def flood():
            c = self.https("127.0.0.2")
            mine = []
            for _ in range(275):
                s, h, _ = self.challenge(conn=c)
                mine.append(s)
            c.close()
            with lock:
                codes.extend(mine)

        t0 = time.monotonic()
        threads = [threading.Thread(target=flood) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        flood_s = time.monotonic() - t0
        self.assertEqual(len(codes), 1100)
        # The challenge from before the flood still signs in, and new ones are given out.
        s, _, doc = self.sign_in("inspector-TT-96", early)
        self.assertEqual(s, 201, (doc, flood_s))
        self.assertLessEqual(codes.count(201), 125, "120 a minute from one source")
        self.assertEqual(codes.count(201) + codes.count(429), 1100)
        s, _, doc = self.sign_in("inspector-TT-01", self.challenge()[2])
        self.assertEqual(s, 201, doc)
        # A challenge is good once.
        s, _, doc = self.sign_in("inspector-TT-96", early)
        self.assertEqual(s, 401, doc)
        # A challenge not made by this server (its tag changed) is refused.
        forged = bytearray(base64.b64decode(early["challenge"]))
        forged[0] ^= 1
        s, _, doc = self.sign_in("inspector-TT-96", {"challenge": b64(bytes(forged))})
        self.assertEqual(s, 401, doc)

    def test_one_principal_cannot_evict_others(self):
        monitor = self.login("monitor")
        other = self.login("inspector-TT-01")
        # The attack: one principal signing in over and over (challenges from several
        # sources, so that the per-source challenge limit is not what stops it). Unbounded, about
        # 8,000 of them used to evict every other session; the eviction itself is unit-tested
        # (tests/unit/intake/test_auth.c), here the bounds are.
        tokens, codes = [], []
        for i in range(90):
            c = self.https("127.0.1.%d" % (1 + i // 60))
            s, _, ch = self.challenge(conn=c)
            self.assertEqual(s, 201, ch)
            s, h, doc = self.sign_in("inspector-TT-48", ch, conn=c)
            c.close()
            codes.append(s)
            if s == 201:
                tokens.append(doc["token"])
            else:
                self.assertEqual(s, 429, doc)
                self.assertGreaterEqual(int(h["retry-after"]), 1)
        # Everyone else is still signed in.
        self.assertEqual(self.get("/api/v1/monitor/summary", monitor)[0], 200)
        self.assertEqual(self.get("/api/v1/cases", other)[0], 200)
        self.assertEqual(codes.count(201), 64, "64 sign-ins a minute per principal")
        # The principal keeps its 8 newest sessions; its older ones ended.
        live = [self.get("/api/v1/cases", t)[0] for t in tokens]
        self.assertEqual(live[-8:], [200] * 8)
        self.assertEqual(live[:-8], [401] * (len(tokens) - 8))


class MetricsTest(Base):
    """Item 5: /metrics only on its own loopback listener, as coarse snapshots."""
    conf = {"onion_listen": "127.0.0.1:0", "metrics_listen": "127.0.0.1:0",
            "metrics_interval_s": "3600"}

    def test_metrics_not_public_and_coarse(self):
        for method in ("GET", "HEAD"):
            self.assertEqual(self.daemon.request(method, "/metrics")[0], 404)
        self.assertEqual(plain(log_port(self.daemon, "onion service"), "GET", "/metrics")[0], 404)
        port = log_port(self.daemon, "metrics")
        s, h, before = plain(port, "GET", "/metrics")
        self.assertEqual(s, 200)
        self.assertIn(b"# TYPE tocao_reports_accepted_total counter", before)
        self.assertNotIn(b"in_flight", before)
        self.assertNotIn(b"TT-", before)
        # A report now does not show until the next interval: polling cannot date it.
        self.assertEqual(self.submit(sample_report(attachments=None))[0], 201)
        s, _, after = plain(port, "GET", "/metrics")
        self.assertEqual(after, before)
        self.assertEqual(plain(port, "GET", "/healthz")[0], 404)
        fill = re.search(rb"^tocao_store_fill (\S+)$", after, re.M).group(1)
        self.assertRegex(fill.decode(), r"^\d\.\d\d$")

    def test_metrics_listener_loopback_only(self):
        tmp = tempfile.mkdtemp(prefix="tocao-e2e-")
        try:
            d = os.path.join(tmp, "inst")
            tocao("init", "--dev", d)
            set_conf(d, {"metrics_listen": "0.0.0.0:0"})
            p = subprocess.run([TOCAOD, "-d", d, "--listen", "127.0.0.1:0"],
                               capture_output=True, text=True, timeout=30)
            self.assertNotEqual(p.returncode, 0)
            self.assertIn("metrics_listen must be a loopback", p.stderr)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class StrictHttpTest(Base):
    """Item 8: what RFC 9112 says to reject is refused with 400 before any handler."""
    conf = {"onion_listen": "127.0.0.1:0"}

    def status_of(self, raw):
        head = raw.split(b"\r\n", 1)[0]
        return int(head.split()[1]) if head.startswith(b"HTTP/1.") else None

    def test_head_has_no_body_and_keep_alive_stays_in_step(self):
        for path in ("/healthz", "/", "/followup", "/nowhere"):
            out = self.tls_raw(b"HEAD " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n"
                               b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            first, rest = out.split(b"\r\n\r\n", 1)
            # The very next bytes are the second answer's status line: no body in between.
            self.assertTrue(rest.startswith(b"HTTP/1.1 200 OK\r\n"), (path, rest[:80]))
            self.assertTrue(rest.endswith(b"\r\n\r\nok\n"), rest[-40:])
            _, hdrs, body = self.daemon.request("GET", path)
            self.assertIn(b"Content-Length: %d\r\n" % len(body), first + b"\r\n")

    def test_framing_refused(self):
        post = b"POST /api/v1/sessions/challenge HTTP/1.1\r\nHost: x\r\n" \
               b"Content-Type: application/json\r\n"
        attacks = {
            "conflicting Content-Length": post + b"Content-Length: 2\r\nContent-Length: 7\r\n\r\n{}",
            "duplicate Content-Length": post + b"Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
            "signed Content-Length": post + b"Content-Length: +2\r\n\r\n{}",
            "Content-Length with a space in the name": post + b"Content-Length : 2\r\n\r\n{}",
            "no Host on HTTP/1.1": b"GET /healthz HTTP/1.1\r\n\r\n",
            "two Hosts": b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "obs-fold": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n",
            "obs-fold with a tab": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tb\r\n\r\n",
            "bare CR": b"GET /healthz HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n",
            "control byte in a value": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n",
            "DEL in a value": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x7fb\r\n\r\n",
            "control byte in the target": b"GET /healthz?\x01 HTTP/1.1\r\nHost: x\r\n\r\n",
            "Transfer-Encoding gzip": post + b"Transfer-Encoding: gzip\r\n\r\n",
        }
        for name, req in attacks.items():
            out = self.tls_raw(req)
            self.assertEqual(self.status_of(out), 400, (name, out[:200]))
            self.assertIn(b"Connection: close", out, name)
        # The same on the Tor listener (plain HTTP).
        port = log_port(self.daemon, "onion service")
        for name in ("obs-fold", "conflicting Content-Length", "no Host on HTTP/1.1"):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(attacks[name])
            out = read_all(s)
            s.close()
            self.assertEqual(self.status_of(out), 400, (name, out[:200]))
        # A folded line in the second request of a kept-alive connection is seen too.
        out = self.tls_raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + attacks["obs-fold"])
        self.assertEqual(out.count(b"HTTP/1.1 200 OK"), 1)
        self.assertEqual(out.count(b"HTTP/1.1 400 Bad Request"), 1)
        # Well-formed requests still pass: HTTP/1.0 without Host, a kept-alive pair.
        self.assertEqual(self.status_of(self.tls_raw(b"GET /healthz HTTP/1.0\r\n\r\n")), 200)
        out = self.tls_raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                           b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertEqual(out.count(b"HTTP/1.1 200 OK"), 2)

    def test_bad_unicode_escapes_refused(self):
        for esc in ("\\u00ZZ", "\\uD800", "\\uDC00", "\\u12", "\\uD800\\u0041"):
            body = json.dumps(sample_report(summary="Thu tiền XYZ")).replace("XYZ", esc)
            s, _, doc = self.daemon.post_json("/api/v1/reports", body.encode())
            self.assertEqual(s, 400, (esc, doc))
            self.assertIn("\\u", doc["detail"], esc)
        # A good escape, a surrogate pair included, is still taken.
        body = json.dumps(sample_report(summary="Thu tiền XYZ")).replace("XYZ", "\\u1EA1\\uD83D\\uDE00")
        self.assertEqual(self.daemon.post_json("/api/v1/reports", body.encode())[0], 201)

    def test_overdue_true_or_false_only(self):
        tok = self.login("inspector-TT-96")
        for v in ("true", "false"):
            self.assertEqual(self.get("/api/v1/cases?overdue=" + v, tok)[0], 200)
        for v in ("yes", "1", "", "TRUE", "x" * 40):
            s, doc = self.get("/api/v1/cases?overdue=" + v, tok)
            self.assertEqual(s, 400, (v, doc))
            self.assertEqual(doc["errors"][0]["field"], "overdue", doc)
        mon = self.login("monitor")
        self.assertEqual(self.get("/api/v1/monitor/cases?overdue=true", mon)[0], 200)
        s, doc = self.get("/api/v1/monitor/cases?overdue=maybe", mon)
        self.assertEqual(s, 400, doc)


class OnionLocationTest(unittest.TestCase):
    """Item 8: an Onion-Location with control bytes stops the start; none is ever echoed."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tocao-e2e-")
        self.dir = os.path.join(self.tmp, "inst")
        tocao("init", "--dev", self.dir)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_refused_at_start_and_never_echoed_raw(self):
        for bad in ("http://abc.onion/\x01x", "http://abc.onion/\x7f", "javascript:alert(1)",
                    "http://abc .onion"):
            set_conf(self.dir, {"onion_location": bad})
            p = subprocess.run([TOCAOD, "-d", self.dir, "--listen", "127.0.0.1:0"],
                               capture_output=True, text=True, timeout=30)
            self.assertNotEqual(p.returncode, 0, repr(bad))
            self.assertIn("onion_location must be", p.stderr, repr(bad))
        onion = "http://tocaoexampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion"
        set_conf(self.dir, {"onion_location": onion + "/"})
        d = Daemon(self.dir)
        try:
            raw = socket.create_connection(("127.0.0.1", d.port), timeout=5)
            s = d.ctx.wrap_socket(raw, server_hostname="localhost")
            s.sendall(b"GET /?\x01\x1b[2J HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            out = read_all(s)
            s.close()
            self.assertTrue(out.startswith(b"HTTP/1.1 400"), out[:100])
            self.assertNotIn(b"Onion-Location", out)
            _, hdrs, _ = d.request("GET", "/?lang=en")
            self.assertEqual(hdrs["onion-location"], onion + "/?lang=en")
        finally:
            self.assertEqual(d.stop(), 0)


if __name__ == "__main__":
    main()
