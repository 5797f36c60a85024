"""Issue 14: inspectors added and revoked without a restart (SIGHUP re-reads principals/),
with a passphrase-protected identity from `tocao inspector add`."""
import json
import os
import shutil
import signal
import subprocess
import time

from harness import TOCAO, InstanceTest, main, sample_report

PASS = "a long enough passphrase"


def run(*args, passphrase=PASS, new_passphrase=None):
    env = {k: v for k, v in os.environ.items()
           if k not in ("TOCAO_PASSPHRASE", "TOCAO_NEW_PASSPHRASE")}
    if passphrase is not None:
        env["TOCAO_PASSPHRASE"] = passphrase
    if new_passphrase is not None:
        env["TOCAO_NEW_PASSPHRASE"] = new_passphrase
    # No controlling terminal: the passphrase comes only from the environment.
    return subprocess.run([TOCAO, *args], capture_output=True, text=True, env=env, timeout=180,
                          stdin=subprocess.DEVNULL, start_new_session=True)


class PrincipalsReloadTest(InstanceTest):
    def hup_and_wait(self, needle):
        before = len(self.daemon.log)
        self.daemon.proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 30
        while time.time() < deadline:
            if any(needle in line for line in self.daemon.log[before:]):
                return "".join(self.daemon.log[before:])
            time.sleep(0.1)
        self.fail(f"no '{needle}' in the log after SIGHUP: " + "".join(self.daemon.log[before:]))

    def test_add_revoke_bad_file(self):
        s, _, created = self.submit(sample_report())
        self.assertEqual(s, 201)
        office = os.path.join(self.tmp, "office")
        os.mkdir(office)
        p = run("inspector", "add", "--unit-key", os.path.join(self.dir, "dev-secrets",
                                                               "TT-96.key"),
                "--name", "mai", "--out-dir", office, "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        made = json.loads(p.stdout)
        self.assertTrue(made["protected"])
        with open(made["identity"]) as f:
            self.assertEqual(f.readline(), "tocao-signer-secret-key 2\n")
        self.assertEqual(oct(os.stat(made["identity"]).st_mode & 0o777), "0o600")
        srv = ["--server", f"https://127.0.0.1:{self.daemon.port}",
               "--cacert", os.path.join(self.dir, "tls", "cert.pem")]

        # Unknown to the server yet: sign-in refused.
        p = run("signin", *srv, "--identity", made["identity"], "--json")
        self.assertEqual(p.returncode, 1, p.stderr)
        # A wrong passphrase: a clear message, exit status 2, no crash.
        p = run("signin", *srv, "--identity", made["identity"], passphrase="not the one!!")
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("wrong passphrase", p.stderr)

        # Added: copy the .pub, SIGHUP; no restart.
        pid = self.daemon.proc.pid
        pub = os.path.join(self.dir, "principals", "inspector-mai.pub")
        shutil.copy(made["public"], pub)
        log = self.hup_and_wait("principals reloaded")
        self.assertIn("1 added", log)
        p = run("cases", "list", *srv, "--identity", made["identity"],
                "--unit-key", made["unit_key"], "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertGreaterEqual(len(json.loads(p.stdout)["cases"]), 1)
        p = run("signin", *srv, "--identity", made["identity"], "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        token = json.loads(p.stdout)["code"]
        h = {"Authorization": "Bearer " + token}
        s, _, _ = self.daemon.request("GET", "/api/v1/cases", headers=h)
        self.assertEqual(s, 200)
        # The reporter sees the new inspector's reply as signed at once (no restart).
        p = run("cases", "reply", *srv, "--identity", made["identity"], "--unit-key",
                made["unit_key"], created["case_id"], "Xin bổ sung chứng cứ.")
        self.assertEqual(p.returncode, 0, p.stderr)
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": created["receipt"]})
        self.assertEqual(s, 200)
        self.assertEqual([(m["text"], m["signature"]) for m in f["messages"]],
                         [("Xin bổ sung chứng cứ.", "signed")])
        # The dev inspector of the same unit, signed in before, keeps its session.
        p = run("signin", *srv, "--identity",
                os.path.join(self.dir, "dev-secrets", "inspector-TT-96.key"), "--json")
        self.assertEqual(p.returncode, 0, p.stderr)
        other = {"Authorization": "Bearer " + json.loads(p.stdout)["code"]}

        # A bad principals file on SIGHUP: the list in force is kept, and the log says why.
        bad = os.path.join(self.dir, "principals", "broken.pub")
        with open(bad, "w") as f:
            f.write("not a key\n")
        os.remove(pub)
        log = self.hup_and_wait("principals reload failed")
        self.assertIn("broken.pub", log)
        s, _, _ = self.daemon.request("GET", "/api/v1/cases", headers=h)
        self.assertEqual(s, 200)
        os.remove(bad)

        # Revoked (its .pub removed), SIGHUP: its session ends at once, sign-in refused.
        log = self.hup_and_wait("principals reloaded")
        self.assertIn("1 revoked", log)
        s, _, _ = self.daemon.request("GET", "/api/v1/cases", headers=h)
        self.assertEqual(s, 401)
        p = run("signin", *srv, "--identity", made["identity"], "--json")
        self.assertEqual(p.returncode, 1, p.stderr)
        # The reply it signed before now shows as from a since-revoked key, without a restart.
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": created["receipt"]})
        self.assertEqual([m["signature"] for m in f["messages"]], ["signed_revoked"])
        s, _, _ = self.daemon.request("GET", "/api/v1/cases", headers=other)
        self.assertEqual(s, 200)
        self.assertEqual(self.daemon.proc.pid, pid)
        self.assertIsNone(self.daemon.proc.poll())

    def test_passwd_and_unprotected_refused_outside_dev(self):
        ident = os.path.join(self.dir, "dev-secrets", "inspector-TT-01.key")
        copy = os.path.join(self.tmp, "old-inspector.key")
        shutil.copy(ident, copy)
        os.chmod(copy, 0o600)
        # An old unprotected identity outside a dev instance: loads, with a warning.
        p = run("signin", "--server", "https://127.0.0.1:1", "--identity", copy)
        self.assertIn("not protected by a passphrase", p.stderr)
        p = run("key", "passwd", copy, new_passphrase="the new passphrase 2")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(oct(os.stat(copy).st_mode & 0o777), "0o600")
        with open(copy) as f:
            self.assertEqual(f.readline(), "tocao-signer-secret-key 2\n")
        self.assertEqual([n for n in os.listdir(self.tmp) if ".tmp-" in n], [])
        srv = ["--server", f"https://127.0.0.1:{self.daemon.port}",
               "--cacert", os.path.join(self.dir, "tls", "cert.pem")]
        p = run("signin", *srv, "--identity", copy, "--json", passphrase="the new passphrase 2")
        self.assertEqual(p.returncode, 0, p.stderr)
        p = run("signin", *srv, "--identity", copy, passphrase=PASS)
        self.assertEqual(p.returncode, 2)
        # --no-passphrase is for development instances only.
        p = run("inspector", "add", "--unit-key", os.path.join(self.dir, "dev-secrets",
                                                               "TT-01.key"),
                "--name", "x", "--out-dir", self.tmp, "--no-passphrase")
        self.assertEqual(p.returncode, 2)
        p = run("inspector", "add", "--unit-key", os.path.join(self.dir, "dev-secrets",
                                                               "TT-01.key"),
                "--name", "x", "--out-dir", self.tmp, "--no-passphrase", "--data", self.dir)
        self.assertEqual(p.returncode, 0, p.stderr)


if __name__ == "__main__":
    main()
