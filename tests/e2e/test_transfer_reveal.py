"""Transfer to the competent unit (re-sealed on the inspector's side) and the recorded reveal
of a confidential reporter's identity."""
import base64
import json
import os

from harness import main, sample_report, tocao
from test_attachments import multipart
from test_inspector_sessions import InspectorBase

import tocao_format  # noqa: E402


class TransferRevealTest(InspectorBase):
    def unit_key(self, unit):
        return tocao_format.load_unit_secret(os.path.join(self.dir, "dev-secrets", unit + ".key"))

    def post(self, path, body, tok):
        return self.daemon.post_json(path, body, {"Authorization": "Bearer " + tok})

    def test_transfer(self):
        parts = [("report", None, "application/json", json.dumps(sample_report()).encode()),
                 ("file", "chung-cu.txt", "text/plain", b"evidence bytes")]
        body, ctype = multipart(parts)
        s, _, data = self.daemon.request("POST", "/api/v1/reports", body, {"Content-Type": ctype})
        doc = json.loads(data)
        cid = doc["case_id"]
        t96 = self.login("inspector-TT-96")[1]["token"]
        t01 = self.login("inspector-TT-01")[1]["token"]
        s, shown = self.get("/api/v1/cases/" + cid, t96)
        env = base64.b64decode(shown["envelope"])
        _, pk96, sk96 = self.unit_key("TT-96")
        _, pk01, sk01 = self.unit_key("TT-01")
        moved = tocao_format.reseal_envelope(env, sk96, pk96, "TT-01", pk01)

        # Refused: altered content, the same unit, a key that is not TT-01's current one.
        bad = bytearray(moved)
        bad[-1] ^= 1
        s, _, p = self.post(f"/api/v1/cases/{cid}/transfer",
                            {"to_unit": "TT-01", "envelope": base64.b64encode(bad).decode()}, t96)
        self.assertEqual(s, 422, p)
        s, _, p = self.post(f"/api/v1/cases/{cid}/transfer",
                            {"to_unit": "TT-96", "envelope": base64.b64encode(env).decode()}, t96)
        self.assertEqual(s, 409, p)
        s, _, p = self.post(f"/api/v1/cases/{cid}/transfer",
                            {"to_unit": "TT-01", "envelope": base64.b64encode(moved).decode()}, t01)
        self.assertEqual(s, 404)  # not TT-01's case (yet)

        s, _, c = self.post(f"/api/v1/cases/{cid}/transfer",
                            {"to_unit": "TT-01", "envelope": base64.b64encode(moved).decode()}, t96)
        self.assertEqual(s, 200, c)
        self.assertEqual((c["unit"], c["status"]), ("TT-01", "received"))
        # The first unit no longer has it; the second does, and can read it all.
        self.assertEqual(self.get("/api/v1/cases/" + cid, t96)[0], 404)
        self.assertNotIn(cid, [x["case_id"] for x in self.get("/api/v1/cases", t96)[1]["cases"]])
        self.assertIn(cid, [x["case_id"] for x in self.get("/api/v1/cases", t01)[1]["cases"]])
        s, shown = self.get("/api/v1/cases/" + cid, t01)
        body, ident, _ = tocao_format.open_envelope(base64.b64decode(shown["envelope"]), sk01, pk01)
        self.assertEqual(json.loads(body)["details"], sample_report()["details"])
        opened = self.open_case(cid, "TT-01")
        self.assertEqual(opened["attachments"][0]["name"], "chung-cu.txt")
        with self.assertRaises(Exception):
            tocao_format.open_envelope(base64.b64decode(shown["envelope"]), sk96, pk96)
        # The reporter sees where it went.
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": doc["receipt"]})
        self.assertEqual(f["unit"], "TT-01")
        self.assertEqual(tocao("verify", "--data", self.dir, "--json").returncode, 0)

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
