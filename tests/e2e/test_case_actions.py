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
        # A complaint has no extensions: extend declares it complicated, once (Art. 28).
        s, _, c = self.act(comp["case_id"], tok, action="extend", complexity="complicated")
        self.assertEqual((s, c["extensions"], c["complexity"]), (200, 0, "complicated"), c)
        want = cli_deadlines("--kind", "complaint", "--received", day, "--accepted", day,
                             "--remote-area", "--complicated")
        self.assertEqual(c["deadlines"]["settle_by"], want["settle_by"])
        s, _, p = self.act(comp["case_id"], tok, action="extend", complexity="complicated")
        self.assertEqual(s, 409, p)
        s, _, c = self.act(comp["case_id"], tok, action="terminate")
        self.assertEqual((s, c["status"]), (200, "terminated"))
        # An anonymous denunciation runs on the information track: decide, then file or verify.
        info = self.submit(sample_report(identity="anonymous", reporter=None))[2]
        self.assertEqual(info["track"], "information")
        self.assertEqual(info["deadlines"]["process_by"],
                         cli_deadlines("--kind", "denunciation", "--anonymous", "--received",
                                       day)["process_by"])
        s, _, c = self.act(info["case_id"], tok, action="decline", ground="info-25-2")
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
        s, _, c = self.act(den, tok, action="decline", ground="den-29-1-d")
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
        sealed = SealedBox(rpk).encrypt(text)
        day = today_vn()
        signed = tocao_format.unit_message_signed(
            doc["case_id"], "TT-96", (day - day.replace(year=1970, month=1, day=1)).days, sealed)
        body = {"sealed_for_reporter": base64.b64encode(sealed).decode(),
                "sealed_for_unit": base64.b64encode(SealedBox(PublicKey(upk)).encrypt(text)).decode(),
                "signature": base64.b64encode(
                    self.signer("inspector-TT-96")[0].sign(signed).signature).decode(),
                "day": day.isoformat()}
        h = {"Authorization": "Bearer " + tok}
        s, _, m = self.daemon.post_json(f"/api/v1/cases/{doc['case_id']}/messages", body, h)
        self.assertEqual(s, 201, m)
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": doc["receipt"]})
        self.assertEqual(f["messages"], [{"from": "unit", "at": m["at"], "text": text.decode(),
                                          "signature": "signed"}])
        # The unit's copy opens with the unit's key, offline.
        opened = self.open_case(doc["case_id"], "TT-96")
        self.assertEqual(opened["messages"][0]["text"], text.decode())
        # Refusals.
        other = self.submit(sample_report(jurisdiction={"province": "01"}))[2]
        s, _, _ = self.daemon.post_json(f"/api/v1/cases/{other['case_id']}/messages", body, h)
        self.assertEqual(s, 422)  # signed for another case
        signed = tocao_format.unit_message_signed(
            other["case_id"], "TT-96", (day - day.replace(year=1970, month=1, day=1)).days, sealed)
        for_other = dict(body, signature=base64.b64encode(
            self.signer("inspector-TT-96")[0].sign(signed).signature).decode())
        s, _, _ = self.daemon.post_json(f"/api/v1/cases/{other['case_id']}/messages", for_other, h)
        self.assertEqual(s, 404)  # another unit's case
        s, _, _ = self.daemon.post_json(f"/api/v1/cases/{doc['case_id']}/messages",
                                        {"text": "plain"}, h)
        self.assertEqual(s, 422)
        s, _, _ = self.daemon.post_json(f"/api/v1/cases/{doc['case_id']}/messages", body)
        self.assertEqual(s, 401)


def add_days(day, n, mode):
    return json.loads(tocao("calendar", "add-days", day, str(n), mode, "--json").stdout)["date"]


class LawTest(InspectorBase):
    """Issue 12: the law as amended (docs/DEADLINES.md)."""

    def act(self, case_id, token, **body):
        h = {"Authorization": "Bearer " + token}
        return self.daemon.post_json(f"/api/v1/cases/{case_id}/actions", body, h)

    def test_late_complaint_warned_in_its_201(self):
        import datetime
        day = today_vn()
        old = (day - datetime.timedelta(days=200)).isoformat()
        s, _, doc = self.submit(sample_report(kind="complaint", complaint={
            "subject": "administrative_decision", "decision_date": old}))
        self.assertEqual(s, 201, doc)
        w = doc["warnings"][0]
        self.assertEqual(w["code"], "filing_window")
        self.assertEqual((w["window_days"], w["basis"]), (90, "Luật Khiếu nại 2011, Điều 9"))
        self.assertGreater(w["days_late"], 100)
        self.assertIn("thời hiệu", w["message"])  # the default language is Vietnamese
        # Received all the same; nothing about it in plaintext (the date is sealed).
        opened = self.open_case(doc["case_id"], "TT-96")
        self.assertEqual(opened["report"]["complaint"]["decision_date"], old)
        # A recent decision: no warning; a second complaint on a disciplinary decision is
        # accepted in 7 WD from 2026-07-01 (Decree 155/2026 Art. 10).
        recent = (day - datetime.timedelta(days=3)).isoformat()
        s, _, doc = self.submit(sample_report(kind="complaint", complaint={
            "subject": "disciplinary_decision", "instance": "second", "decision_date": recent}))
        self.assertEqual(s, 201, doc)
        self.assertNotIn("warnings", doc)
        self.assertEqual(doc["deadlines"]["process_by"], add_days(day.isoformat(), 7, "--working"))
        # "complaint" on a denunciation, a bad subject, a future date: 422.
        for bad in [sample_report(complaint={"instance": "first"}),
                    sample_report(kind="complaint", complaint={"subject": "tax"}),
                    sample_report(kind="complaint", complaint={
                        "decision_date": (day + datetime.timedelta(days=2)).isoformat()})]:
            s, _, p = self.submit(bad)
            self.assertEqual(s, 422, p)

    def test_forwarded_denunciation_has_its_answer_deadline(self):
        day = today_vn().isoformat()
        s, _, doc = self.submit(sample_report(forwarded_by={"kind": "press",
                                                            "name": "Báo Thanh Niên"}))
        self.assertEqual(s, 201, doc)
        self.assertEqual(doc["deadlines"]["forwarded_answer_by"], add_days(day, 20, "--calendar"))
        tok = self.login("inspector-TT-96")[1]["token"]
        s, shown = self.get("/api/v1/cases/" + doc["case_id"], tok)
        self.assertEqual(shown["forwarded_by"], "press")
        opened = self.open_case(doc["case_id"], "TT-96")
        self.assertEqual(opened["report"]["forwarded_by"],
                         {"kind": "press", "name": "Báo Thanh Niên"})
        s, _, p = self.submit(sample_report(forwarded_by={"kind": "blog", "name": "X Y"}))
        self.assertEqual(s, 422, p)

    def test_criteria_withdrawal_and_decisions(self):
        day = today_vn().isoformat()
        tok = self.login("inspector-TT-96")[1]["token"]
        cid = self.submit(sample_report())[2]["case_id"]
        s, _, c = self.act(cid, tok, action="flag", flag="delegated_verification")
        self.assertEqual((s, c["deadlines"]["process_by"]), (200, add_days(day, 10, "--working")))
        s, _, c = self.act(cid, tok, action="accept")
        self.assertEqual(s, 200, c)
        # Two criteria: particularly complicated, whatever "complexity" would say.
        s, _, c = self.act(cid, tok, action="extend", criteria=["a", "đ"])
        self.assertEqual(s, 200, c)
        self.assertEqual((c["complexity"], c["complexity_criteria"], c["extensions"]),
                         ("particularly_complicated", ["a", "dd"], 1))
        s, _, p = self.act(cid, tok, action="extend", criteria=["b"], complexity="complicated")
        self.assertEqual(s, 409, p)
        s, shown = self.get("/api/v1/cases/" + cid, tok)
        self.assertEqual(shown["complexity_criteria"], ["a", "dd"])
        # Withdrawn under coercion: the case goes on (Art. 33(3)).
        s, _, c = self.act(cid, tok, action="withdraw", continue_reason="coerced")
        self.assertEqual((s, c["status"], c["withdrawal_continued"]), (200, "accepted", "coerced"))
        s, _, c = self.act(cid, tok, action="suspend")
        self.assertEqual(c["deadlines"]["decision_notify_by"], add_days(day, 5, "--working"))
        self.assertEqual(c["last_decision"], {"decision": "suspend", "on": day})
        s, shown = self.get("/api/v1/cases/" + cid, tok)
        self.assertEqual([(e["event"], e.get("detail")) for e in shown["timeline"]][-2:],
                         [("withdrawal_continued", "coerced"), ("action", "suspend")])
        s, _, p = self.act(cid, tok, action="withdraw", continue_reason="bored")
        self.assertEqual(s, 422, p)

    def test_routing_cites_article_13(self):
        out = json.loads(tocao("route", "--province", "96", "--level", "commune", "--json").stdout)
        self.assertEqual(out["basis"], "Luật Tố cáo 2018, Điều 13(1)")


if __name__ == "__main__":
    main()
