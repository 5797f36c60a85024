"""End-to-end test harness: a throwaway instance and the real daemon.

Each test file starts `tocaod` on a free loopback port (port 0; the daemon
logs the port it bound) over a fresh `tocao init --dev` instance, talks to it
over HTTPS trusting only the instance's own certificate, and stops it.
Standard library only (plus PyNaCl where a test decrypts).
"""
import datetime
import http.client
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest

BIN_DIR = os.environ.get("TOCAO_BIN_DIR", "")
SOURCE_DIR = os.environ.get(
    "TOCAO_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
TOCAO = os.path.join(BIN_DIR, "tocao") if BIN_DIR else "tocao"
TOCAOD = os.path.join(BIN_DIR, "tocaod") if BIN_DIR else "tocaod"

sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "interop"))


def today_vn():
    """The local date in Vietnam (UTC+7), as the daemon computes received_on."""
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date()


def tocao(*args, check=True, input=None):
    """Run the CLI; returns CompletedProcess with text output."""
    p = subprocess.run([TOCAO, *args], capture_output=True, text=True, input=input, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError(f"tocao {' '.join(args)} failed ({p.returncode}): {p.stderr}")
    return p


class Daemon:
    """A running tocaod over an instance directory."""

    def __init__(self, instance_dir, extra_args=()):
        self.dir = instance_dir
        self.log = []
        self.proc = subprocess.Popen(
            [TOCAOD, "-d", instance_dir, "--listen", "127.0.0.1:0", *extra_args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.port = None
        ready = threading.Event()

        def pump():
            for line in self.proc.stderr:
                self.log.append(line)
                m = re.search(r"listening on https?://[^:]+:(\d+)", line)
                if m:
                    self.port = int(m.group(1))
                    ready.set()
            ready.set()

        self.reader = threading.Thread(target=pump, daemon=True)
        self.reader.start()
        if not ready.wait(30) or self.port is None:
            self.proc.kill()
            raise AssertionError("tocaod did not start: " + "".join(self.log))
        self.ctx = ssl.create_default_context(cafile=os.path.join(instance_dir, "tls", "cert.pem"))

    def connection(self, timeout=30):
        return http.client.HTTPSConnection("127.0.0.1", self.port, context=self.ctx,
                                           timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None):
        """One request; returns (status, headers dict lower-cased, body bytes)."""
        own = conn is None
        c = conn or self.connection()
        try:
            if isinstance(body, (dict, list)):
                body = json.dumps(body, ensure_ascii=False).encode()
            elif isinstance(body, str):
                body = body.encode()
            h = {"Content-Type": "application/json"} if body is not None else {}
            h.update(headers or {})
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            if own:
                c.close()

    def post_json(self, path, body, headers=None, conn=None):
        status, hdrs, data = self.request("POST", path, body, headers, conn)
        try:
            doc = json.loads(data) if data else None
        except ValueError:
            doc = None
        return status, hdrs, doc

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(5)
        return self.proc.returncode

    def kill(self):
        return self.stop(signal.SIGKILL)


def set_conf(instance_dir, values):
    """Set keys in DIR/tocao.conf (replacing a key's line: the parser refuses repeats)."""
    path = os.path.join(instance_dir, "tocao.conf")
    with open(path) as f:
        lines = [l for l in f.read().splitlines()
                 if l.split("=")[0].strip() not in values]
    lines += [f"{k} = {v}" for k, v in values.items()]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


class InstanceTest(unittest.TestCase):
    """Base class: a fresh dev instance and daemon per test class."""

    conf = {}  # configuration keys to set, e.g. {"store_map_mb": "1"}

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="tocao-e2e-")
        cls.dir = os.path.join(cls.tmp, "inst")
        tocao("init", "--dev", cls.dir)
        if cls.conf:
            set_conf(cls.dir, cls.conf)
        cls.daemon = Daemon(cls.dir)

    @classmethod
    def tearDownClass(cls):
        rc = cls.daemon.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        # A clean stop exits 0; under the sanitizers a leak or an error would not.
        if rc != 0:
            raise AssertionError(f"tocaod exited {rc}: " + "".join(cls.daemon.log[-20:]))

    def submit(self, report, headers=None):
        return self.daemon.post_json("/api/v1/reports", report, headers)

    def export(self, case_id):
        return json.loads(tocao("export", "--data", self.dir, case_id).stdout)

    def open_case(self, case_id, unit):
        exp = tocao("export", "--data", self.dir, case_id).stdout
        key = os.path.join(self.dir, "dev-secrets", unit + ".key")
        return json.loads(tocao("open", "--key", key, "--json", input=exp).stdout)


def sample_report(**over):
    """A valid named denunciation about a commune official in Cà Mau."""
    r = {
        "kind": "denunciation",
        "identity": "named",
        "reporter": {"full_name": "Nguyễn Văn A", "address": "12 Lý Thường Kiệt, Cà Mau",
                     "phone": "0912 345 678", "email": "a@example.org"},
        "jurisdiction": {"province": "96", "commune": "32002", "level": "commune"},
        "accused": {"name": "Trần Văn B", "position": "cán bộ địa chính",
                    "organisation": "UBND xã"},
        "category": "corruption",
        "summary": "Thu tiền sai quy định khi cấp sổ đỏ",
        "details": "Ngày 01/10/2026 cán bộ địa chính xã yêu cầu nộp thêm 5 triệu đồng ngoài quy định.",
        "occurred_on": "2026-10-01",
    }
    for k, v in over.items():
        if v is None:
            r.pop(k, None)
        else:
            r[k] = v
    return r


def main():
    unittest.main(verbosity=2)
