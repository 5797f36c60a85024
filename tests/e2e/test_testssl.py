"""testssl.sh against the daemon: only TLS 1.2 and 1.3, only AEAD suites, HSTS.

A separate file from test_tls.py because it is slow (about 30 s on two cores): only the
protocol, cipher-category and header checks run, with no DNS look-ups.
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import Daemon, main, tocao

TESTSSL = "/usr/bin/testssl"

# Findings that come from the development instance's self-signed certificate, not from the
# server: a real certificate has a chain of trust and a CRL or OCSP address.
DEV_CERT_FINDINGS = {"cert_chain_of_trust", "cert_revocation"}


@unittest.skipUnless(os.access(TESTSSL, os.X_OK), "testssl.sh is not installed (/usr/bin/testssl)")
class TestsslTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="tocao-testssl-")
        cls.dir = os.path.join(cls.tmp, "inst")
        tocao("init", "--dev", cls.dir)
        cls.daemon = Daemon(cls.dir)
        out = os.path.join(cls.tmp, "testssl.json")
        try:
            p = subprocess.run(
                [TESTSSL, "--quiet", "--color", "0", "--nodns", "none", "--warnings", "off",
                 "--protocols", "--std", "--headers", "--jsonfile", out,
                 f"127.0.0.1:{cls.daemon.port}"],
                capture_output=True, text=True, timeout=240)
            cls.output = p.stdout + p.stderr
            with open(out) as f:
                cls.findings = {e["id"]: e for e in json.load(f)}
        finally:
            cls.rc = cls.daemon.stop()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def finding(self, fid):
        self.assertIn(fid, self.findings, self.output)
        return self.findings[fid]["finding"]

    def test_protocols(self):
        for p in ("SSLv2", "SSLv3", "TLS1", "TLS1_1"):
            self.assertEqual(self.finding(p), "not offered", p)
        self.assertEqual(self.finding("TLS1_2"), "offered")
        self.assertTrue(self.finding("TLS1_3").startswith("offered"), self.finding("TLS1_3"))

    def test_ciphers(self):
        # LOW covers DES and RC2/RC4; AVERAGE is the non-AEAD (CBC) suites.
        for c in ("cipherlist_NULL", "cipherlist_aNULL", "cipherlist_EXPORT", "cipherlist_LOW",
                  "cipherlist_3DES_IDEA", "cipherlist_AVERAGE"):
            self.assertEqual(self.finding(c), "not offered", c)
        self.assertEqual(self.finding("cipherlist_STRONG"), "offered")

    def test_hsts(self):
        self.assertEqual(self.findings["HSTS_time"]["severity"], "OK", self.finding("HSTS_time"))
        self.assertIn("63072000", self.finding("HSTS_time"))

    def test_nothing_else_serious(self):
        bad = {k: e["finding"] for k, e in self.findings.items()
               if e["severity"] in ("MEDIUM", "HIGH", "CRITICAL") and k not in DEV_CERT_FINDINGS}
        self.assertEqual(bad, {})

    def test_daemon_stopped_cleanly(self):
        self.assertEqual(self.rc, 0, "".join(self.daemon.log[-20:]))


if __name__ == "__main__":
    main()
