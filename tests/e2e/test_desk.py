"""The inspectors' desk (`tocao desk`) against the real daemon: its gate (loopback, its own
Host name, a one-time URL token that becomes a SameSite=Strict cookie, a CSRF token on every
POST), the inbox's search without diacritics, files shown only when they are what they claim,
the law's refusals in Vietnamese, and no decrypted byte on any disk."""
import http.client
import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse
import uuid

from harness import TOCAO, Daemon, InstanceTest, main, sample_report, today_vn

PLANTED = "DESK-PLANTED-OKAPI-4417"
# A 1x1 PNG: the only kind of bytes (with JPEG, GIF, WebP and PDF) the desk shows inline.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def multipart(parts):
    boundary = "tocao" + uuid.uuid4().hex
    out = b""
    for name, filename, ctype, data in parts:
        disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{boundary}\r\nContent-Disposition: {disp}\r\n".encode()
        if ctype:
            out += f"Content-Type: {ctype}\r\n".encode()
        out += b"\r\n" + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class DeskTest(InstanceTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        report = sample_report(summary="Thu tiền sai quy định khi cấp sổ đỏ",
                               details="Chi tiết: " + PLANTED)
        body, ctype = multipart([
            ("report", None, "application/json", json.dumps(report).encode()),
            ("file", "hóa đơn.png", "image/png", PNG),
            ("file", "trang.html", "text/html", b"<script>alert('" + PLANTED.encode() + b"')</script>"),
            ("file", "gia.png", "image/png", b"<svg onload=alert(1)>not a png</svg>")])
        status, _, data = cls.daemon.request("POST", "/api/v1/reports", body,
                                             {"Content-Type": ctype})
        assert status == 201, data
        cls.case = json.loads(data)["case_id"]
        status, _, doc = cls.daemon.post_json(
            "/api/v1/reports", sample_report(identity="confidential", summary="Bảo mật"))
        assert status == 201, doc
        cls.confidential = doc["case_id"]
        cls.home = tempfile.mkdtemp(prefix="tocao-desk-home-")
        sec = os.path.join(cls.dir, "dev-secrets")
        env = dict(os.environ, HOME=cls.home, TMPDIR=cls.home, XDG_CONFIG_HOME=cls.home)
        cls.desk = subprocess.Popen(
            [TOCAO, "desk", "--no-browser", "--listen", "127.0.0.1:0",
             "--server", f"https://127.0.0.1:{cls.daemon.port}",
             "--cacert", os.path.join(cls.dir, "tls", "cert.pem"),
             "--identity", os.path.join(sec, "inspector-TT-96.key"),
             "--unit-key", os.path.join(sec, "TT-96.key"), "--directory", cls.dir],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cls.home, env=env)
        cls.url = cls.desk.stdout.readline().strip()
        m = re.match(r"http://127\.0\.0\.1:(\d+)/open\?token=([0-9a-f]{64})$", cls.url)
        assert m, cls.url + cls.desk.stderr.read()
        cls.port, cls.token = int(m.group(1)), m.group(2)
        status, hdrs, _ = cls.get(f"/open?token={cls.token}", cookie=False)
        assert status == 303, status
        cls.set_cookie = hdrs["set-cookie"]
        cls.cookie = cls.set_cookie.split(";")[0]

    @classmethod
    def tearDownClass(cls):
        cls.desk.terminate()
        rc = cls.desk.wait(30)
        err = cls.desk.stderr.read()
        shutil.rmtree(cls.home, ignore_errors=True)
        super().tearDownClass()
        # SIGTERM is a clean stop; under the sanitizers a leak or an error would not be.
        if rc != 0:
            raise AssertionError(f"tocao desk exited {rc}: {err}")

    @classmethod
    def get(cls, path, cookie=True, host=None, headers=None, method="GET", body=None):
        c = http.client.HTTPConnection("127.0.0.1", cls.port, timeout=60)
        h = dict(headers or {})
        if host:
            h["Host"] = host
        if cookie:
            h["Cookie"] = cls.cookie
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data

    def post(self, path, fields, csrf=True, headers=None):
        if csrf:
            _, _, page = self.get(f"/case/{self.case}")
            fields = dict(fields, csrf=re.search(rb'name="csrf" value="([0-9a-f]+)"',
                                                 page).group(1).decode())
        body = "&".join(f"{k}={v}" for k, v in fields.items())
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.get(path, method="POST", body=body.encode(), headers=h)

    def timeline(self, case):
        _, _, page = self.get(f"/case/{case}")
        return page.decode()

    # ---- the gate ----

    def test_cookie_is_strict_and_http_only(self):
        self.assertIn("SameSite=Strict", self.set_cookie)
        self.assertIn("HttpOnly", self.set_cookie)

    def test_token_opens_once(self):
        status, _, body = self.get(f"/open?token={self.token}", cookie=False)
        self.assertEqual(status, 403)
        self.assertNotIn(self.case.encode(), body)
        status, _, _ = self.get("/open?token=" + "0" * 64, cookie=False)
        self.assertEqual(status, 403)

    def test_no_cookie_no_page(self):
        for path in ("/", f"/case/{self.case}", f"/case/{self.case}/file/0", "/transfers"):
            status, _, body = self.get(path, cookie=False)
            self.assertEqual(status, 403, path)
            self.assertNotIn(self.case.encode(), body)
            self.assertNotIn(PLANTED.encode(), body)
        status, _, _ = self.get("/", cookie=False, headers={"Cookie": "tocao_desk=" + "a" * 64})
        self.assertEqual(status, 403)

    def test_other_host_refused(self):
        """DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends its own Host."""
        for host in (f"evil.example:{self.port}", "127.0.0.1", f"127.0.0.1:{self.port + 1}"):
            status, _, body = self.get("/", host=host)
            self.assertEqual(status, 421, host)
            self.assertNotIn(self.case.encode(), body)
        self.assertEqual(self.get("/", host=f"localhost:{self.port}")[0], 200)

    def test_post_needs_csrf_and_same_origin(self):
        before = self.timeline(self.case).count("Ghi chú nội bộ —")
        status, _, _ = self.post(f"/case/{self.case}/note", {"text": "khong-csrf"}, csrf=False)
        self.assertEqual(status, 403)
        status, _, _ = self.post(f"/case/{self.case}/note", {"text": "sai-csrf", "csrf": "0" * 64},
                                 csrf=False)
        self.assertEqual(status, 403)
        status, _, _ = self.post(f"/case/{self.case}/note", {"text": "origin-la"},
                                 headers={"Origin": "http://evil.example"})
        self.assertEqual(status, 403)
        status, _, _ = self.post(f"/case/{self.case}/note", {"text": "cross-site"},
                                 headers={"Sec-Fetch-Site": "cross-site"})
        self.assertEqual(status, 403)
        page = self.timeline(self.case)
        for text in ("khong-csrf", "sai-csrf", "origin-la", "cross-site"):
            self.assertNotIn(text, page)
        self.assertEqual(page.count("Ghi chú nội bộ —"), before)
        status, hdrs, _ = self.post(f"/case/{self.case}/note", {"text": "ghi-chu-hop-le"},
                                    headers={"Origin": f"http://127.0.0.1:{self.port}"})
        self.assertEqual(status, 303)
        self.assertEqual(hdrs["location"], f"/case/{self.case}?done=note")
        self.assertIn("ghi-chu-hop-le", self.timeline(self.case))

    def test_pages_forbid_scripts_and_framing(self):
        _, hdrs, _ = self.get("/")
        self.assertIn("default-src 'none'", hdrs["content-security-policy"])
        self.assertIn("frame-ancestors 'none'", hdrs["content-security-policy"])
        self.assertEqual(hdrs["cache-control"], "no-store")
        self.assertEqual(hdrs["x-frame-options"], "DENY")

    def test_listen_only_on_loopback(self):
        p = subprocess.run([TOCAO, "desk", "--no-browser", "--listen", "0.0.0.0:0",
                            "--server", "https://127.0.0.1:1", "--identity", "x", "--unit-key", "y"],
                           capture_output=True, text=True, timeout=60)
        self.assertNotEqual(p.returncode, 0)

    # ---- the work ----

    def test_inbox_search_without_diacritics(self):
        status, _, page = self.get("/?q=cap+so+do")
        self.assertEqual(status, 200)
        self.assertIn(self.case.encode(), page)
        self.assertNotIn(self.confidential.encode(), page)
        _, _, page = self.get("/?q=" + PLANTED.lower())
        self.assertIn(self.case.encode(), page)
        _, _, page = self.get("/?q=khong+co+tu+nay")
        self.assertIn("Không có hồ sơ nào phù hợp".encode(), page)

    def test_bad_filter_is_a_readable_400(self):
        status, _, page = self.get("/?status=bogus")
        self.assertEqual(status, 400)
        self.assertIn("Trạng thái".encode(), page)
        status, _, _ = self.get("/?status=received&status=accepted")
        self.assertEqual(status, 400)
        self.assertEqual(self.get("/?page=0")[0], 400)

    def test_case_page_opens_here(self):
        page = self.timeline(self.case)
        self.assertIn(PLANTED, page)
        self.assertIn("Luật Tố cáo 2018, Điều 24(1)", page)  # the deadline's article
        self.assertIn("hóa đơn.png", page)
        self.assertNotIn("<script>alert", page)

    def test_files_inline_only_when_they_are_what_they_claim(self):
        status, hdrs, data = self.get(f"/case/{self.case}/file/0/view")
        self.assertEqual((status, hdrs["content-type"], data), (200, "image/png", PNG))
        self.assertIn("sandbox", hdrs["content-security-policy"])
        self.assertTrue(hdrs["content-disposition"].startswith("inline"))
        for n in (1, 2):  # HTML; an SVG that calls itself a PNG
            status, hdrs, data = self.get(f"/case/{self.case}/file/{n}/view")
            self.assertEqual(status, 200)
            self.assertEqual(hdrs["content-type"], "application/octet-stream")
            self.assertTrue(hdrs["content-disposition"].startswith("attachment"))
            self.assertEqual(hdrs["x-content-type-options"], "nosniff")
        self.assertEqual(self.get(f"/case/{self.case}/file/9")[0], 404)
        self.assertEqual(self.get(f"/case/{self.case}/file/01x")[0], 404)

    def test_documents_and_casefile(self):
        """Issue 15: the Văn bản box, a refusal naming what is missing, the case file, 'sent'."""
        import hashlib
        page = self.timeline(self.case)
        self.assertIn("Văn bản", page)
        self.assertIn(f"/case/{self.case}/casefile", page)
        status, _, body = self.get(f"/case/{self.case}/doc/conclusion-notice")
        self.assertEqual(status, 409)
        self.assertIn("settle", body.decode())
        status, hdrs, body = self.get(f"/case/{self.case}/casefile")
        self.assertEqual(status, 200)
        text = body.decode()
        self.assertIn("Hồ sơ giải quyết tố cáo", text)
        self.assertIn(hashlib.sha256(PNG).hexdigest(), text)
        self.assertNotIn("<script>alert", text)
        self.assertNotIn("script-src", hdrs["content-security-policy"])
        self.assertEqual(self.get("/static/paper.css")[0], 200)
        # The case's audit entries in its file: the reads of this very test among them.
        self.assertIn("VII. Nhật ký kiểm toán", text)
        self.assertIn("Đọc hồ sơ (tải phong bì mã hóa)", text)
        # A notice the case does not owe (not accepted): the daemon's refusal, nothing noted.
        status, _, body = self.post(f"/case/{self.case}/sent",
                                    {"kind": "accept-notice", "number": "15/TB",
                                     "date": today_vn().isoformat(), "channel": "post"})
        self.assertEqual(status, 409, body.decode()[:2000])
        self.assertNotIn("Đã gửi Thông báo", self.timeline(self.case))
        status, _, _ = self.post(f"/case/{self.case}/sent",
                                 {"kind": "accept-notice", "number": "", "date": "x",
                                  "channel": "pigeon"})
        self.assertEqual(status, 422)

    def test_sent_notice_through_the_notices_call(self):
        """Recording that a notice was sent discharges its deadline; other documents are notes."""
        status, _, doc = self.daemon.post_json("/api/v1/reports", sample_report(summary="Thông báo"))
        self.assertEqual(status, 201, doc)
        case = doc["case_id"]
        status, _, _ = self.post(f"/case/{case}/act", {"action": "accept"})
        self.assertEqual(status, 303)
        sent_form = re.compile(r'<select id="sent-kind" name="kind">(.*?)</select>', re.S)
        page = self.timeline(case)
        options = sent_form.search(page).group(1)
        self.assertIn('value="accept-notice"', options)  # owed: offered, with its deadline
        self.assertIn("thông báo phải gửi, hạn", options)
        self.assertIn('value="accept-decision"', options)  # owes no notice: a note
        _, _, inbox = self.get("/?notices=owed&per=200")
        self.assertIn(f"/case/{case}", inbox.decode())
        today = today_vn()
        status, hdrs, _ = self.post(f"/case/{case}/sent",
                                    {"kind": "accept-notice", "number": "15/TB-TTr",
                                     "date": today.isoformat(), "channel": "post"})
        self.assertEqual(status, 303)
        self.assertTrue(hdrs["location"].endswith("?done=notice"), hdrs["location"])
        _, _, page = self.get(hdrs["location"])
        page = page.decode()
        self.assertIn("Đã ghi nhận việc gửi thông báo", page)
        self.assertIn("Đã gửi thông báo: Thông báo việc thụ lý", page)  # the timeline's event
        self.assertNotIn('value="accept-notice"', sent_form.search(page).group(1))
        self.assertRegex(page, r"Thông báo việc thụ lý cho người tố cáo, khiếu nại — hạn [^<]*: đã gửi")
        _, _, inbox = self.get("/?notices=owed&per=200")
        self.assertNotIn(f"/case/{case}", inbox.decode())
        # Twice: the daemon says it is recorded already.
        status, _, _ = self.post(f"/case/{case}/sent",
                                 {"kind": "accept-notice", "number": "15/TB-TTr",
                                  "date": today.isoformat(), "channel": "post"})
        self.assertEqual(status, 409)
        # A document that discharges no notice: a note, its number whole ("QĐ" is not ASCII).
        status, _, _ = self.post(f"/case/{case}/sent",
                                 {"kind": "accept-decision",
                                  "number": urllib.parse.quote("12/QĐ-TTr"),
                                  "date": today.isoformat(), "channel": "hand"})
        self.assertEqual(status, 303)
        self.assertIn("Đã gửi Quyết định thụ lý tố cáo số 12/QĐ-TTr ngày "
                      + today.strftime("%d/%m/%Y") + " qua trực tiếp.", self.timeline(case))
        # An unknown filter value is refused like the others.
        self.assertEqual(self.get("/?notices=maybe")[0], 400)

    def test_decline_notice_reason_from_the_decline_note(self):
        status, _, doc = self.daemon.post_json("/api/v1/reports", sample_report(summary="Từ chối"))
        self.assertEqual(status, 201, doc)
        case = doc["case_id"]
        q = urllib.parse.quote
        status, _, body = self.post(f"/case/{case}/act",
                                    {"action": "decline", "ground": "den-29-1-d",
                                     "ground_detail": q("không nêu được người vi phạm")})
        self.assertEqual(status, 303, body.decode()[:3000])
        status, _, page = self.get(f"/case/{case}/doc/decline-notice")
        self.assertEqual(status, 200)
        body = re.search(r'<textarea id="f-body"[^>]*>(.*?)</textarea>', page.decode(), re.S)
        text = body.group(1)
        self.assertIn("cụ thể: Nội dung tố cáo không có cơ sở để xác định người vi phạm, hành vi "
                      "vi phạm pháp luật (Luật Tố cáo 2018 (25/2018/QH14), Điều 29 khoản 1 điểm "
                      "d); không nêu được người vi phạm.", text)
        self.assertNotIn("ghi rõ lý do", text)
        # The form offers the track's grounds by their API names, labels from the domain.
        other = self.daemon.post_json("/api/v1/reports", sample_report(kind="complaint"))[2]
        page = self.get(f"/case/{other['case_id']}")[2].decode()
        self.assertIn('<option value="com-11-6">Thời hiệu, thời hạn khiếu nại đã hết', page)
        self.assertNotIn('value="den-29-1-d"', page)

    def test_refusal_in_vietnamese(self):
        status, _, page = self.post(f"/case/{self.case}/act", {"action": "settle"})
        self.assertEqual(status, 409)
        self.assertIn("Chỉ kết luận được hồ sơ đã thụ lý", page.decode())

    def test_confidential_identity_sealed_until_reveal_with_reason(self):
        page = self.timeline(self.confidential)
        self.assertNotIn("Nguyễn Văn A", page)
        self.assertIn("Lý do mở danh tính", page)
        status, _, _ = self.post(f"/case/{self.confidential}/reveal", {"reason": ""})
        self.assertEqual(status, 422)
        status, _, page = self.post(f"/case/{self.confidential}/reveal",
                                    {"reason": "can-xac-minh-nguoi-to-cao"})
        self.assertEqual(status, 200)
        self.assertIn("Nguyễn Văn A", page.decode())
        page = self.timeline(self.confidential)
        self.assertIn("Mở danh tính người tố cáo", page)        # the timeline's event
        self.assertIn("can-xac-minh-nguoi-to-cao", page)        # the reason, a sealed note
        self.assertNotIn("Nguyễn Văn A", page)                  # sealed again on reload

    def test_y_signs_in_again_after_a_daemon_restart(self):
        """The daemon's sessions die with it: the desk's next call gets 401 and signs in again."""
        port = self.daemon.port
        self.assertEqual(self.daemon.stop(), 0)
        type(self).daemon = Daemon(self.dir, ["--listen", f"127.0.0.1:{port}"])
        status, _, page = self.get(f"/case/{self.case}")
        self.assertEqual(status, 200)
        self.assertIn(PLANTED.encode(), page)

    def test_zz_no_decrypted_byte_on_disk(self):
        """Last (zz): after everything above, no planted text in the instance's files, and
        the desk wrote no file at all in its home, working and temporary directories."""
        self.get("/?q=okapi")
        self.get(f"/case/{self.case}/file/1")
        for root, _, files in os.walk(self.dir):
            if "dev-secrets" in root:
                continue
            for f in files:
                with open(os.path.join(root, f), "rb") as fh:
                    data = fh.read()
                self.assertNotIn(PLANTED.encode(), data, os.path.join(root, f))
                self.assertNotIn("Thu tiền sai quy định khi cấp".encode(), data)
        self.assertEqual(os.listdir(self.home), [])


if __name__ == "__main__":
    main()
