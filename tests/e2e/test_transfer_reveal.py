"""Transfer to the competent unit (two steps: the sending unit offers the key header sealed on its
side, the receiving unit proves it opens and takes the case) and the recorded reveal of a
confidential reporter's identity."""
import base64
import json
import os

from harness import main, sample_report, today_vn, tocao
from test_attachments import multipart
from test_inspector_sessions import InspectorBase

import tocao_format  # noqa: E402


class TransferRevealTest(InspectorBase):
    def unit_key(self, unit):
        return tocao_format.load_unit_secret(os.path.join(self.dir, "dev-secrets", unit + ".key"))

    def post(self, path, body, tok):
        return self.daemon.post_json(path, body, {"Authorization": "Bearer " + tok})

    def cli(self, unit, *args, check=True):
        d = self.dir
        return tocao("cases", "--server", f"https://127.0.0.1:{self.daemon.port}",
                     "--cacert", os.path.join(d, "tls", "cert.pem"),
                     "--identity", os.path.join(d, "dev-secrets", f"inspector-{unit}.key"),
                     *args, check=check)

    def test_transfer(self):
        """A confidential case moves in two steps with the tool, and no reveal: only the key
        header leaves the sending unit's machine, and the identity never leaves the server."""
        parts = [("report", None, "application/json",
                  json.dumps(sample_report(identity="confidential")).encode()),
                 ("file", "chung-cu.txt", "text/plain", b"evidence bytes")]
        body, ctype = multipart(parts)
        s, _, data = self.daemon.request("POST", "/api/v1/reports", body, {"Content-Type": ctype})
        doc = json.loads(data)
        cid = doc["case_id"]
        t96 = self.login("inspector-TT-96")[1]["token"]
        t01 = self.login("inspector-TT-01")[1]["token"]
        _, pk96, sk96 = self.unit_key("TT-96")
        _, pk01, sk01 = self.unit_key("TT-01")
        secrets = os.path.join(self.dir, "dev-secrets")

        # Step 1, TT-96's tool: the offer (to TT-01's key as the unit knows it).
        out = self.cli("TT-96", "transfer", "--unit-key", os.path.join(secrets, "TT-96.key"),
                       "--to-key", os.path.join(self.dir, "units", "TT-01.pub"), cid, "TT-01",
                       "--json").stdout
        self.assertEqual(json.loads(out)["transfer_pending"]["to_unit"], "TT-01")
        # Pending: still TT-96's, readable there; TT-01 sees the offer, not the case.
        s, shown = self.get("/api/v1/cases/" + cid, t96)
        self.assertEqual((s, shown["unit"]), (200, "TT-96"))
        self.assertEqual(shown["transfer_pending"]["to_unit"], "TT-01")
        self.assertEqual(shown["timeline"][-1], {"event": "transfer_pending", "detail": "TT-01",
                                                 "on": shown["timeline"][-1]["on"]})
        self.assertEqual(self.get("/api/v1/cases/" + cid, t01)[0], 404)
        s, lst = self.get("/api/v1/transfers", t01)
        self.assertEqual([x["case_id"] for x in lst["incoming"]], [cid])
        s, lst = self.get("/api/v1/transfers", t96)
        self.assertEqual([x["case_id"] for x in lst["outgoing"]], [cid])
        s, offer = self.get(f"/api/v1/cases/{cid}/transfer", t01)
        self.assertEqual(s, 200, offer)
        moved = base64.b64decode(offer["envelope"])
        body, ident, _ = tocao_format.open_envelope(moved, sk01, pk01)
        self.assertIsNone(ident)  # sealed apart until a recorded reveal, at TT-01 too
        self.assertEqual(moved[5] & 1, 0)
        self.assertIn("incoming", self.cli("TT-01", "incoming", "--json").stdout)

        # Step 2, TT-01's tool: open the offered header, prove it, take the case.
        self.cli("TT-01", "receive", "--unit-key", os.path.join(secrets, "TT-01.key"), cid)
        self.assertEqual(self.get("/api/v1/cases/" + cid, t96)[0], 404)
        self.assertNotIn(cid, [x["case_id"] for x in self.get("/api/v1/cases", t96)[1]["cases"]])
        s, shown = self.get("/api/v1/cases/" + cid, t01)
        self.assertEqual((s, shown["unit"], shown["status"]), (200, "TT-01", "received"))
        self.assertNotIn("transfer_pending", shown)
        self.assertEqual(shown["received_on"], today_vn().isoformat())
        body, ident, _ = tocao_format.open_envelope(base64.b64decode(shown["envelope"]), sk01, pk01)
        self.assertEqual(json.loads(body)["details"], sample_report()["details"])
        opened = self.open_case(cid, "TT-01")
        self.assertEqual(opened["attachments"][0]["name"], "chung-cu.txt")
        self.assertEqual(opened["identity"]["full_name"], "Nguyễn Văn A")  # the store's copy
        with self.assertRaises(Exception):
            tocao_format.open_envelope(base64.b64decode(shown["envelope"]), sk96, pk96)
        self.assertEqual(self.get("/api/v1/transfers", t01)[1]["incoming"], [])
        # The reporter sees where it went.
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": doc["receipt"]})
        self.assertEqual(f["unit"], "TT-01")
        self.assertEqual(tocao("verify", "--data", self.dir, "--json").returncode, 0)
        # No reveal was recorded on the way.
        self.assertNotIn("identity_revealed", [e["event"] for e in shown["timeline"]])

    def test_reveal_is_recorded(self):
        conf = self.submit(sample_report(identity="confidential"))[2]
        named = self.submit(sample_report())[2]
        tok = self.login("inspector-TT-96")[1]["token"]
        _, pk, sk = self.unit_key("TT-96")
        s, shown = self.get("/api/v1/cases/" + conf["case_id"], tok)
        self.assertIsNone(tocao_format.open_envelope(base64.b64decode(shown["envelope"]), sk, pk)[1])
        before = json.loads(tocao("verify", "--data", self.dir, "--json").stdout)["audit_entries"]
        s, _, r = self.post(f"/api/v1/cases/{conf['case_id']}/identity", {}, tok)
        self.assertEqual(s, 200, r)
        _, ident, _ = tocao_format.open_envelope(base64.b64decode(r["envelope"]), sk, pk)
        self.assertEqual(json.loads(ident)["full_name"], "Nguyễn Văn A")
        after = json.loads(tocao("verify", "--data", self.dir, "--json").stdout)["audit_entries"]
        self.assertGreaterEqual(after, before + 1)
        s, _, p = self.post(f"/api/v1/cases/{named['case_id']}/identity", {}, tok)
        self.assertEqual(s, 409)
        t01 = self.login("inspector-TT-01")[1]["token"]
        s, _, p = self.post(f"/api/v1/cases/{conf['case_id']}/identity", {}, t01)
        self.assertEqual(s, 404)


if __name__ == "__main__":
    main()
