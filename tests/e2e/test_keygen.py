"""A unit makes its own key pair (passphrase-protected); the server gets only the public half."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import TOCAO, Daemon, main, sample_report, tocao

PASS = "một câu mật khẩu đủ dài 2026"


def run(*args, env_pass=None):
    env = {k: v for k, v in os.environ.items() if k != "TOCAO_PASSPHRASE"}
    if env_pass is not None:
        env["TOCAO_PASSPHRASE"] = env_pass
    # No controlling terminal: the passphrase can come only from the environment.
    return subprocess.run([TOCAO, *args], capture_output=True, text=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL, start_new_session=True)


class KeygenTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tocao-keygen-")
        self.dir = os.path.join(self.tmp, "inst")
        self.unit_machine = os.path.join(self.tmp, "unit-machine")
        os.mkdir(self.unit_machine)
        tocao("init", "--dev", self.dir)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_unit_key_made_off_server(self):
        secret = os.path.join(self.unit_machine, "TT-96.key")
        p = run("keygen", "--unit", "TT-96", "--out", secret, "--json", env_pass=PASS)
        self.assertEqual(p.returncode, 0, p.stderr)
        info = json.loads(p.stdout)
        self.assertTrue(info["protected"])
        self.assertEqual(oct(os.stat(secret).st_mode & 0o777), "0o600")
        with open(secret) as f:
            self.assertIn("encryption: argon2id\n", f.read())
        # Only the public half goes to the server.
        shutil.copy(info["public_file"], os.path.join(self.dir, "units", "TT-96.pub"))
        d = Daemon(self.dir)
        try:
            status, _, doc = d.post_json("/api/v1/reports", sample_report())
        finally:
            d.stop()
        self.assertEqual((status, doc["unit"]), (201, "TT-96"))
        exp = tocao("export", "--data", self.dir, doc["case_id"]).stdout
        export_file = os.path.join(self.tmp, "case.json")
        with open(export_file, "w") as f:
            f.write(exp)

        # The right passphrase opens it; a wrong one says so; none cannot be asked for here.
        p = run("open", "--key", secret, "--json", export_file, env_pass=PASS)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)["report"]["details"], sample_report()["details"])
        p = run("open", "--key", secret, export_file, env_pass="not the passphrase")
        self.assertEqual(p.returncode, 1)
        self.assertIn("wrong passphrase", p.stderr)
        p = run("open", "--key", secret, export_file)
        self.assertEqual(p.returncode, 1)
        self.assertIn("passphrase", p.stderr)
        # The development key made by init no longer opens this unit's new cases.
        p = run("open", "--key", os.path.join(self.dir, "dev-secrets", "TT-96.key"), export_file)
        self.assertEqual(p.returncode, 1)

    def test_rotation_keeps_old_cases_readable(self):
        keys = []
        cases = []
        for gen in ("old", "new"):
            secret = os.path.join(self.unit_machine, f"TT-96-{gen}.key")
            p = run("keygen", "--unit", "TT-96", "--out", secret, "--no-passphrase", "--json")
            self.assertEqual(p.returncode, 0, p.stderr)
            shutil.copy(json.loads(p.stdout)["public_file"],
                        os.path.join(self.dir, "units", "TT-96.pub"))
            d = Daemon(self.dir)  # the daemon reads unit keys at start
            try:
                status, _, doc = d.post_json("/api/v1/reports", sample_report(details=f"Báo cáo thời khóa {gen} đủ dài."))
            finally:
                d.stop()
            self.assertEqual(status, 201)
            keys.append(secret)
            cases.append(doc["case_id"])
        for case_id, gen in zip(cases, ("old", "new")):
            exp = tocao("export", "--data", self.dir, case_id).stdout
            # Both keys given, in either order: the case's own key is picked.
            for order in (keys, keys[::-1]):
                args = [a for k in order for a in ("--key", k)]
                opened = json.loads(tocao("open", *args, "--json", input=exp).stdout)
                self.assertIn(gen, opened["report"]["details"])
        # The new key alone does not open the old case.
        exp = tocao("export", "--data", self.dir, cases[0]).stdout
        p = tocao("open", "--key", keys[1], input=exp, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("none of the keys given", p.stderr)

    def test_bad_usage(self):
        out = os.path.join(self.unit_machine, "x.key")
        p = run("keygen", "--unit", "TT-00", "--out", out, env_pass=PASS)
        self.assertEqual(p.returncode, 2)
        p = run("keygen", "--unit", "TT-96", "--out", out, env_pass="short")
        self.assertEqual(p.returncode, 2)
        self.assertIn("12 characters", p.stderr)
        self.assertFalse(os.path.exists(out))
        p = run("keygen", "--unit", "TTCP", "--out", out, "--no-passphrase")
        self.assertEqual(p.returncode, 0, p.stderr)
        p = run("keygen", "--unit", "TTCP", "--out", out, "--no-passphrase")
        self.assertEqual(p.returncode, 1)
        self.assertIn("exists", p.stderr)


if __name__ == "__main__":
    main()
