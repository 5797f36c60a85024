"""Issue 14, "within the unit": internal notes as their own endpoint, and assignment to a named
inspector of the unit, and the sending unit's register of what it transferred, through the API
and the CLI."""
import base64
import json
import os

from harness import main, sample_report, today_vn, tocao
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

    def test_assignment(self):
        cid = self.submit(sample_report())[2]["case_id"]
        other = self.submit(sample_report())[2]["case_id"]
        pub = lambda name: os.path.join(self.dir, "principals", name + ".pub")
        pk96 = base64.b64encode(self.signer("inspector-TT-96")[1]).decode()
        pk01 = base64.b64encode(self.signer("inspector-TT-01")[1]).decode()

        done = json.loads(self.cases("TT-96", "assign", cid, "--to-me", "--json").stdout)
        self.assertEqual(done, {"case_id": cid, "assignee": pk96})
        mine = json.loads(self.cases("TT-96", "list", "--mine", "--json").stdout)["cases"]
        self.assertEqual([c["case_id"] for c in mine], [cid])
        self.assertEqual(mine[0]["assignee"], pk96)
        listed = json.loads(self.cases("TT-96", "list", "--json").stdout)["cases"]
        self.assertNotIn("assignee", [c for c in listed if c["case_id"] == other][0])
        shown = json.loads(self.cases("TT-96", "show", cid, "--json").stdout)
        self.assertEqual(shown["case"]["assignee"], pk96)
        self.assertEqual([(e["event"], e.get("detail")) for e in shown["case"]["timeline"]][-1],
                         ("assigned", pk96[:8]))

        # By key in the query (a '+' in base64 travels as %2B), through the API.
        tok = self.login("inspector-TT-96")[1]["token"]
        h = {"Authorization": "Bearer " + tok}
        q = pk96.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        s, _, body = self.daemon.request("GET", f"/api/v1/cases?assignee={q}", headers=h)
        self.assertEqual(s, 200, body)
        self.assertEqual([c["case_id"] for c in json.loads(body)["cases"]], [cid])
        for bad in ("nobody", "AAAA", ""):
            s, _, _ = self.daemon.request("GET", f"/api/v1/cases?assignee={bad}", headers=h)
            self.assertEqual(s, 400, bad)

        # Only to an inspector of the same unit: another unit's inspector, a monitor, junk: 422.
        p = self.cases("TT-96", "assign", other, "--to", pub("inspector-TT-01"), check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("422", p.stderr)
        for bad in ({"to": pk01}, {"to": "x"}, {}, {"to": None, "extra": 1}):
            s, _, _ = self.daemon.post_json(f"/api/v1/cases/{other}/assign", bad, h)
            self.assertEqual(s, 422, bad)
        self.cases("TT-96", "assign", other, "--to", pub("inspector-TT-96"))
        # Another unit's inspector cannot assign this unit's case, even to themselves: 404.
        p = self.cases("TT-01", "assign", cid, "--to-me", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("404", p.stderr)

        self.assertIn("nobody", self.cases("TT-96", "assign", cid, "--none").stdout)
        mine = json.loads(self.cases("TT-96", "list", "--mine", "--json").stdout)["cases"]
        self.assertEqual([c["case_id"] for c in mine], [other])
        shown = json.loads(self.cases("TT-96", "show", cid, "--json").stdout)
        self.assertNotIn("assignee", shown["case"])
        self.assertEqual(shown["case"]["timeline"][-1]["detail"], "none")
        p = self.cases("TT-96", "assign", cid, "--to-me", "--none", check=False)
        self.assertEqual(p.returncode, 2)

    def test_sent_register(self):
        cid = self.submit(sample_report())[2]["case_id"]
        kept = self.submit(sample_report())[2]["case_id"]
        self.cases("TT-96", "transfer", "--to-key", os.path.join(self.dir, "units", "TT-01.pub"),
                   cid, "TT-01")
        self.cases("TT-96", "transfer", "--to-key", os.path.join(self.dir, "units", "TT-01.pub"),
                   kept, "TT-01")
        self.cases("TT-96", "cancel-transfer", kept)
        # Offered only: not in the register yet.
        self.assertEqual(json.loads(self.cases("TT-96", "sent", "--json").stdout)["sent"], [])
        self.cases("TT-01", "receive", cid)
        sent = json.loads(self.cases("TT-96", "sent", "--json").stdout)["sent"]
        self.assertEqual(sent, [{"case_id": cid, "to_unit": "TT-01",
                                 "day": today_vn().isoformat()}])
        self.assertIn(cid, self.cases("TT-96", "sent").stdout)
        # The receiving unit's register is its own (empty); nothing of the content is there.
        self.assertEqual(json.loads(self.cases("TT-01", "sent", "--json").stdout)["sent"], [])
        tok = self.login("inspector-TT-96")[1]["token"]
        s, _, body = self.daemon.request("GET", "/api/v1/transfers/sent",
                                         headers={"Authorization": "Bearer " + tok})
        self.assertEqual((s, json.loads(body)["sent"]), (200, sent))
        s, _, _ = self.daemon.request("GET", "/api/v1/transfers/sent")
        self.assertEqual(s, 401)


if __name__ == "__main__":
    main()
