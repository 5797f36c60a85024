"""Limits and floods (issue 7): submission rates per source and overall, connection caps, the
per-request deadline against slowloris, header and body caps, and bounded memory under 1,000
slow connections. Every client here is 127.0.0.1: one source on the HTTPS listener; on the
plain-HTTP (Tor) listener there is no per-source limit at all, only that listener's own overall
ones (issue 13: its pool and buckets are apart from the HTTPS listener's)."""
import http.client
import json
import re
import resource
import socket
import ssl
import threading
import time
import urllib.parse

from harness import InstanceTest, main, sample_report

FORM = {
    "lang": "en", "province": "96", "kind": "denunciation", "identity": "anonymous",
    "commune": "32002", "level": "commune", "accused_name": "Trần Văn B",
    "category": "land", "summary": "Thu tiền sai quy định khi cấp sổ đỏ",
    "details": "Cán bộ địa chính yêu cầu nộp thêm 5 triệu đồng ngoài quy định.",
}


def onion_port(daemon):
    deadline = time.time() + 10
    while time.time() < deadline:
        m = re.search(r"onion service listener .* port (\d+)", "".join(daemon.log))
        if m:
            return int(m.group(1))
        time.sleep(0.05)
    raise AssertionError("no onion listener: " + "".join(daemon.log))


def onion_post(port, path, body, ctype="application/json"):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.request("POST", path, body=body.encode(), headers={"Content-Type": ctype})
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


def tls_socket(daemon, timeout=5):
    raw = socket.create_connection(("127.0.0.1", daemon.port), timeout=timeout)
    return daemon.ctx.wrap_socket(raw, server_hostname="localhost")


def closed_by_peer(sock, timeout):
    """True if the peer closes (or resets) sock within timeout seconds."""
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b""
    except (ConnectionError, ssl.SSLError):
        return True
    except socket.timeout:
        return False


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1))


def under_asan(pid):
    with open(f"/proc/{pid}/maps") as f:
        return "libasan" in f.read()


class SubmitRatePerSourceTest(InstanceTest):
    # One new report a second from one source, bursts of 3 (the defaults are 10 a minute and
    # 20); the overall bucket is kept out of the way here.
    conf = {"submit_per_source_per_min": "60", "submit_per_source_burst": "3",
            "submit_global_per_s": "1000", "submit_global_burst": "1000"}

    def test_api_and_form_over_the_limit_and_idempotency_untouched(self):
        for i in range(3):
            status, _, doc = self.submit(sample_report())
            self.assertEqual(status, 201, doc)
        key = "limits-test-key-0123456789abcdef"
        status, hdrs, doc = self.submit(sample_report(), {"Idempotency-Key": key})
        self.assertEqual(status, 429, doc)
        self.assertTrue(hdrs["content-type"].startswith("application/problem+json"))
        self.assertEqual(doc["type"], "urn:tocao:problem:rate-limited")
        self.assertGreaterEqual(int(hdrs["retry-after"]), 1)

        # The form: a readable page, same status and header, nothing stored.
        body = urllib.parse.urlencode(FORM)
        status, hdrs, page = self.daemon.request(
            "POST", "/reports", body, {"Content-Type": "application/x-www-form-urlencoded",
                                       "Cookie": "tocao_lang=en"})
        self.assertEqual(status, 429)
        self.assertTrue(hdrs["content-type"].startswith("text/html"))
        self.assertGreaterEqual(int(hdrs["retry-after"]), 1)
        self.assertIn("not stored", page.decode())

        # Still serving everything else.
        self.assertEqual(self.daemon.request("GET", "/healthz")[0], 200)
        self.assertEqual(self.daemon.request("GET", "/")[0], 200)

        # The refused request left nothing under its key: sent again once a token is back,
        # it is a new report (not a replay, not a key conflict) and then replays as itself.
        time.sleep(int(hdrs["retry-after"]) + 0.2)
        status, _, first = self.submit(sample_report(), {"Idempotency-Key": key})
        self.assertEqual(status, 201, first)
        time.sleep(1.2)
        status, _, again = self.submit(sample_report(), {"Idempotency-Key": key})
        self.assertEqual(status, 201, again)
        self.assertEqual(again["case_id"], first["case_id"])
        self.assertEqual(again["receipt"], first["receipt"])


class SubmitRateGlobalTest(InstanceTest):
    # Behind Tor every source is the same: the overall bucket is what bounds a flood there. The
    # Tor listener has its own (issue 13): it never draws on the HTTPS listener's, nor the reverse.
    conf = {"submit_per_source_per_min": "1000000", "submit_per_source_burst": "1000000",
            "submit_global_per_s": "1", "submit_global_burst": "4",
            "onion_submit_per_s": "1", "onion_submit_burst": "4",
            "onion_listen": "127.0.0.1:0"}

    def test_global_bucket_on_the_tor_listener_and_for_everyone(self):
        port = onion_port(self.daemon)
        report = json.dumps(sample_report(), ensure_ascii=False)
        codes = [onion_post(port, "/api/v1/reports", report)[0] for _ in range(4)]
        self.assertEqual(codes, [201] * 4)
        status, hdrs, body = onion_post(port, "/api/v1/reports", report)
        self.assertEqual(status, 429, body)
        self.assertIn(b"rate-limited", body)
        self.assertGreaterEqual(int(hdrs["retry-after"]), 1)
        # The HTTPS listener's overall bucket is its own: still full.
        for _ in range(4):
            status, hdrs, doc = self.submit(sample_report())
            self.assertEqual(status, 201, doc)
        status, hdrs, doc = self.submit(sample_report())
        self.assertEqual(status, 429, doc)
        status, hdrs, page = onion_post(port, "/reports", urllib.parse.urlencode(FORM),
                                        "application/x-www-form-urlencoded")
        self.assertEqual(status, 429)
        self.assertIn("retry-after", hdrs)
        # A second later one token is back.
        time.sleep(1.1)
        self.assertEqual(onion_post(port, "/api/v1/reports", report)[0], 201)


class ConnectionCapTest(InstanceTest):
    conf = {"max_connections": "16", "max_connections_per_source": "4",
            "onion_max_connections": "16", "onion_listen": "127.0.0.1:0"}

    def test_per_source_and_overall_caps(self):
        held = [tls_socket(self.daemon) for _ in range(4)]
        try:
            # The fifth from the same source is closed at once, before any TLS answer.
            t0 = time.monotonic()
            with self.assertRaises((ConnectionError, ssl.SSLError, OSError)):
                s = tls_socket(self.daemon)
                s.close()
            self.assertLess(time.monotonic() - t0, 2)
            # One closes: there is room again.
            held.pop().close()
            time.sleep(0.3)
            held.append(tls_socket(self.daemon))
            # The Tor listener has no per-source cap, only its own pool's (issue 13): 16 more.
            port = onion_port(self.daemon)
            plain = [socket.create_connection(("127.0.0.1", port), timeout=5)
                     for _ in range(16)]
            try:
                time.sleep(0.3)
                for s in plain:
                    self.assertFalse(closed_by_peer(s, 0.05))
                extra = socket.create_connection(("127.0.0.1", port), timeout=5)
                extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                self.assertTrue(closed_by_peer(extra, 2))
                extra.close()
            finally:
                for s in plain:
                    s.close()
        finally:
            for s in held:
                s.close()
        time.sleep(0.3)
        self.assertEqual(self.daemon.request("GET", "/healthz")[0], 200)


class SlowlorisAndSizesTest(InstanceTest):
    DEADLINE = 3
    conf = {"request_deadline_s": str(DEADLINE), "request_timeout_s": "10",
            "max_body_kb": "16", "max_upload_kb": "16"}

    def test_trickled_headers_are_cut_at_the_deadline(self):
        s = tls_socket(self.daemon)
        s.sendall(b"POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        result = {}

        def trickle():
            t0 = time.monotonic()
            # A byte every half second: far inside the 10 s idle timeout.
            while time.monotonic() - t0 < self.DEADLINE + 5:
                try:
                    s.sendall(b"a")
                except (ConnectionError, ssl.SSLError, OSError):
                    break
                if closed_by_peer(s, 0.5):
                    break
            result["closed_after"] = time.monotonic() - t0

        th = threading.Thread(target=trickle)
        th.start()
        # Meanwhile the daemon serves everyone else.
        time.sleep(0.5)
        status, _, doc = self.submit(sample_report())
        self.assertEqual(status, 201, doc)
        self.assertEqual(self.daemon.request("GET", "/healthz")[0], 200)
        th.join()
        s.close()
        print(f"slowloris connection closed after {result['closed_after']:.2f} s "
              f"(deadline {self.DEADLINE} s)")
        self.assertGreater(result["closed_after"], self.DEADLINE - 0.5)
        self.assertLess(result["closed_after"], self.DEADLINE + 2)

    def test_keep_alive_requests_each_get_their_own_deadline(self):
        # A connection that keeps asking in time is never cut: the deadline is per request.
        c = self.daemon.connection()
        t0 = time.monotonic()
        while time.monotonic() - t0 < self.DEADLINE + 1.5:
            status, _, _ = self.daemon.request("GET", "/healthz", conn=c)
            self.assertEqual(status, 200)
            time.sleep(0.5)
        c.close()

    def test_header_cap(self):
        # Over max_headers_bytes (8 KiB).
        s = tls_socket(self.daemon)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 9000 +
                  b"\r\n\r\n")
        s.settimeout(5)
        data = b""
        try:
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except (ConnectionError, ssl.SSLError):
            pass
        s.close()
        status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else None
        # libevent answers its own 400 (2.1 has no 431, nor a hook to make one) and closes.
        self.assertEqual(status, 400, data[:200])
        self.assertIn(b"Connection: close", data)
        self.assertEqual(self.daemon.request("GET", "/healthz")[0], 200)

    def test_body_over_libevents_cap_refused_before_it_is_sent(self):
        # Above max_upload + max_body + 1 MiB, evhttp answers 413 on the Content-Length alone.
        s = tls_socket(self.daemon)
        s.sendall(b"POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{")
        s.settimeout(5)
        try:
            head = s.recv(4096)
        except (ConnectionError, ssl.SSLError):
            head = b""
        s.close()
        self.assertTrue(head.startswith(b"HTTP/1.1 413"), head[:200])
        # Just over our own cap (16 KiB): our problem document.
        status, _, doc = self.submit(sample_report(details="x" * 20000))
        self.assertEqual(status, 413, doc)


class ThousandSlowConnectionsTest(InstanceTest):
    N = 1000
    RSS_BOUND_MIB = 256
    conf = {"max_connections_per_source": "2000", "request_timeout_s": "60",
            "request_deadline_s": "60"}

    @classmethod
    def setUpClass(cls):
        # The daemon starts with a soft limit too low for 1,000 connections and must raise
        # its own; this process then needs room for them too.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        cls.skip = hard < cls.N + 200
        if not cls.skip:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(512, soft), hard))
        try:
            super().setUpClass()
        finally:
            if not cls.skip:
                resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))

    def test_memory_bounded_and_still_serving(self):
        if self.skip:
            self.skipTest("hard RLIMIT_NOFILE too low for 1,000 connections")
        pid = self.daemon.proc.pid
        with open(f"/proc/{pid}/limits") as f:
            soft = int(re.search(r"Max open files\s+(\d+)", f.read()).group(1))
        self.assertGreater(soft, self.N + 64)
        before = rss_kib(pid)
        socks = []
        try:
            t0 = time.monotonic()
            for i in range(self.N):
                s = tls_socket(self.daemon, timeout=10)
                # Half a request: the headers never end.
                s.sendall(b"POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\n"
                          b"Content-Type: application/json\r\n")
                socks.append(s)
            opened = time.monotonic() - t0
            # Slowly: one more header byte on each, well inside the idle timeout.
            for s in socks:
                s.sendall(b"X")
            time.sleep(0.5)
            status, _, doc = self.submit(sample_report())
            self.assertEqual(status, 201, doc)
            during = rss_kib(pid)
            alive = sum(not closed_by_peer(s, 0.001) for s in socks[:: self.N // 50])
        finally:
            for s in socks:
                s.close()
        bound = self.RSS_BOUND_MIB * (3 if under_asan(pid) else 1)
        print(f"{self.N} slow TLS connections opened in {opened:.1f} s; daemon RSS "
              f"{before / 1024:.1f} MiB before, {during / 1024:.1f} MiB with them open "
              f"(bound {bound} MiB)")
        self.assertEqual(alive, 50)
        self.assertLess(during / 1024, bound)
        time.sleep(0.5)
        self.assertEqual(self.daemon.request("GET", "/healthz")[0], 200)


if __name__ == "__main__":
    main()
