"""Issue 17: the restore drill, and what bad input gets from backup and restore.

The drill: reports posted by several threads; a backup taken in the middle
of that load (the daemon serving); a restore into a new directory; then
every report acknowledged (201) before the backup began is in the restored
store and opens with its unit key, the audit chain and the indexes verify,
and the daemon started on the restored instance answers the follow-up of
every receipt made before the backup. This is also the standby test of
docs/HA.md: a standby restored from the last backup.

Bad input: a wrong key, a wrong passphrase, a truncated file, a flipped
byte (header and body), a restore over an existing directory, a full disk
(a small tmpfs when the test may mount one, as root in CI; always, a file
size limit, RLIMIT_FSIZE): each a clear error, a non-zero exit, nothing
left behind.
"""
import base64
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest

from harness import TOCAO, Daemon, main, sample_report, set_conf, tocao

import tocao_format

PASS = "drill passphrase 2026"
THREADS = 6
LOAD_CONF = {"submit_per_source_per_min": "100000", "submit_per_source_burst": "100000",
             "submit_global_per_s": "100000", "submit_global_burst": "100000",
             "max_connections_per_source": "256",
             "followup_reads_per_source_per_min": "100000"}


def run(*args, env_pass=PASS, check=False, preexec=None):
    env = dict(os.environ)
    env["TOCAO_PASSPHRASE"] = env_pass
    return subprocess.run([TOCAO, *args], capture_output=True, text=True, env=env, timeout=600,
                          preexec_fn=preexec, stdin=subprocess.DEVNULL)


def keygen(path):
    p = run("keygen", "--backup", "--out", path)
    assert p.returncode == 0, p.stderr
    return path, path + ".pub"


class Setup:
    """One instance with a few reports and a backup, shared by the bad-input tests."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="tocao-backup-")
        self.dir = os.path.join(self.tmp, "inst")
        tocao("init", "--dev", self.dir)
        set_conf(self.dir, LOAD_CONF)
        self.key, self.pub = keygen(os.path.join(self.tmp, "backup.key"))


class DrillTest(unittest.TestCase):
    def setUp(self):
        self.s = Setup()

    def tearDown(self):
        shutil.rmtree(self.s.tmp, ignore_errors=True)

    def load(self, daemon, acked, stop):
        def worker(no):
            conn = None
            seq = 0
            while not stop.is_set():
                token = f"drill-{no}-{seq}-{random.getrandbits(40):x}"
                seq += 1
                try:
                    conn = conn or daemon.connection(timeout=30)
                    status, _, doc = daemon.post_json(
                        "/api/v1/reports", sample_report(details="Nội dung diễn tập " + token),
                        conn=conn)
                except Exception:
                    conn = None
                    continue
                if status == 201:
                    acked.append((doc["case_id"], doc["unit"], doc["receipt"], token))
            if conn:
                conn.close()
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        return threads

    def wait_for(self, acked, n, timeout=120):
        end = time.monotonic() + timeout
        while len(acked) < n and time.monotonic() < end:
            time.sleep(0.1)
        self.assertGreaterEqual(len(acked), n, "the load produced too few acknowledgements")

    def test_drill(self):
        s = self.s
        daemon = Daemon(s.dir)
        acked, stop = [], threading.Event()
        threads = self.load(daemon, acked, stop)
        try:
            self.wait_for(acked, 60)
            before = list(acked)  # every 201 received before the backup starts
            out = os.path.join(s.tmp, "drill.tbk")
            p = run("backup", "--data", s.dir, "--to", s.pub, "--json", out)
            self.assertEqual(p.returncode, 0, p.stderr)
            report = json.loads(p.stdout)
            during = len(acked) - len(before)
            self.wait_for(acked, len(acked) + 20)  # the daemon kept serving
        finally:
            stop.set()
            for t in threads:
                t.join(60)
            self.assertEqual(daemon.stop(), 0, "".join(daemon.log[-20:]))
        self.assertFalse(os.path.exists(out + ".tmp"))
        self.assertGreaterEqual(report["cases"], len(before))
        with open(out, "rb") as f:
            raw = f.read()
        self.assertEqual(raw[:8], b"TOCAO-BK")
        for _, _, receipt, token in before[:20]:  # sealed: no report text, no receipt
            self.assertNotIn(token.encode(), raw)
            self.assertNotIn(receipt.encode(), raw)
        self.assertNotIn(b"dev-secrets", raw)

        new = os.path.join(s.tmp, "restored")
        p = run("restore", "--key", s.key, "--json", out, new)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertFalse(os.path.exists(new + ".partial"))
        self.assertFalse(os.path.exists(os.path.join(new, "dev-secrets")))
        v = json.loads(tocao("verify", "--data", new, "--json").stdout)
        self.assertTrue(v["ok"], v)
        self.assertGreaterEqual(v["cases"], len(before))
        self.check_reports(new, before)
        self.check_followups(new, before)
        print(f"drill: {len(before)} reports acknowledged before the backup, {during} during it; "
              f"backup {report['store_bytes']} store bytes, {report['mb_per_s']:.1f} MB/s; "
              f"restored store: {v['cases']} cases, {v['audit_entries']} audit entries")

    def check_reports(self, new, before):
        """Each report acknowledged before the backup opens with its unit's key."""
        keys = {}
        secrets = os.path.join(self.s.dir, "dev-secrets")  # the units' keys, never backed up
        for case_id, unit, _, token in before:
            exp = json.loads(tocao("export", "--data", new, case_id).stdout)
            if unit not in keys:
                keys[unit] = tocao_format.load_unit_secret(os.path.join(secrets, unit + ".key"))
            _, pk, sk = keys[unit]
            body, _, header = tocao_format.open_envelope(
                base64.b64decode(exp["envelope"]), sk, pk)
            self.assertEqual(header["case_id"], case_id)
            self.assertIn(token, json.loads(body)["details"])
        # And through the command-line tool, for a few.
        for case_id, unit, _, token in before[:5]:
            exp = tocao("export", "--data", new, case_id).stdout
            opened = tocao("open", "--key", os.path.join(secrets, unit + ".key"), "--json",
                           input=exp).stdout
            self.assertIn(token, opened)

    def check_followups(self, new, before):
        """The daemon starts on the restored instance and answers every earlier receipt."""
        daemon = Daemon(new)
        try:
            conn = daemon.connection()
            for case_id, _, receipt, _ in before:
                st, _, f = daemon.post_json("/api/v1/followup", {"receipt": receipt}, conn=conn)
                self.assertEqual(st, 200, f)
                self.assertEqual(f["case_id"], case_id)
            conn.close()
            st, _, doc = daemon.post_json("/api/v1/reports", sample_report())
            self.assertEqual(st, 201, doc)
        finally:
            self.assertEqual(daemon.stop(), 0, "".join(daemon.log[-20:]))


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Setup()
        d = Daemon(cls.s.dir)
        try:
            for _ in range(5):
                st, _, _ = d.post_json("/api/v1/reports", sample_report())
                assert st == 201
        finally:
            d.stop()
        cls.out = os.path.join(cls.s.tmp, "good.tbk")
        p = run("backup", "--data", cls.s.dir, "--to", cls.s.pub, cls.out)
        assert p.returncode == 0, p.stderr
        with open(cls.out, "rb") as f:
            cls.raw = f.read()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.s.tmp, ignore_errors=True)

    def restore_fails(self, path, expect, key=None, env_pass=PASS):
        new = os.path.join(self.s.tmp, "new-" + os.path.basename(path))
        p = run("restore", "--key", key or self.s.key, path, new, env_pass=env_pass)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn(expect, p.stderr)
        self.assertFalse(os.path.exists(new), "the restore left NEWDIR")
        self.assertFalse(os.path.exists(new + ".partial"), "the restore left NEWDIR.partial")
        return p.stderr

    def write(self, name, data):
        path = os.path.join(self.s.tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def test_good_backup_restores(self):
        new = os.path.join(self.s.tmp, "good-new")
        p = run("restore", "--key", self.s.key, self.out, new)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("ok: 5 cases", tocao("verify", "--data", new).stdout)

    def test_wrong_key(self):
        other, _ = keygen(os.path.join(self.s.tmp, "other.key"))
        self.restore_fails(self.out, "wrong key: the backup is sealed to key id", key=other)

    def test_wrong_passphrase(self):
        self.restore_fails(self.out, "wrong passphrase", env_pass="not the passphrase")

    def test_unit_key_is_not_a_backup_key(self):
        unit_key = os.path.join(self.s.dir, "dev-secrets", "TT-96.key")
        self.restore_fails(self.out, "not a backup secret key", key=unit_key)
        p = run("backup", "--data", self.s.dir, "--to", os.path.join(self.s.dir, "units",
                "TT-96.pub"), os.path.join(self.s.tmp, "x.tbk"))
        self.assertEqual(p.returncode, 1)
        self.assertIn("not a backup public key", p.stderr)

    def test_truncated(self):
        for cut in (0, 100, 124, 130, len(self.raw) // 2, len(self.raw) - 1):
            path = self.write(f"trunc-{cut}.tbk", self.raw[:cut])
            self.restore_fails(path, "truncated: the file ends after %d bytes" % cut)

    def test_flipped_byte(self):
        # magic, version, key id, sealed key, stream header, a length, the body, the last byte
        cases = {3: "not a tocao backup file", 8: "backup format version",
                 14: "wrong key", 40: "altered", 110: "altered",
                 len(self.raw) // 2: "", len(self.raw) - 1: "altered"}
        for pos, expect in cases.items():
            data = bytearray(self.raw)
            data[pos] ^= 0x20
            path = self.write(f"flip-{pos}.tbk", bytes(data))
            err = self.restore_fails(path, expect)
            self.assertTrue(any(w in err for w in ("altered", "corrupt", "truncated", "wrong key",
                                                   "not a tocao backup", "version")), err)

    def test_trailing_bytes(self):
        path = self.write("trailing.tbk", self.raw + b"\0")
        self.restore_fails(path, "after the end record")

    def test_restore_over_existing(self):
        new = os.path.join(self.s.tmp, "existing")
        os.makedirs(new)
        with open(os.path.join(new, "keep.txt"), "w") as f:
            f.write("mine")
        p = run("restore", "--key", self.s.key, self.out, new)
        self.assertEqual(p.returncode, 1)
        self.assertIn("exists and is not empty", p.stderr)
        self.assertEqual(os.listdir(new), ["keep.txt"])
        # Over a live instance too.
        p = run("restore", "--key", self.s.key, self.out, self.s.dir)
        self.assertEqual(p.returncode, 1)
        self.assertIn("exists and is not empty", p.stderr)
        # An empty directory is fine (a mount point made for it).
        empty = os.path.join(self.s.tmp, "empty")
        os.makedirs(empty)
        p = run("restore", "--key", self.s.key, self.out, empty)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_backup_over_existing_file(self):
        p = run("backup", "--data", self.s.dir, "--to", self.s.pub, self.out)
        self.assertEqual(p.returncode, 1)
        self.assertIn("exists already", p.stderr)
        with open(self.out, "rb") as f:
            self.assertEqual(f.read(), self.raw)

    def test_file_size_limit(self):
        """RLIMIT_FSIZE (ulimit -f) below the backup's size: EFBIG, as a full disk would be."""
        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
        out = os.path.join(self.s.tmp, "limited.tbk")
        p = run("backup", "--data", self.s.dir, "--to", self.s.pub, out, preexec=limit)
        self.assertEqual(p.returncode, 1, p.stdout)
        self.assertIn("nothing was kept", p.stderr)
        self.assertFalse(os.path.exists(out))
        self.assertFalse(os.path.exists(out + ".tmp"))

    def test_timer_script(self):
        """deploy/tocao-backup.sh: a new file each run, the newest KEEP kept, none on failure."""
        from harness import SOURCE_DIR
        dest = os.path.join(self.s.tmp, "periodic")
        env = dict(os.environ, TOCAO=TOCAO, TOCAO_DATA=self.s.dir, TOCAO_BACKUP_KEY=self.s.pub,
                   TOCAO_BACKUP_DIR=dest, TOCAO_BACKUP_KEEP="2")
        script = os.path.join(SOURCE_DIR, "deploy", "tocao-backup.sh")
        for i in range(3):
            p = subprocess.run([script], env=env, capture_output=True, text=True, timeout=300)
            self.assertEqual(p.returncode, 0, p.stderr)
            time.sleep(1.1)  # names carry the second
        self.assertEqual(len(os.listdir(dest)), 2, os.listdir(dest))
        env["TOCAO_BACKUP_KEY"] = os.path.join(self.s.tmp, "missing.pub")
        p = subprocess.run([script], env=env, capture_output=True, text=True, timeout=300)
        self.assertNotEqual(p.returncode, 0)
        self.assertEqual(len(os.listdir(dest)), 2, "a failed run removed or added a file")

    def test_full_disk(self):
        """A real ENOSPC: a 32 KiB tmpfs (root with CAP_SYS_ADMIN only, as in CI)."""
        if os.geteuid() != 0:
            self.skipTest("not root: cannot mount a small tmpfs (test_file_size_limit covers "
                          "a write failure)")
        mnt = os.path.join(self.s.tmp, "small")
        os.makedirs(mnt)
        m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", mnt],
                           capture_output=True, text=True)
        if m.returncode != 0:
            self.skipTest("cannot mount a tmpfs here (a container without CAP_SYS_ADMIN?): "
                          + m.stderr.strip())
        try:
            out = os.path.join(mnt, "full.tbk")
            p = run("backup", "--data", self.s.dir, "--to", self.s.pub, out)
            self.assertEqual(p.returncode, 1, p.stdout)
            self.assertIn("no space left", p.stderr)
            self.assertEqual(os.listdir(mnt), [])
            new = os.path.join(mnt, "new")
            p = run("restore", "--key", self.s.key, self.out, new)
            self.assertEqual(p.returncode, 1, p.stdout)
            self.assertIn("nothing was restored", p.stderr)
            self.assertEqual(os.listdir(mnt), [])
        finally:
            subprocess.run(["umount", mnt], capture_output=True)


if __name__ == "__main__":
    main()
