"""Issue 13, integrity: unit messages signed by an inspector, and transfers that cannot leave a
case unreadable.

Each test reproduces an attack and asserts the defence:
- a message written straight into the store (no signature, a signature by the planter's own
  key, or a genuine signature copied around other text) is never shown to the reporter;
- a message whose signature is not the session's inspector's, or not over this case, day and
  text, is refused at the API (422), as is the unsigned body of before;
- a message of an inspector whose key has since been revoked stays shown, as signed then;
- a transfer with a garbage sealed key can be offered but never confirmed: the sending unit
  keeps the case, readable, and may cancel; nobody but the receiving unit can confirm, and the
  commitment itself is no proof.
"""
import base64
import datetime
import json
import os
import subprocess

from nacl.public import PublicKey, SealedBox

from harness import BIN_DIR, Daemon, main, sample_report, today_vn, tocao
from test_inspector_sessions import InspectorBase

import tocao_format  # noqa: E402

PLANT = os.path.join(BIN_DIR, "e2e_plant_message")


def b64(b):
    return base64.b64encode(b).decode()


def day_number(d):
    return (d - datetime.date(1970, 1, 1)).days


class Base(InspectorBase):
    def unit_key(self, unit):
        return tocao_format.load_unit_secret(os.path.join(self.dir, "dev-secrets", unit + ".key"))

    def post(self, path, body, tok):
        return self.daemon.post_json(path, body, {"Authorization": "Bearer " + tok})

    def followup(self, receipt):
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": receipt})
        self.assertEqual(s, 200, f)
        return f

    def cli(self, unit, *args, check=True):
        d = self.dir
        return tocao("cases", "--server", f"https://127.0.0.1:{self.daemon.port}",
                     "--cacert", os.path.join(d, "tls", "cert.pem"),
                     "--identity", os.path.join(d, "dev-secrets", f"inspector-{unit}.key"),
                     *args, check=check)

    def message_body(self, cid, text, signer_name, unit="TT-96", day=None, reporter_pk=None):
        """A message to the reporter of cid, sealed and signed as an inspector's tool does."""
        day = day if day is not None else today_vn()
        sealed_r = bytes(SealedBox(PublicKey(reporter_pk)).encrypt(text.encode()))
        _, upk, _ = self.unit_key(unit)
        sealed_u = bytes(SealedBox(PublicKey(upk)).encrypt(text.encode()))
        key, _ = self.signer(signer_name)
        signed = tocao_format.unit_message_signed(cid, unit, day_number(day), sealed_r)
        return {"sealed_for_reporter": b64(sealed_r), "sealed_for_unit": b64(sealed_u),
                "signature": b64(key.sign(signed).signature), "day": day.isoformat()}


class SignedMessagesTest(Base):
    def test_reply_through_the_client_is_signed(self):
        doc = self.submit(sample_report())[2]
        key = os.path.join(self.dir, "dev-secrets", "TT-96.key")
        self.cli("TT-96", "reply", "--unit-key", key, doc["case_id"], "Đã thụ lý đơn của ông.")
        f = self.followup(doc["receipt"])
        self.assertEqual([(m["from"], m["text"], m["signature"]) for m in f["messages"]],
                         [("unit", "Đã thụ lý đơn của ông.", "signed")])
        s, _, page = self.daemon.request("POST", "/followup", f"receipt={doc['receipt']}",
                                         {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertIn("có chữ ký của thanh tra viên", page.decode())
        # tocao reply on the server needs an inspector's key, and signs with it.
        p = tocao("reply", "--data", self.dir, doc["case_id"], "Không chữ ký", check=False)
        self.assertEqual(p.returncode, 2)
        p = tocao("reply", "--data", self.dir, "--identity",
                  os.path.join(self.dir, "dev-secrets", "inspector-TT-01.key"), doc["case_id"],
                  "Người khác", check=False)
        self.assertEqual(p.returncode, 1, p.stderr)  # TT-01's inspector: not this case's unit
        tocao("reply", "--data", self.dir, "--identity",
              os.path.join(self.dir, "dev-secrets", "inspector-TT-96.key"), doc["case_id"],
              "Từ máy chủ, có ký")
        f = self.followup(doc["receipt"])
        self.assertEqual([(m["text"], m["signature"]) for m in f["messages"]][-1],
                         ("Từ máy chủ, có ký", "signed"))
        self.assertEqual(tocao("verify", "--data", self.dir, "--json").returncode, 0)

    def test_forged_signatures_are_refused_at_the_api(self):
        doc = self.submit(sample_report())[2]
        cid = doc["case_id"]
        other = self.submit(sample_report())[2]["case_id"]
        tok = self.login("inspector-TT-96")[1]["token"]
        s, shown = self.get("/api/v1/cases/" + cid, tok)
        rpk = base64.b64decode(shown["reporter_public_key"])
        path = f"/api/v1/cases/{cid}/messages"
        bad = [
            # Signed by another inspector (a real principal, not the session's).
            self.message_body(cid, "Giả mạo", "inspector-TT-01", reporter_pk=rpk),
            # Signed for another case, another unit, another day.
            self.message_body(other, "Giả mạo", "inspector-TT-96", reporter_pk=rpk),
            self.message_body(cid, "Giả mạo", "inspector-TT-96", unit="TT-01", reporter_pk=rpk),
            self.message_body(cid, "Giả mạo", "inspector-TT-96", reporter_pk=rpk,
                              day=today_vn() - datetime.timedelta(days=5)),
        ]
        body = self.message_body(cid, "Thật", "inspector-TT-96", reporter_pk=rpk)
        swapped = dict(body, sealed_for_reporter=bad[0]["sealed_for_reporter"])
        bad.append(swapped)  # the signature of one text around another
        unsigned = {k: body[k] for k in ("sealed_for_reporter", "sealed_for_unit")}
        bad.append(unsigned)  # the body of before signatures
        for b in bad:
            s, _, p = self.post(path, b, tok)
            self.assertEqual(s, 422, (p, list(b)))
        # No message stored, no timeline event.
        self.assertEqual([e["event"] for e in self.get("/api/v1/cases/" + cid, tok)[1]["timeline"]],
                         ["received"])
        self.assertEqual(self.followup(doc["receipt"])["messages"], [])
        s, _, m = self.post(path, body, tok)
        self.assertEqual(s, 201, m)
        self.assertTrue(m["signed"])
        self.assertEqual([x["text"] for x in self.followup(doc["receipt"])["messages"]], ["Thật"])


class PlantedMessagesTest(Base):
    """Someone who can write the store, without an inspector's key: the daemon is stopped."""

    def restart(self, before=None):
        self.assertEqual(self.daemon.stop(), 0)
        if before:
            before()
        type(self).daemon = Daemon(self.dir)

    def plant(self, cid, mode, text):
        subprocess.run([PLANT, os.path.join(self.dir, "store"), cid, mode, text], check=True,
                       timeout=60)

    def test_planted_and_revoked(self):
        doc = self.submit(sample_report())[2]
        cid = doc["case_id"]
        tok = self.login("inspector-TT-96")[1]["token"]
        s, shown = self.get("/api/v1/cases/" + cid, tok)
        rpk = base64.b64decode(shown["reporter_public_key"])
        s, _, m = self.post(f"/api/v1/cases/{cid}/messages",
                            self.message_body(cid, "Thư thật", "inspector-TT-96", reporter_pk=rpk),
                            tok)
        self.assertEqual(s, 201, m)

        def plant_all():
            self.plant(cid, "forged", "PLANTED-FORGED hãy nộp tiền")
            self.plant(cid, "copied", "PLANTED-COPIED hãy nộp tiền")
            self.plant(cid, "unsigned", "PLANTED-UNSIGNED")
        self.restart(plant_all)
        f = self.followup(doc["receipt"])
        shown = [(x["text"], x.get("signature")) for x in f["messages"]]
        self.assertIn(("Thư thật", "signed"), shown)
        self.assertNotIn("PLANTED-FORGED", json.dumps(f, ensure_ascii=False))
        self.assertNotIn("PLANTED-COPIED", json.dumps(f, ensure_ascii=False))
        # The format of before signatures: still readable, marked unsigned.
        self.assertIn(("PLANTED-UNSIGNED", "unsigned_before_signatures"), shown)
        s, _, page = self.daemon.request("POST", "/followup", f"receipt={doc['receipt']}&lang=en",
                                         {"Content-Type": "application/x-www-form-urlencoded"})
        page = page.decode()
        self.assertNotIn("PLANTED-FORGED", page)
        self.assertNotIn("PLANTED-COPIED", page)
        self.assertIn("unsigned (from before signatures)", page)

        # The inspector's key is revoked (its principal file removed): the message stays
        # shown as signed then, with its day; that key can no longer sign in or post.
        def revoke():
            os.remove(os.path.join(self.dir, "principals", "inspector-TT-96.pub"))
        self.restart(revoke)
        f = self.followup(doc["receipt"])
        shown = [(x["text"], x.get("signature"), x["at"]) for x in f["messages"]]
        self.assertIn(("Thư thật", "signed_revoked", today_vn().isoformat()), shown)
        self.assertNotIn("PLANTED-FORGED", json.dumps(f, ensure_ascii=False))
        self.assertEqual(self.login("inspector-TT-96")[0], 401)


class GarbageTransferTest(Base):
    def test_garbage_header_never_confirmed(self):
        doc = self.submit(sample_report(identity="confidential"))[2]
        cid = doc["case_id"]
        t96 = self.login("inspector-TT-96")[1]["token"]
        t01 = self.login("inspector-TT-01")[1]["token"]
        tcp = self.login("inspector-TTCP")[1]["token"]
        _, pk96, sk96 = self.unit_key("TT-96")
        _, pk01, sk01 = self.unit_key("TT-01")
        s, shown = self.get("/api/v1/cases/" + cid, t96)
        env = base64.b64decode(shown["envelope"])
        header, commitment = tocao_format.transfer_offer(env, sk96, pk96, "TT-01", pk01)
        path = f"/api/v1/cases/{cid}/transfer"

        # The retired one-step body: refused, saying what to do instead.
        moved = tocao_format.reseal_envelope(env, sk96, pk96, "TT-01", pk01)
        s, _, p = self.post(path, {"to_unit": "TT-01", "envelope": b64(moved)}, t96)
        self.assertEqual(s, 422, p)
        self.assertIn("retired", p["detail"])
        # A header for another key than TT-01's current one.
        s, _, p = self.post(path, {"to_unit": "TT-01", "header": b64(header[:8] + bytes(8) +
                                                                     header[16:]),
                                   "commitment": b64(commitment)}, t96)
        self.assertEqual(s, 422, p)

        # The attack of before: a garbage sealed key. Offered (the server cannot tell)...
        garbage = header[:16] + os.urandom(80)
        s, _, p = self.post(path, {"to_unit": "TT-01", "header": b64(garbage),
                                   "commitment": b64(commitment)}, t96)
        self.assertEqual(s, 202, p)
        self.assertEqual(p["transfer_pending"]["to_unit"], "TT-01")
        # ... but never confirmed: TT-01's tool cannot open it, a guess or the commitment
        # itself (readable by anyone who reads the store) is no proof, another unit is 404.
        p = self.cli("TT-01", "receive", "--unit-key",
                     os.path.join(self.dir, "dev-secrets", "TT-01.key"), cid, check=False)
        self.assertEqual(p.returncode, 1, p.stdout)
        for proof in (os.urandom(32), commitment):
            s, _, p = self.post(path + "/confirm", {"proof": b64(proof)}, t01)
            self.assertEqual(s, 422, p)
        s, _, p = self.post(path + "/confirm", {"proof": b64(os.urandom(32))}, tcp)
        self.assertEqual(s, 404, p)
        self.assertEqual(self.get(path, tcp)[0], 404)
        # TT-96 keeps the case, and can read it all along.
        s, shown = self.get("/api/v1/cases/" + cid, t96)
        self.assertEqual((s, shown["unit"]), (200, "TT-96"))
        body, ident, _ = tocao_format.open_envelope(base64.b64decode(shown["envelope"]), sk96, pk96)
        self.assertEqual(json.loads(body)["details"], sample_report()["details"])
        self.assertIsNone(ident)
        self.assertEqual(self.get("/api/v1/cases/" + cid, t01)[0], 404)
        # One offer at a time; TT-96 cancels, then the true offer goes through.
        s, _, p = self.post(path, {"to_unit": "TT-01", "header": b64(header),
                                   "commitment": b64(commitment)}, t96)
        self.assertEqual(s, 409, p)
        s, _, _ = self.daemon.request("DELETE", path, headers={"Authorization": "Bearer " + t96})
        self.assertEqual(s, 204)
        s, _, p = self.post(path, {"to_unit": "TT-01", "header": b64(header),
                                   "commitment": b64(commitment)}, t96)
        self.assertEqual(s, 202, p)
        s, offer = self.get(path, t01)
        self.assertEqual(s, 200, offer)
        proof = tocao_format.transfer_proof(base64.b64decode(offer["envelope"]), sk01, pk01)
        s, _, c = self.post(path + "/confirm", {"proof": b64(proof)}, t01)
        self.assertEqual((s, c["unit"]), (200, "TT-01"), c)
        s, _, r = self.post(f"/api/v1/cases/{cid}/identity", {}, t01)
        self.assertEqual(s, 200, r)
        _, ident, _ = tocao_format.open_envelope(base64.b64decode(r["envelope"]), sk01, pk01)
        self.assertEqual(json.loads(ident)["full_name"], "Nguyễn Văn A")
        events = [e["event"] for e in self.get("/api/v1/cases/" + cid, t01)[1]["timeline"]]
        self.assertEqual(events, ["received", "transfer_pending", "transfer_cancelled",
                                  "transfer_pending", "transferred", "identity_revealed"])
        self.assertEqual(tocao("verify", "--data", self.dir, "--json").returncode, 0)


if __name__ == "__main__":
    main()
