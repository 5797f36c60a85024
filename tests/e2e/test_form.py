"""The HTML form without JavaScript: submit, keep values on errors, receipt page, follow-up pages."""
import html
import os
import re
import urllib.parse

from harness import InstanceTest, main, sample_report, tocao
from test_attachments import multipart

RECEIPT = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){4}")

FIELDS = {
    "lang": "vi", "province": "96", "kind": "denunciation", "identity": "named",
    "full_name": "Nguyễn Văn A", "address": "12 Lý Thường Kiệt, Cà Mau",
    "phone": "0912 345 678", "email": "", "id_number": "",
    "commune": "32002", "level": "commune", "old_province": "",
    "accused_name": "Trần Văn B", "accused_position": "cán bộ địa chính",
    "accused_organisation": "", "category": "land",
    "summary": "Thu tiền sai quy định khi cấp sổ đỏ",
    "details": "Cán bộ địa chính yêu cầu nộp thêm 5 triệu đồng <ngoài> quy định & không có biên lai.",
    "occurred_on": "2026-10-01",
}


TOKEN = re.compile(r'name="(?:form|msg)_token" value="([0-9a-f]{48})"')


def form_token(daemon, path="/?province=96"):
    """A fresh one-time token, as the form page gives it."""
    _, _, body = daemon.request("GET", path)
    return TOKEN.search(body.decode()).group(1)


def follow(daemon, status, hdrs, data):
    """After a 303, the page it leads to, with the sealed cookie it set (a browser's GET)."""
    if status != 303:
        return status, hdrs, data
    cookie = hdrs["set-cookie"].split(";")[0]
    _, h, d = daemon.request("GET", hdrs["location"], None, {"Cookie": cookie})
    h = dict(h, cookie=cookie)
    return status, h, d


class FormTest(InstanceTest):
    def post_form(self, fields, files=(), path="/reports", urlencoded=False, token=None):
        fields = dict(fields)
        if path == "/reports":
            fields.setdefault("form_token", token or form_token(self.daemon))
            fields.setdefault("undertaking", "yes")
        elif path == "/followup/messages" and "msg_token" not in fields:
            _, _, page = self.daemon.request(
                "POST", "/followup", urllib.parse.urlencode({"receipt": fields["receipt"]}),
                {"Content-Type": "application/x-www-form-urlencoded"})
            fields["msg_token"] = TOKEN.search(page.decode()).group(1)
        if urlencoded:
            body = urllib.parse.urlencode(fields).encode()
            ctype = "application/x-www-form-urlencoded"
        else:
            parts = [(k, None, None, v.encode()) for k, v in fields.items()]
            parts += [("file", n, t, d) for n, t, d in files]
            body, ctype = multipart(parts)
        status, hdrs, data = follow(self.daemon,
                                    *self.daemon.request("POST", path, body, {"Content-Type": ctype}))
        return status, hdrs, data.decode()

    def test_pages_are_served_with_strict_headers(self):
        for path in ["/", "/?lang=en", "/?province=96", "/followup", "/static/style.css"]:
            with self.subTest(path=path):
                status, hdrs, body = self.daemon.request("GET", path)
                self.assertEqual(status, 200)
                self.assertIn("default-src 'none'", hdrs["content-security-policy"])
                self.assertEqual(hdrs["cache-control"], "no-store")
                self.assertNotIn(b"<script", body)
        status, hdrs, body = self.daemon.request("GET", "/?province=96")
        self.assertTrue(hdrs["content-type"].startswith("text/html"))
        self.assertIn("32002".encode(), body)   # Cà Mau's communes are offered
        self.assertNotIn(b'value="00004"', body)  # Hà Nội's are not

    def test_submit_multipart_with_file(self):
        status, hdrs, page = self.post_form(FIELDS, [("bien-lai.jpg", "image/jpeg", b"\xff\xd8 JPEG")])
        self.assertEqual(status, 303, page[:500])
        m = RECEIPT.search(page)
        self.assertIsNotNone(m)
        # The receipt opens the case through the follow-up page.
        status, _, fpage = self.post_form({"receipt": m.group(0), "lang": "vi"}, path="/followup",
                                          urlencoded=True)
        self.assertEqual(status, 200)
        self.assertIn(m.group(0), fpage)  # carried in the reply form
        # The unit reads the report and the file.
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": m.group(0)})
        # The receipt page gave each deadline as DD/MM/YYYY.
        y, mo, d = f["deadlines"]["process_by"].split("-")
        self.assertIn(f"{d}/{mo}/{y}", page)
        self.assertIn("Thanh tra tỉnh Cà Mau", page)
        opened = self.open_case(f["case_id"], "TT-96")
        self.assertEqual(opened["report"]["details"], FIELDS["details"])
        self.assertEqual(opened["identity"]["full_name"], "Nguyễn Văn A")
        self.assertEqual(opened["attachments"][0]["name"], "bien-lai.jpg")

    def test_submit_urlencoded_anonymous_drops_reporter(self):
        fields = dict(FIELDS, identity="anonymous")
        status, _, page = self.post_form(fields, urlencoded=True)
        self.assertEqual(status, 303, page[:500])
        receipt = RECEIPT.search(page).group(0)
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": receipt})
        self.assertEqual(f["track"], "information")
        opened = self.open_case(f["case_id"], "TT-96")
        self.assertIsNone(opened["identity"])  # the hidden reporter fields were not kept

    def test_errors_keep_every_value(self):
        fields = dict(FIELDS, summary="abc", commune="00004", occurred_on="2026-02-30")
        status, _, page = self.post_form(fields)
        self.assertEqual(status, 422)
        for name in ["summary", "commune", "occurred_on"]:
            self.assertIn(f'id="err-{name}"', page, name)
        # Everything typed is still there (escaped).
        for name in ["full_name", "address", "phone", "accused_name", "accused_position",
                     "details"]:
            self.assertIn(html.escape(FIELDS[name], quote=True), page, name)
        self.assertNotIn("<ngoài>", page)
        self.assertIn("&lt;ngoài&gt;", page)
        # English on request.
        status, _, page = self.post_form(dict(fields, lang="en"))
        self.assertIn("Too short", page)

    def test_anonymous_complaint_explained(self):
        status, _, page = self.post_form(dict(FIELDS, kind="complaint", identity="anonymous"))
        self.assertEqual(status, 422)
        self.assertIn("kiến nghị", page)

    def test_file_limits_named(self):
        files = [("a.bin", "application/octet-stream", b"x" * (6 << 20))]
        status, _, page = self.post_form(FIELDS, files)
        self.assertEqual(status, 413)
        self.assertIn("5 MB", page)
        self.assertIn(html.escape(FIELDS["details"], quote=True), page)

    def test_followup_wrong_receipt_is_neutral(self):
        status, _, page = self.post_form({"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"}, path="/followup",
                                         urlencoded=True)
        self.assertEqual(status, 401)
        self.assertIn('name="receipt"', page)

    def test_followup_reply_with_file(self):
        status, _, page = self.post_form(FIELDS, urlencoded=True)
        receipt = RECEIPT.search(page).group(0)
        tocao_reply_case = self.daemon.post_json("/api/v1/followup", {"receipt": receipt})[2]["case_id"]
        tocao("reply", "--data", self.dir, "--identity",
              os.path.join(self.dir, "dev-secrets", "inspector-TT-96.key"), tocao_reply_case, "Đề nghị ông cung cấp thêm chứng cứ.")
        status, _, page = self.post_form({"receipt": receipt, "lang": "vi"}, path="/followup",
                                         urlencoded=True)
        self.assertIn("Đề nghị ông cung cấp thêm chứng cứ.", page)
        status, _, page = self.post_form({"receipt": receipt, "lang": "vi", "text": "Tôi gửi kèm ảnh."},
                                         [("anh.png", "image/png", b"\x89PNG data")],
                                         path="/followup/messages")
        self.assertEqual(status, 303, page[:300])
        self.assertIn("Tôi gửi kèm ảnh.", page)
        opened = self.open_case(tocao_reply_case, "TT-96")
        self.assertEqual(opened["messages"][-1]["text"], "Tôi gửi kèm ảnh.")
        self.assertEqual(opened["messages"][-1]["attachments"][0]["name"], "anh.png")


if __name__ == "__main__":
    main()
