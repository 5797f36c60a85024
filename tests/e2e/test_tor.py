"""Tor: a plain-HTTP listener on loopback only, and the Onion-Location header."""
import http.client
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

from harness import Daemon, TOCAOD, main, set_conf, tocao

ONION = "http://tocaoexampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion"


class TorTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tocao-tor-")
        self.dir = os.path.join(self.tmp, "inst")
        tocao("init", "--dev", self.dir)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_onion_listener_and_location(self):
        set_conf(self.dir, {"onion_listen": "127.0.0.1:0", "onion_location": ONION})
        d = Daemon(self.dir)
        try:
            port = None
            for _ in range(50):
                m = re.search(r"onion service listener .* port (\d+)", "".join(d.log))
                if m:
                    port = int(m.group(1))
                    break
                time.sleep(0.1)
            self.assertIsNotNone(port, d.log)
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("GET", "/")
            r = c.getresponse()
            body = r.read()
            self.assertEqual(r.status, 200)
            self.assertIn(b"<form", body)
            # No HSTS over the onion's plain HTTP; the strict headers are there.
            self.assertIsNone(r.getheader("Strict-Transport-Security"))
            self.assertIn("default-src 'none'", r.getheader("Content-Security-Policy"))
            status, hdrs, _ = d.request("GET", "/?lang=en")
            self.assertEqual(hdrs["onion-location"], ONION + "/?lang=en")
        finally:
            self.assertEqual(d.stop(), 0)

    def test_plain_http_refused_off_loopback(self):
        set_conf(self.dir, {"onion_listen": "0.0.0.0:0"})
        p = subprocess.run([TOCAOD, "-d", self.dir, "--listen", "127.0.0.1:0"],
                           capture_output=True, text=True, timeout=30)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("loopback only", p.stderr)
        set_conf(self.dir, {"onion_listen": "127.0.0.1:0"})
        p = subprocess.run([TOCAOD, "-d", self.dir, "--listen", "0.0.0.0:0", "--plain-http"],
                           capture_output=True, text=True, timeout=30)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("loopback only", p.stderr)


if __name__ == "__main__":
    main()
