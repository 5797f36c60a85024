"""TLS certificate reload on SIGHUP: open connections keep working, new ones get the new
certificate, and a bad file never stops the service."""
import os
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import unittest

from harness import Daemon, main, sample_report, tocao


def make_cert(tls_dir, cn):
    """A fresh self-signed ECDSA certificate and key for localhost, moved into place."""
    cert_tmp = os.path.join(tls_dir, "cert.pem.new")
    key_tmp = os.path.join(tls_dir, "key.pem.new")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", key_tmp, "-out", cert_tmp, "-days", "30",
         "-subj", "/CN=" + cn, "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60)
    os.replace(key_tmp, os.path.join(tls_dir, "key.pem"))
    os.replace(cert_tmp, os.path.join(tls_dir, "cert.pem"))
    with open(os.path.join(tls_dir, "cert.pem")) as f:
        return ssl.PEM_cert_to_DER_cert(f.read())


def presented_cert(port):
    """The certificate a new connection is shown (DER), whatever it is signed by."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        with ctx.wrap_socket(s) as t:
            return t.getpeercert(binary_form=True)


class TlsReloadTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tocao-tls-")
        self.dir = os.path.join(self.tmp, "inst")
        self.tls = os.path.join(self.dir, "tls")
        tocao("init", "--dev", self.dir)
        self.d = Daemon(self.dir)

    def tearDown(self):
        rc = self.d.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.assertEqual(rc, 0, "".join(self.d.log[-20:]))

    def hup_and_wait(self, needle):
        """SIGHUP, then wait for one more log line containing needle; returns it."""
        before = sum(needle in l for l in self.d.log)
        self.d.proc.send_signal(signal.SIGHUP)
        for _ in range(100):
            lines = [l for l in list(self.d.log) if needle in l]
            if len(lines) > before:
                return lines[-1]
            time.sleep(0.05)
        self.fail(f"no '{needle}' after SIGHUP: " + "".join(self.d.log[-10:]))

    def get_ok(self, conn):
        status, _, body = self.d.request("GET", "/healthz", conn=conn)
        self.assertEqual((status, body), (200, b"ok\n"))

    def test_reload(self):
        with open(os.path.join(self.tls, "cert.pem")) as f:
            old_der = ssl.PEM_cert_to_DER_cert(f.read())
        old_ca = self.d.ctx
        self.assertEqual(presented_cert(self.d.port), old_der)

        # A keep-alive connection opened under the old certificate.
        conn = self.d.connection()
        self.get_ok(conn)
        sock = conn.sock

        new_der = make_cert(self.tls, "localhost")
        self.assertNotEqual(new_der, old_der)
        self.hup_and_wait("TLS certificate reloaded")

        # The old connection is the same TCP+TLS session and still serves, a submission too.
        self.get_ok(conn)
        status, _, doc = self.d.post_json("/api/v1/reports", sample_report(), conn=conn)
        self.assertEqual(status, 201, doc)
        self.assertIs(conn.sock, sock, "the keep-alive connection was re-opened")
        self.assertEqual(conn.sock.getpeercert(binary_form=True), old_der)

        # New connections are shown the new certificate: trusted by it, no longer by the old.
        self.assertEqual(presented_cert(self.d.port), new_der)
        new_ca = ssl.create_default_context(cafile=os.path.join(self.tls, "cert.pem"))
        self.d.ctx = new_ca
        self.get_ok(None)
        self.d.ctx = old_ca
        with self.assertRaises(ssl.SSLCertVerificationError):
            self.d.request("GET", "/healthz")
        self.d.ctx = new_ca

        # A broken certificate file: logged, and the previous (new) certificate stays.
        with open(os.path.join(self.tls, "cert.pem"), "w") as f:
            f.write("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n")
        line = self.hup_and_wait("TLS reload failed, still serving the previous certificate")
        self.assertIn("cert.pem", line)
        self.assertIsNone(self.d.proc.poll())
        self.assertEqual(presented_cert(self.d.port), new_der)
        self.get_ok(None)
        self.get_ok(conn)

        # A valid certificate with a key that is not its own: refused the same way.
        make_cert(self.tls, "localhost")
        other_key = os.path.join(self.tmp, "other-key.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-out", other_key],
                       check=True, capture_output=True, timeout=60)
        os.replace(other_key, os.path.join(self.tls, "key.pem"))
        line = self.hup_and_wait("TLS reload failed, still serving the previous certificate")
        self.assertIn("key.pem", line)
        self.assertEqual(presented_cert(self.d.port), new_der)
        self.get_ok(None)

        # A missing file: the same.
        os.unlink(os.path.join(self.tls, "cert.pem"))
        self.hup_and_wait("TLS reload failed, still serving the previous certificate")
        self.assertEqual(presented_cert(self.d.port), new_der)

        # And a good pair again is taken.
        newest = make_cert(self.tls, "localhost")
        self.hup_and_wait("TLS certificate reloaded")
        self.assertEqual(presented_cert(self.d.port), newest)
        conn.close()


if __name__ == "__main__":
    main()
