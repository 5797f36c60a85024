"""Inspectors: sessions by signed challenge; a unit's cases, and no other unit's."""
import base64
import json
import os

from nacl.signing import SigningKey

from harness import InstanceTest, main, sample_report, today_vn

import tocao_format  # noqa: E402

CONTEXT = b"tocao-session-v1\0"


def b64(b):
    return base64.b64encode(b).decode()


class InspectorBase(InstanceTest):
    """Helpers to sign in as a dev instance's inspectors (no tests of its own)."""

    def signer(self, name):
        role, scope, seed, pk = tocao_format.load_signer_secret(
            os.path.join(self.dir, "dev-secrets", name + ".key"))
        return SigningKey(seed), pk

    def login(self, name):
        key, pk = self.signer(name)
        s, _, ch = self.daemon.post_json("/api/v1/sessions/challenge", {})
        self.assertEqual(s, 201)
        challenge = base64.b64decode(ch["challenge"])
        sig = key.sign(CONTEXT + challenge + pk).signature
        body = {"public_key": b64(pk), "challenge": ch["challenge"], "signature": b64(sig)}
        s, _, doc = self.daemon.post_json("/api/v1/sessions", body)
        return s, doc, body

    def get(self, path, token):
        h = {"Authorization": "Bearer " + token} if token else {}
        s, hdrs, data = self.daemon.request("GET", path, headers=h)
        return s, json.loads(data) if data else None



class InspectorTest(InspectorBase):
    def test_session_list_show_isolation(self):
        mine = [self.submit(sample_report())[2] for _ in range(3)]
        conf = self.submit(sample_report(identity="confidential"))[2]
        other = self.submit(sample_report(jurisdiction={"province": "01"}))[2]
        s, sess, _ = self.login("inspector-TT-96")
        self.assertEqual(s, 201, sess)
        self.assertEqual((sess["role"], sess["scope"]), ("inspector", "TT-96"))
        tok = sess["token"]

        # The list is the unit's own cases, newest first, paginated.
        s, page = self.get("/api/v1/cases?limit=3", tok)
        self.assertEqual(s, 200, page)
        ids = [c["case_id"] for c in page["cases"]]
        self.assertEqual(len(ids), 3)
        self.assertIsNotNone(page["next_cursor"])
        s, page2 = self.get("/api/v1/cases?limit=3&cursor=" + page["next_cursor"], tok)
        ids += [c["case_id"] for c in page2["cases"]]
        self.assertIsNone(page2["next_cursor"])
        self.assertEqual(set(ids), {d["case_id"] for d in mine + [conf]})
        self.assertNotIn(other["case_id"], ids)
        c0 = page["cases"][0]
        self.assertEqual(c0["unit"], "TT-96")
        self.assertEqual(c0["status"], "received")
        self.assertEqual(c0["overdue_days"], 0)
        s, filtered = self.get("/api/v1/cases?status=accepted", tok)
        self.assertEqual((s, filtered["cases"]), (200, []))
        for bad in ["?status=lost", "?limit=0", "?due_before=2026-02-30", "?colour=red",
                    "?limit=1&limit=2", "?cursor=" + other["case_id"]]:
            s, d = self.get("/api/v1/cases" + bad, tok)
            self.assertEqual(s, 400, bad)

        # Show: the sealed envelope, which the unit's key opens on its own machine.
        _, pk, sk = tocao_format.load_unit_secret(os.path.join(self.dir, "dev-secrets", "TT-96.key"))
        s, shown = self.get("/api/v1/cases/" + mine[0]["case_id"], tok)
        self.assertEqual(s, 200)
        body, ident, _ = tocao_format.open_envelope(base64.b64decode(shown["envelope"]), sk, pk)
        self.assertEqual(json.loads(body)["details"], sample_report()["details"])
        self.assertEqual(json.loads(ident)["full_name"], "Nguyễn Văn A")
        # A confidential reporter's identity is not in what is shown.
        s, shown = self.get("/api/v1/cases/" + conf["case_id"], tok)
        self.assertTrue(shown["identity_sealed_apart"])
        body, ident, _ = tocao_format.open_envelope(base64.b64decode(shown["envelope"]), sk, pk)
        self.assertIsNone(ident)
        self.assertEqual(json.loads(body)["details"], sample_report()["details"])

        # Another unit's case is 404, exactly like a case that does not exist.
        s1, d1 = self.get("/api/v1/cases/" + other["case_id"], tok)
        s2, d2 = self.get("/api/v1/cases/ZZZZZZZZ", tok)
        self.assertEqual((s1, s2), (404, 404))
        self.assertEqual(d1, d2)

        # Every other unit's inspector: 404 on this case, and none of it in their list.
        for unit in UNITS:
            name = "inspector-" + unit
            if unit == "TT-96":
                continue
            s, sess2, _ = self.login(name)
            self.assertEqual(s, 201, name)
            s, _ = self.get("/api/v1/cases/" + mine[0]["case_id"], sess2["token"])
            self.assertEqual(s, 404, name)
            s, lst = self.get("/api/v1/cases", sess2["token"])
            self.assertNotIn(mine[0]["case_id"], [c["case_id"] for c in lst["cases"]], name)
            # Every write endpoint too: 404, and the case is untouched.
            h = {"Authorization": "Bearer " + sess2["token"]}
            junk = b64(os.urandom(80))
            # A message signed by this inspector, for its own unit (a signature that verifies).
            day = today_vn()
            signed = tocao_format.unit_message_signed(
                conf["case_id"], unit, (day - day.replace(year=1970, month=1, day=1)).days,
                base64.b64decode(junk))
            sig = b64(self.signer(name)[0].sign(signed).signature)
            for sub, body in [("actions", {"action": "accept"}),
                              ("messages", {"sealed_for_reporter": junk, "sealed_for_unit": junk,
                                            "signature": sig, "day": day.isoformat()}),
                              ("identity", {}),
                              ("transfer", {"to_unit": unit, "header": b64(os.urandom(96)),
                                            "commitment": b64(os.urandom(32))}),
                              ("transfer/confirm", {"proof": b64(os.urandom(32))})]:
                s, _, _ = self.daemon.post_json(
                    f"/api/v1/cases/{conf['case_id']}/{sub}", body, h)
                self.assertEqual(s, 404, (name, sub))
        s, shown = self.get("/api/v1/cases/" + conf["case_id"], tok)
        self.assertEqual((shown["status"], shown["unit"]), ("received", "TT-96"))
        self.assertEqual([e["event"] for e in shown["timeline"]], ["received"])

        # A copy of the store and every other unit's key: nothing opens.
        env = base64.b64decode(shown["envelope"])
        for unit in UNITS:
            if unit == "TT-96":
                continue
            _, opk, osk = tocao_format.load_unit_secret(
                os.path.join(self.dir, "dev-secrets", unit + ".key"))
            with self.assertRaises(Exception):
                tocao_format.open_envelope(env, osk, opk)

        # Logout revokes.
        s, _, _ = self.daemon.request("DELETE", "/api/v1/sessions/current",
                                      headers={"Authorization": "Bearer " + tok})
        self.assertEqual(s, 204)
        s, _ = self.get("/api/v1/cases", tok)
        self.assertEqual(s, 401)

    def test_refusals(self):
        s, _ = self.get("/api/v1/cases", None)
        self.assertEqual(s, 401)
        s, _ = self.get("/api/v1/cases", b64(os.urandom(32)))
        self.assertEqual(s, 401)
        # A replayed signature finds its challenge used.
        s, _, body = self.login("inspector-TT-01")
        self.assertEqual(s, 201)
        s, _, _ = self.daemon.post_json("/api/v1/sessions", body)
        self.assertEqual(s, 401)
        # A key the server does not know, and a signature over something else.
        key = SigningKey.generate()
        s, _, ch = self.daemon.post_json("/api/v1/sessions/challenge", {})
        pk = bytes(key.verify_key)
        sig = key.sign(CONTEXT + base64.b64decode(ch["challenge"]) + pk).signature
        s, _, _ = self.daemon.post_json("/api/v1/sessions", {
            "public_key": b64(pk), "challenge": ch["challenge"], "signature": b64(sig)})
        self.assertEqual(s, 401)
        k2, pk2 = self.signer("inspector-TT-01")
        s, _, ch = self.daemon.post_json("/api/v1/sessions/challenge", {})
        sig = k2.sign(b"something else").signature
        s, _, _ = self.daemon.post_json("/api/v1/sessions", {
            "public_key": b64(pk2), "challenge": ch["challenge"], "signature": b64(sig)})
        self.assertEqual(s, 401)
        s, _, _ = self.daemon.post_json("/api/v1/sessions", {"public_key": "x"})
        self.assertEqual(s, 400)
        # A monitor has a session but no access to cases.
        s, sess, _ = self.login("monitor")
        self.assertEqual((s, sess["role"], sess["scope"]), (201, "monitor", "national"))
        s, _ = self.get("/api/v1/cases", sess["token"])
        self.assertEqual(s, 403)


UNITS = ["TTCP"] + ["TT-%s" % c for c in [
    "01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37",
    "38", "40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82",
    "86", "91", "92", "96"]]


if __name__ == "__main__":
    main()
