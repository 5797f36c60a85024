"""`tocao cases`: an inspector's CLI against the running daemon, decrypting locally."""
import json
import os

from harness import main, sample_report, tocao
from test_inspector_sessions import InspectorBase


class CliCasesTest(InspectorBase):
    def cases(self, unit, *args, check=True, cacert=True):
        base = ["cases", *args[:1], "--server", f"https://127.0.0.1:{self.daemon.port}",
                "--identity", os.path.join(self.dir, "dev-secrets", f"inspector-{unit}.key"),
                "--unit-key", os.path.join(self.dir, "dev-secrets", f"{unit}.key")]
        if cacert:
            base += ["--cacert", os.path.join(self.dir, "tls", "cert.pem")]
        return tocao(*base, *args[1:], check=check)

    def test_inspector_workflow(self):
        doc = self.submit(sample_report(identity="confidential"))[2]
        cid = doc["case_id"]
        listed = json.loads(self.cases("TT-96", "list", "--json").stdout)
        self.assertIn(cid, [c["case_id"] for c in listed["cases"]])
        table = self.cases("TT-96", "list").stdout
        self.assertIn(cid, table)

        shown = json.loads(self.cases("TT-96", "show", cid, "--json").stdout)
        self.assertEqual(shown["report"]["details"], sample_report()["details"])
        self.assertIsNone(shown["identity"])  # sealed apart until revealed
        # The case's answer names each deadline's article and what the law allows next.
        self.assertEqual(shown["case"]["basis"]["process_by"] if "case" in shown
                         else shown["basis"]["process_by"], "Luật Tố cáo 2018, Điều 24(1)")
        text = self.cases("TT-96", "show", cid).stdout
        self.assertIn("rests on Luật Tố cáo 2018, Điều 24(1)", text)
        self.assertRegex(text, r"Allowed next:.* accept .*decline")
        self.assertNotIn(" settle", text.split("Allowed next:")[1].splitlines()[0])
        revealed = json.loads(self.cases("TT-96", "show", cid, "--reveal", "--json").stdout)
        self.assertEqual(revealed["identity"]["full_name"], "Nguyễn Văn A")

        acted = json.loads(self.cases("TT-96", "act", cid, "accept", "--json").stdout)
        self.assertEqual(acted["status"], "accepted")
        p = self.cases("TT-96", "act", cid, "extend", check=False)
        self.assertEqual(p.returncode, 1)  # extend needs --complexity
        self.cases("TT-96", "act", cid, "extend", "--complexity", "complicated")

        self.cases("TT-96", "reply", cid, "Chúng tôi đã thụ lý đơn của ông.")
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": doc["receipt"]})
        self.assertEqual(f["messages"][-1]["text"], "Chúng tôi đã thụ lý đơn của ông.")
        self.assertEqual(f["status"], "accepted")

        # Another unit's inspector: not found. No trusted certificate: no connection at all.
        p = self.cases("TT-01", "show", cid, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("404", p.stderr)
        p = self.cases("TT-96", "list", check=False, cacert=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("securely", p.stderr)
        p = tocao("cases", "list", check=False)
        self.assertEqual(p.returncode, 2)

    def test_inspector_add_with_wrapped_unit_key(self):
        doc = self.submit(sample_report())[2]
        out = os.path.join(self.tmp, "unit-office")
        os.mkdir(out)
        made = json.loads(tocao("inspector", "add", "--unit-key",
                                os.path.join(self.dir, "dev-secrets", "TT-96.key"),
                                "--name", "lan", "--out-dir", out, "--no-passphrase",
                                "--data", self.dir, "--json").stdout)
        self.assertEqual(made["unit"], "TT-96")
        self.assertEqual(oct(os.stat(made["unit_key"]).st_mode & 0o777), "0o600")
        # Only the public half goes to the server; principals are read at start.
        import shutil
        shutil.copy(made["public"], os.path.join(self.dir, "principals", "inspector-lan.pub"))
        self.daemon.stop()
        self.__class__.daemon = type(self.daemon)(self.dir)
        args = ["--server", f"https://127.0.0.1:{self.daemon.port}",
                "--cacert", os.path.join(self.dir, "tls", "cert.pem")]
        shown = json.loads(tocao("cases", "show", *args, "--identity", made["identity"],
                                 "--unit-key", made["unit_key"], doc["case_id"], "--json").stdout)
        self.assertEqual(shown["report"]["details"], sample_report()["details"])
        # The wrapped key is useless with anyone else's identity.
        p = tocao("cases", "show", *args,
                  "--identity", os.path.join(self.dir, "dev-secrets", "inspector-TT-96.key"),
                  "--unit-key", made["unit_key"], doc["case_id"], check=False)
        self.assertEqual(p.returncode, 1)


if __name__ == "__main__":
    main()
