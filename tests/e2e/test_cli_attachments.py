"""Issue 14: the citizen's follow-up messages and every attachment, read by the unit's
inspectors through the API (sealed) and `tocao cases show/attachment` (decrypted locally)."""
import base64
import json
import secrets
import os

from harness import main, sample_report, tocao
from test_attachments import multipart
from test_audit import verify
from test_inspector_sessions import InspectorBase


class CliAttachmentsTest(InspectorBase):
    def cases(self, unit, *args, check=True):
        base = ["cases", args[0], "--server", f"https://127.0.0.1:{self.daemon.port}",
                "--cacert", os.path.join(self.dir, "tls", "cert.pem"),
                "--identity", os.path.join(self.dir, "dev-secrets", f"inspector-{unit}.key"),
                "--unit-key", os.path.join(self.dir, "dev-secrets", f"{unit}.key")]
        return tocao(*base, *args[1:], check=check)

    def audit_entries(self):
        self.daemon.stop()
        rc, out, err = verify(self.dir)
        self.__class__.daemon = type(self.daemon)(self.dir)
        self.assertEqual(rc, 0, err)
        return out["audit_entries"]

    def submit_with_file(self, data):
        parts = [("report", None, "application/json", json.dumps(sample_report()).encode()),
                 ("file", "hoa-don.pdf", "application/pdf", data)]
        body, ctype = multipart(parts)
        s, _, d = self.daemon.request("POST", "/api/v1/reports", body, {"Content-Type": ctype})
        self.assertEqual(s, 201, d)
        return json.loads(d)

    def followup_with_file(self, receipt, text, data):
        body, ctype = multipart([
            ("lang", None, None, b"en"),
            # A fresh one-time token (the page's form carries one): each post is a new message.
            ("msg_token", None, None, secrets.token_hex(24).encode()), ("receipt", None, None, receipt.encode()),
            ("text", None, None, text.encode()),
            ("file", "bien-ban.txt", "text/plain", data)])
        s, _, d = self.daemon.request("POST", "/followup/messages", body, {"Content-Type": ctype})
        self.assertIn(s, (200, 201, 303), d[:300])

    def test_conversation_and_attachment(self):
        planted = b"%PDF-1.4 ATT-SECRET-PANGOLIN-4471 " + os.urandom(40 * 1024)
        doc = self.submit_with_file(planted)
        cid = doc["case_id"]
        text = "Tôi gửi thêm biên bản họp thôn."
        self.followup_with_file(doc["receipt"], text, b"BIEN-BAN-SECRET-7731\n" * 50)
        self.cases("TT-96", "reply", cid, "Đề nghị ông gửi thêm chứng cứ.")
        self.cases("TT-96", "act", cid, "accept", "--note", "ghi chú nội bộ")
        before = self.audit_entries()

        # The API: sealed bytes only, the unit's case only, each fetch audited.
        tok = self.login("inspector-TT-96")[1]["token"]
        h = {"Authorization": "Bearer " + tok}
        s, hdrs, blob = self.daemon.request("GET", f"/api/v1/cases/{cid}/attachments/0", headers=h)
        self.assertEqual(s, 200)
        hd = hdrs
        self.assertEqual(hd["content-type"], "application/octet-stream")
        self.assertTrue(hd["content-disposition"].startswith("attachment"))
        self.assertGreater(len(blob), len(planted))
        self.assertNotIn(b"PANGOLIN", blob)
        s, _, _ = self.daemon.request("GET", f"/api/v1/cases/{cid}/attachments/1", headers=h)
        self.assertEqual(s, 404)
        for bad in ("01", "12345", "x", "", "0/"):
            s, _, _ = self.daemon.request("GET", f"/api/v1/cases/{cid}/attachments/{bad}",
                                          headers=h)
            self.assertEqual(s, 404, bad)
        s, page = self.get(f"/api/v1/cases/{cid}/messages", tok)
        self.assertEqual(s, 200)
        froms = [m["from"] for m in page["messages"]]
        self.assertEqual(froms, ["reporter", "unit", "note"])
        self.assertEqual(page["messages"][1]["signature"], "signed")
        self.assertIn("signer", page["messages"][1])
        self.assertNotIn("older", page)
        self.assertNotIn(b"SECRET", base64.b64decode(page["messages"][0]["for_unit"]))
        s, p1 = self.get(f"/api/v1/cases/{cid}/messages?limit=1", tok)
        self.assertEqual([m["from"] for m in p1["messages"]], ["note"])
        s, p2 = self.get(f"/api/v1/cases/{cid}/messages?limit=2&before={p1['older']}", tok)
        self.assertEqual([m["from"] for m in p2["messages"]], ["reporter", "unit"])
        self.assertNotIn("older", p2)
        for bad in ("before=0", "limit=51", "limit=x", "cursor=1", "before=1&before=2"):
            s, _ = self.get(f"/api/v1/cases/{cid}/messages?{bad}", tok)
            self.assertEqual(s, 400, bad)
        # Another unit's inspector: 404 on both, like a missing case.
        other = self.login("inspector-TT-01")[1]["token"]
        s, _ = self.get(f"/api/v1/cases/{cid}/messages", other)
        self.assertEqual(s, 404)
        s, _, _ = self.daemon.request("GET", f"/api/v1/cases/{cid}/attachments/0",
                                      headers={"Authorization": "Bearer " + other})
        self.assertEqual(s, 404)
        # sessions 2, attachment 1, messages 3: the refused and foreign fetches leave nothing.
        self.assertEqual(self.audit_entries(), before + 6)

        # The CLI: the conversation decrypted here, the attachment byte for byte.
        before = self.audit_entries()
        shown = self.cases("TT-96", "show", cid).stdout
        self.assertIn(text, shown)
        self.assertIn("Đề nghị ông gửi thêm chứng cứ.", shown)
        self.assertIn("signature: signed", shown)
        self.assertIn("[note: the unit only]", shown)
        self.assertIn("ghi chú nội bộ", shown)
        self.assertIn("bien-ban.txt (text/plain)", shown)
        self.assertIn("hoa-don.pdf (application/pdf), %d bytes" % len(planted), shown)
        js = json.loads(self.cases("TT-96", "show", cid, "--json").stdout)
        self.assertEqual(js["messages"][0]["text"], text)
        self.assertEqual(js["messages"][0]["files"][0]["size"], len(b"BIEN-BAN-SECRET-7731\n" * 50))

        out = os.path.join(self.tmp, "hoa-don.pdf")
        self.cases("TT-96", "attachment", cid, "0", "--out", out)
        self.assertEqual(open(out, "rb").read(), planted)
        self.assertEqual(os.stat(out).st_mode & 0o777, 0o600)
        p = self.cases("TT-96", "attachment", cid, "0", "--out", out, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("--force", p.stderr)
        os.chmod(out, 0o644)
        self.cases("TT-96", "attachment", cid, "0", "--out", out, "--force")
        self.assertEqual(open(out, "rb").read(), planted)
        self.assertEqual(os.stat(out).st_mode & 0o777, 0o600)
        p = self.cases("TT-96", "attachment", cid, "1", "--out", out + "2", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("404", p.stderr)
        self.assertFalse(os.path.exists(out + "2"))
        p = self.cases("TT-01", "attachment", cid, "0", "--out", out + "3", check=False)
        self.assertIn("404", p.stderr)
        # Each CLI run signs in (1) and reads: show = envelope + messages (2+1+... per run).
        after = self.audit_entries()
        self.assertGreater(after, before)


if __name__ == "__main__":
    main()
