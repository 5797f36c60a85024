"""Case actions follow the law's state machine and recompute the deadlines (docs/DEADLINES.md §1, §7)."""
import base64
import json
import os

from nacl.public import PublicKey, SealedBox

from harness import main, sample_report, today_vn, tocao

import tocao_format  # noqa: E402  (tests/interop, put on the path by harness)
from test_inspector_sessions import InspectorBase


def cli_deadlines(*args):
    out = json.loads(tocao("deadlines", *args, "--json").stdout)
    return out.get("deadlines", out)


class CaseActionTest(InspectorBase):
    def act(self, case_id, token, **body):
        h = {"Authorization": "Bearer " + token}
        return self.daemon.post_json(f"/api/v1/cases/{case_id}/actions", body, h)

    def test_denunciation_lifecycle(self):
        doc = self.submit(sample_report())[2]
        tok = self.login("inspector-TT-96")[1]["token"]
        day = today_vn().isoformat()
        cid = doc["case_id"]

        s, _, c = self.act(cid, tok, action="accept")
        self.assertEqual((s, c["status"]), (200, "accepted"), c)
        want = cli_deadlines("--kind", "denunciation", "--received", day, "--accepted", day)
        self.assertEqual(c["deadlines"]["settle_by"], want["settle_by"])
        self.assertEqual(c["deadlines"]["notify_by"], want["notify_by"])

        s, _, c = self.act(cid, tok, action="extend", complexity="complicated")
        self.assertEqual(s, 200, c)
        self.assertEqual(c["extensions"], 1)
        want = cli_deadlines("--kind", "denunciation", "--received", day, "--accepted", day,
                             "--extensions", "1", "--complicated")
        self.assertEqual(c["deadlines"]["settle_by"], want["settle_by"])
        # A complicated case has one extension; a second needs "particularly complicated".
        s, _, p = self.act(cid, tok, action="extend", complexity="complicated")
        self.assertEqual(s, 409, p)
        self.assertIn("at most one extension", p["detail"])
        s, _, c = self.act(cid, tok, action="extend", complexity="particularly_complicated")
        self.assertEqual((s, c["extensions"]), (200, 2))
        s, _, p = self.act(cid, tok, action="extend", complexity="particularly_complicated")
        self.assertEqual(s, 409)

        s, _, c = self.act(cid, tok, action="suspend")
        self.assertEqual((s, c["status"]), (200, "suspended"))
        s, _, p = self.act(cid, tok, action="settle")
        self.assertEqual(s, 409)  # not while suspended
        s, _, c = self.act(cid, tok, action="resume")
        self.assertEqual((s, c["status"]), (200, "accepted"))
        s, _, c = self.act(cid, tok, action="settle")
        self.assertEqual((s, c["status"]), (200, "settled"))
        self.assertIn("conclusion_notify_by", c["deadlines"])
        for action in ["accept", "withdraw", "suspend"]:
            s, _, p = self.act(cid, tok, action=action)
            self.assertEqual(s, 409, action)
            self.assertIn("closed", p["detail"])
        # The timeline says what happened, by day.
        s, shown = self.get("/api/v1/cases/" + cid, tok)
        self.assertEqual([(e["event"], e.get("detail")) for e in shown["timeline"]], [
            ("received", None), ("action", "accept"), ("action", "extend"), ("action", "extend"),
            ("action", "suspend"), ("action", "resume"), ("action", "settle")])
        # The reporter sees the new status with the receipt alone.
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": doc["receipt"]})
        self.assertEqual(f["status"], "settled")

    def test_complaint_and_information_tracks(self):
        tok = self.login("inspector-TT-96")[1]["token"]
        day = today_vn().isoformat()
        # A complaint (named): accept, flagged remote area, settle.
        comp = self.submit(sample_report(kind="complaint"))[2]
        self.assertEqual(comp["deadlines"]["process_by"],
                         cli_deadlines("--kind", "complaint", "--received", day)["process_by"])
        s, _, c = self.act(comp["case_id"], tok, action="flag", flag="remote_area")
        self.assertEqual(s, 200, c)
        s, _, c = self.act(comp["case_id"], tok, action="accept")
        want = cli_deadlines("--kind", "complaint", "--received", day, "--accepted", day,
                             "--remote-area")
        self.assertEqual(c["deadlines"]["settle_by"], want["settle_by"])
        s, _, p = self.act(comp["case_id"], tok, action="extend", complexity="complicated")
        self.assertEqual(s, 409)  # complaints are not extended (Art. 28 sets longer periods)
        s, _, c = self.act(comp["case_id"], tok, action="terminate")
        self.assertEqual((s, c["status"]), (200, "terminated"))
        # An anonymous denunciation runs on the information track: decide, then file or verify.
        info = self.submit(sample_report(identity="anonymous", reporter=None))[2]
        self.assertEqual(info["track"], "information")
        self.assertEqual(info["deadlines"]["process_by"],
                         cli_deadlines("--kind", "denunciation", "--anonymous", "--received",
                                       day)["process_by"])
        s, _, c = self.act(info["case_id"], tok, action="decline")
        self.assertEqual((s, c["status"]), (200, "declined"))
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": info["receipt"]})
        self.assertEqual(f["status"], "declined")

    def test_other_tracks_and_refusals(self):
        tok = self.login("inspector-TT-96")[1]["token"]
        pet = self.submit(sample_report(kind="petition"))[2]["case_id"]
        s, _, c = self.act(pet, tok, action="accept")
        self.assertEqual(s, 200)
        s, _, p = self.act(pet, tok, action="extend", complexity="complicated")
        self.assertEqual(s, 409)
        self.assertIn("denunciation", p["detail"])
        den = self.submit(sample_report())[2]["case_id"]
        s, _, c = self.act(den, tok, action="flag", flag="several_places")
        self.assertEqual(s, 200, c)
        day = today_vn().isoformat()
        want = cli_deadlines("--kind", "denunciation", "--received", day, "--several-places")
        self.assertEqual(c["deadlines"]["process_by"], want["process_by"])
        s, _, p = self.act(den, tok, action="flag", flag="remote_area")
        self.assertEqual(s, 409)
        s, _, c = self.act(den, tok, action="decline")
        self.assertEqual((s, c["status"]), (200, "declined"))
        s, _, p = self.act(den, tok, action="transfer")
        self.assertEqual(s, 409)
        # Bad bodies.
        for body in [{}, {"action": "fly"}, {"action": "extend", "complexity": "very"},
                     {"action": "flag", "flag": "red"}, {"action": "accept", "note": "x"},
                     {"action": "extend"}]:
            s, _, p = self.act(pet, tok, **body)
            self.assertIn(s, (409, 422), body)
        # Another unit's case: 404, and nothing changed.
        other = self.submit(sample_report(jurisdiction={"province": "01"}))[2]
        s, _, p = self.act(other["case_id"], tok, action="accept")
        self.assertEqual(s, 404)
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": other["receipt"]})
        self.assertEqual(f["status"], "received")
        # No session: 401.
        s, _, _ = self.daemon.post_json(f"/api/v1/cases/{pet}/actions", {"action": "settle"})
        self.assertEqual(s, 401)

    def test_notes_are_sealed_for_the_unit_only(self):
        doc = self.submit(sample_report())[2]
        tok = self.login("inspector-TT-96")[1]["token"]
        s, _, c = self.act(doc["case_id"], tok, action="accept",
                           note="Cần xác minh tại hai xã PLANTED-NOTE-4417")
        self.assertEqual(s, 200, c)
        opened = self.open_case(doc["case_id"], "TT-96")
        self.assertEqual([(m["from"], m["text"]) for m in opened["messages"]],
                         [("note", "Cần xác minh tại hai xã PLANTED-NOTE-4417")])
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": doc["receipt"]})
        self.assertEqual(f["messages"], [])  # never shown to the reporter
        store = os.path.join(self.dir, "store", "data.mdb")
        with open(store, "rb") as fh:
            self.assertNotIn(b"PLANTED-NOTE-4417", fh.read())

    def test_messages_sealed_on_the_inspectors_side(self):
        doc = self.submit(sample_report())[2]
        tok = self.login("inspector-TT-96")[1]["token"]
        s, shown = self.get("/api/v1/cases/" + doc["case_id"], tok)
        rpk = PublicKey(base64.b64decode(shown["reporter_public_key"]))
        _, upk, usk = tocao_format.load_unit_secret(
            os.path.join(self.dir, "dev-secrets", "TT-96.key"))
        text = "Đề nghị ông bổ sung hóa đơn.".encode()
        body = {"sealed_for_reporter": base64.b64encode(SealedBox(rpk).encrypt(text)).decode(),
                "sealed_for_unit": base64.b64encode(SealedBox(PublicKey(upk)).encrypt(text)).decode()}
        h = {"Authorization": "Bearer " + tok}
        s, _, m = self.daemon.post_json(f"/api/v1/cases/{doc['case_id']}/messages", body, h)
        self.assertEqual(s, 201, m)
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": doc["receipt"]})
        self.assertEqual(f["messages"], [{"from": "unit", "at": m["at"], "text": text.decode()}])
        # The unit's copy opens with the unit's key, offline.
        opened = self.open_case(doc["case_id"], "TT-96")
        self.assertEqual(opened["messages"][0]["text"], text.decode())
        # Refusals.
        other = self.submit(sample_report(jurisdiction={"province": "01"}))[2]
        s, _, _ = self.daemon.post_json(f"/api/v1/cases/{other['case_id']}/messages", body, h)
        self.assertEqual(s, 404)
        s, _, _ = self.daemon.post_json(f"/api/v1/cases/{doc['case_id']}/messages",
                                        {"text": "plain"}, h)
        self.assertEqual(s, 422)
        s, _, _ = self.daemon.post_json(f"/api/v1/cases/{doc['case_id']}/messages", body)
        self.assertEqual(s, 401)


if __name__ == "__main__":
    main()
