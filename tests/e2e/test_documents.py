"""Issue 15: official documents and the printable case file through `tocao document` and
`tocao casefile` against the real daemon, decrypted on the inspector's machine: the refusal
of a document the case's state does not allow, the HTML and the .docx (opened with zipfile,
its document.xml's text read back) with Vietnamese diacritics and a planted <script>/&
escaped, the case file with the attachment's SHA-256, and a sealed identity never opened."""
import hashlib
import json
import os
import re
import zipfile

from harness import main, sample_report, tocao
from test_attachments import multipart
from test_inspector_sessions import InspectorBase

PLANTED = "Thu tiền <script>alert('x')</script> & lệ phí"


class DocumentsTest(InspectorBase):
    def conn(self, unit="TT-96"):
        return ["--server", f"https://127.0.0.1:{self.daemon.port}",
                "--cacert", os.path.join(self.dir, "tls", "cert.pem"),
                "--identity", os.path.join(self.dir, "dev-secrets", f"inspector-{unit}.key"),
                "--unit-key", os.path.join(self.dir, "dev-secrets", f"{unit}.key")]

    def submit_with_file(self, report, data):
        parts = [("report", None, "application/json", json.dumps(report).encode()),
                 ("file", "biên-lai.pdf", "application/pdf", data)]
        body, ctype = multipart(parts)
        s, _, d = self.daemon.request("POST", "/api/v1/reports", body, {"Content-Type": ctype})
        self.assertEqual(s, 201, d)
        return json.loads(d)

    def document(self, cid, kind, out, *more, check=True):
        return tocao("document", *self.conn(), cid, kind, "--out", out, *more, check=check)

    def test_documents_and_casefile(self):
        report = sample_report(summary=PLANTED,
                               reporter={"full_name": "Nguyễn Thị Hoà",
                                         "address": "12 Lý Thường Kiệt, Cà Mau"})
        data = b"%PDF-1.4 bien lai " + os.urandom(2048)
        cid = self.submit_with_file(report, data)["case_id"]
        out = os.path.join(self.tmp, "tb.html")

        # Wrong state: no conclusion before settlement, no extension decision before extend.
        p = self.document(cid, "conclusion-notice", out, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("settle", p.stderr)
        self.assertFalse(os.path.exists(out))
        p = self.document(cid, "nonsense", out, check=False)
        self.assertEqual(p.returncode, 2)

        tocao("cases", "act", *self.conn(), cid, "accept")
        p = self.document(cid, "extend-decision", out, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("extend", p.stderr)

        self.document(cid, "accept-notice", out, "--number", "15", "--date", "2026-12-05",
                      "--signer", "Lê Văn Cường")
        html = open(out, encoding="utf-8").read()
        self.assertEqual(oct(os.stat(out).st_mode & 0o777), "0o600")
        for want in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Số: 15/TB-TTr", "Cà Mau, ngày 05 tháng 12 năm 2026",
                     "Thanh tra tỉnh Cà Mau", "Ông (Bà) Nguyễn Thị Hoà", "Nơi nhận:",
                     "THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên, đóng dấu)", "Lê Văn Cường",
                     "Thu tiền &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; lệ phí",
                     "@page{size:A4", '<p class="form-no">Mẫu số 05</p>'):
            self.assertIn(want, html)
        self.assertNotIn("<script", html)
        p = self.document(cid, "accept-notice", out, check=False)
        self.assertEqual(p.returncode, 1)  # an existing file needs --force

        # The .docx, opened with zipfile: a WordprocessingML package, the text as in HTML.
        docx = os.path.join(self.tmp, "qd.docx")
        self.document(cid, "accept-decision", docx, "--format", "docx", "--number", "7")
        with zipfile.ZipFile(docx) as z:
            self.assertIsNone(z.testzip())
            names = set(z.namelist())
            for part in ("[Content_Types].xml", "_rels/.rels", "word/document.xml",
                         "word/styles.xml"):
                self.assertIn(part, names)
            xml = z.read("word/document.xml").decode("utf-8")
        text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
        for want in ("Mẫu số 04", "QUYẾT ĐỊNH", "Về việc thụ lý tố cáo", "Số: 7/QĐ-TTr",
                     "Điều 1. Thụ lý tố cáo đối với Trần Văn B",
                     "Thu tiền &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; lệ phí"):
            self.assertIn(want, text)
        self.assertNotIn("<script", xml)

        # The case file: the attachment's hash, the timeline, deadlines with their articles.
        cf = os.path.join(self.tmp, "hoso.html")
        tocao("casefile", *self.conn(), cid, "--out", cf)
        page = open(cf, encoding="utf-8").read()
        self.assertIn(hashlib.sha256(data).hexdigest(), page)
        self.assertIn("biên-lai.pdf", page)
        self.assertIn("Hồ sơ giải quyết tố cáo", page)
        self.assertIn("Nguyễn Thị Hoà", page)  # a named report: its identity is in the file
        self.assertIn("counter(pages)", page)
        self.assertIn("Thụ lý", page)
        self.assertNotIn("<script", page)

    def test_casefile_never_reveals(self):
        cid = self.submit(sample_report(identity="confidential"))[2]["case_id"]
        cf = os.path.join(self.tmp, "kin.html")
        tocao("casefile", *self.conn(), cid, "--out", cf)
        page = open(cf, encoding="utf-8").read()
        self.assertNotIn("Nguyễn Văn A", page)
        self.assertIn("không được mở để in", page)
        shown = json.loads(tocao("cases", "show", *self.conn(), cid, "--json").stdout)
        self.assertNotIn("identity_revealed", [e["event"] for e in shown.get("timeline", [])])
        # Another unit's inspector: nothing.
        p = tocao("casefile", *self.conn("TT-01"), cid, "--out", cf + ".2", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertFalse(os.path.exists(cf + ".2"))


if __name__ == "__main__":
    main()
