"""`tocao reply` (on the server) goes through the case service and signs: it needs an
inspector's key of the case's unit (one of DIR/principals); the reply is in the case's timeline
for the inspectors and in the audit log with that inspector as the actor."""
import json
import os

from harness import main, sample_report, tocao
from test_inspector_sessions import InspectorBase


class CliReplyTest(InspectorBase):
    def test_reply_is_signed_in_timeline_and_audit(self):
        doc = self.submit(sample_report())[2]
        cid = doc["case_id"]
        key96 = os.path.join(self.dir, "dev-secrets", "inspector-TT-96.key")
        # Nothing else writes the audit log meanwhile: no one has signed in yet.
        before = json.loads(tocao("verify", "--data", self.dir, "--json").stdout)["audit_entries"]
        # Without a key, or with another unit's inspector: refused, nothing written.
        self.assertEqual(tocao("reply", "--data", self.dir, cid, "x", check=False).returncode, 2)
        p = tocao("reply", "--data", self.dir, "--identity",
                  os.path.join(self.dir, "dev-secrets", "inspector-TT-01.key"), cid, "x",
                  check=False)
        self.assertEqual(p.returncode, 1)
        tocao("reply", "--data", self.dir, "--identity", key96, cid, "Đơn vị đã nhận đơn của ông.")
        after = json.loads(tocao("verify", "--data", self.dir, "--json").stdout)["audit_entries"]
        self.assertEqual(after, before + 1)

        tok = self.login("inspector-TT-96")[1]["token"]
        s, shown = self.get("/api/v1/cases/" + cid, tok)
        self.assertEqual(s, 200, shown)
        events = [e["event"] for e in shown["timeline"]]
        self.assertEqual(events, ["received", "message_to_reporter"])
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": doc["receipt"]})
        self.assertEqual((f["messages"][-1]["text"], f["messages"][-1]["signature"]),
                         ("Đơn vị đã nhận đơn của ông.", "signed"))

        # A case id that does not exist: refused, nothing written.
        p = tocao("reply", "--data", self.dir, "--identity", key96, "ZZZZZZZZ", "x", check=False)
        self.assertNotEqual(p.returncode, 0)
        again = json.loads(tocao("verify", "--data", self.dir, "--json").stdout)["audit_entries"]
        self.assertGreaterEqual(again, after)


if __name__ == "__main__":
    main()
