"""Started as root, tocaod becomes `user` once bound, for every thread, for good; without
`user` a production instance refuses to run as root. Core dumps stay off throughout."""
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

from harness import TOCAOD, Daemon, main, sample_report, set_conf, tocao

USER = "nobody"


def proc_status(path):
    with open(path) as f:
        return dict(l.rstrip("\n").split(":\t", 1) for l in f if ":\t" in l)


def core_limit(pid):
    with open(f"/proc/{pid}/limits") as f:
        for line in f:
            if line.startswith("Max core file size"):
                return line.split()[4:6]
    raise AssertionError("no core limit in /proc/PID/limits")


@unittest.skipUnless(os.geteuid() == 0, "needs root to start tocaod as root")
class PrivDropTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tocao-priv-")
        self.dir = os.path.join(self.tmp, "inst")
        tocao("init", "--dev", self.dir)
        self.pw = pwd.getpwnam(USER)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def give_instance_to_user(self):
        # The daemon re-reads the TLS files on SIGHUP as that user: it must reach them.
        os.chmod(self.tmp, 0o711)
        for root, dirs, files in os.walk(self.dir):
            for name in [root] + [os.path.join(root, n) for n in files]:
                os.chown(name, self.pw.pw_uid, self.pw.pw_gid)

    def test_drops_to_user(self):
        set_conf(self.dir, {"user": USER})
        self.give_instance_to_user()
        d = Daemon(self.dir)
        try:
            pid = d.proc.pid
            ids = [str(self.pw.pw_uid)] * 4
            gids = [str(self.pw.pw_gid)] * 4
            # Every thread (the store's writer was started before the switch) changed,
            # real, effective, saved and file-system ids alike, and no supplementary group.
            tasks = os.listdir(f"/proc/{pid}/task")
            self.assertGreaterEqual(len(tasks), 2)
            for t in tasks:
                st = proc_status(f"/proc/{pid}/task/{t}/status")
                self.assertEqual(st["Uid"].split(), ids, t)
                self.assertEqual(st["Gid"].split(), gids, t)
                self.assertEqual(st["Groups"].strip(), "", t)
                self.assertEqual(st["CapEff"], "0000000000000000", t)
                self.assertEqual(st["CapPrm"], "0000000000000000", t)
            # Not dumpable: the kernel then keeps /proc/PID's files owned by root, not by the
            # process's own user (proc(5)), so no core and no ptrace by that user.
            self.assertEqual(os.stat(f"/proc/{pid}/status").st_uid, 0)
            self.assertEqual(core_limit(pid), ["0", "0"])
            self.assertIn(f"running as user {USER}", "".join(d.log))

            status, _, doc = d.post_json("/api/v1/reports", sample_report())
            self.assertEqual(status, 201, doc)
            self.assertTrue(doc["receipt"])

            # The certificate can still be reloaded from the user's own files.
            d.proc.send_signal(signal.SIGHUP)
            for _ in range(100):
                if "TLS certificate reloaded" in "".join(d.log):
                    break
                time.sleep(0.05)
            self.assertIn("TLS certificate reloaded", "".join(d.log))
        finally:
            self.assertEqual(d.stop(), 0, "".join(d.log[-20:]))
        # The store written by the unprivileged daemon is intact.
        self.assertIn("ok", tocao("verify", "--data", self.dir).stdout)

    def test_root_dev_instance_keeps_core_dumps_off(self):
        d = Daemon(self.dir)
        try:
            self.assertEqual(core_limit(d.proc.pid), ["0", "0"])
            self.assertIn("running as root", "".join(d.log))
        finally:
            self.assertEqual(d.stop(), 0)

    def run_daemon(self):
        return subprocess.run([TOCAOD, "-d", self.dir, "--listen", "127.0.0.1:0"],
                              capture_output=True, text=True, timeout=30)

    def test_refuses_root_without_user(self):
        set_conf(self.dir, {"dev": "false"})
        p = self.run_daemon()
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("refusing to run as root", p.stderr)
        self.assertNotIn("listening", p.stderr)

    def test_bad_users(self):
        set_conf(self.dir, {"user": "tocao-no-such-user"})
        p = self.run_daemon()
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("no such user", p.stderr)
        set_conf(self.dir, {"user": "root"})
        p = self.run_daemon()
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("nothing would be dropped", p.stderr)


if __name__ == "__main__":
    main()
