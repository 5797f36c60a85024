"""Issue 14, "within the unit": internal notes as their own endpoint, through the API and the CLI."""
import json
import os

from harness import main, sample_report, tocao
from test_inspector_sessions import InspectorBase


class UnitWorkTest(InspectorBase):
    def note(self, cid, body, tok):
        return self.daemon.post_json(f"/api/v1/cases/{cid}/notes", body,
                                     {"Authorization": "Bearer " + tok})[0]

    def cases(self, unit, *args, check=True):
        base = ["cases", *args[:1], "--server", f"https://127.0.0.1:{self.daemon.port}",
                "--identity", os.path.join(self.dir, "dev-secrets", f"inspector-{unit}.key"),
                "--unit-key", os.path.join(self.dir, "dev-secrets", f"{unit}.key"),
                "--cacert", os.path.join(self.dir, "tls", "cert.pem")]
        return tocao(*base, *args[1:], check=check)

    def test_internal_notes(self):
        doc = self.submit(sample_report())[2]
        cid = doc["case_id"]
        made = json.loads(self.cases("TT-96", "note", cid, "Gọi lại nhân chứng PLANTED-NOTE-8812",
                                     "--json").stdout)
        self.assertEqual((made["case_id"], made["kind"]), (cid, "note"))
        self.assertIn("kept", self.cases("TT-96", "note", cid, "second note").stdout)

        shown = json.loads(self.cases("TT-96", "show", cid, "--json").stdout)
        self.assertEqual([(m["from"], m["text"]) for m in shown["messages"]],
                         [("note", "Gọi lại nhân chứng PLANTED-NOTE-8812"), ("note", "second note")])
        self.assertEqual([e["event"] for e in shown["case"]["timeline"]].count("note"), 2)
        text = self.cases("TT-96", "show", cid).stdout
        self.assertIn("[note: the unit only]", text)
        self.assertIn("PLANTED-NOTE-8812", text)

        # Never the reporter's; never in the store in the clear.
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": doc["receipt"]})
        self.assertEqual(f["messages"], [])
        with open(os.path.join(self.dir, "store", "data.mdb"), "rb") as fh:
            self.assertNotIn(b"PLANTED-NOTE-8812", fh.read())

        # Another unit: not found, and nothing written.
        p = self.cases("TT-01", "note", cid, "not mine", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("404", p.stderr)
        tok = self.login("inspector-TT-01")[1]["token"]
        s, _, _ = self.daemon.post_json(f"/api/v1/cases/{cid}/notes", {"note": "x"},
                                        {"Authorization": "Bearer " + tok})
        self.assertEqual(s, 404)
        tok = self.login("inspector-TT-96")[1]["token"]
        for bad in ({}, {"note": ""}, {"note": 5}, {"note": "x", "extra": 1},
                    {"note": "x" * 10001}):
            s, _, _ = self.daemon.post_json(f"/api/v1/cases/{cid}/notes", bad,
                                            {"Authorization": "Bearer " + tok})
            self.assertEqual(s, 422, bad)
        shown = json.loads(self.cases("TT-96", "show", cid, "--json").stdout)
        self.assertEqual(len(shown["messages"]), 2)


if __name__ == "__main__":
    main()
