"""Reception entries (tiếp công dân): a report brought on paper, entered in the desk of one unit,
validated by the web form's own rules, sealed on the officer's machine to the competent unit,
registered with POST /api/v1/reception, its deadlines counted from the day the unit received
it; the citizen's slip and receipt open the follow-up like a web report's. And the daemon's
checks of a pre-sealed entry: envelope, key, case id, day, competent unit, session."""
import base64
import datetime
import html
import http.client
import json
import os
import re
import shutil
import subprocess
import tempfile

from harness import TOCAO, main, sample_report, today_vn, tocao
from test_attachments import multipart
from test_form import form_token
from test_inspector_sessions import InspectorBase, b64

import lmdb  # noqa: E402
import tocao_format  # noqa: E402

PLANTED = "RECEPTION-PLANTED-PANGOLIN-5521"
PDF = b"%PDF-1.4\n% " + PLANTED.encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RECEIPT = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){4}")

FIELDS = {
    "kind": "denunciation", "identity": "named",
    "full_name": "Nguyễn Văn A", "address": "12 Lý Thường Kiệt, Cà Mau",
    "phone": "0912 345 678", "email": "", "id_number": "",
    "province": "96", "commune": "32002", "level": "commune",
    "accused_name": "Trần Văn B", "accused_position": "cán bộ địa chính",
    "accused_organisation": "", "category": "land",
    "summary": "Thu tiền sai quy định khi cấp sổ đỏ",
    "details": "Đơn viết tay: cán bộ địa chính yêu cầu nộp thêm tiền. " + PLANTED,
    "occurred_on": "", "complaint_subject": "", "complaint_instance": "first",
    "decision_date": "",
}


def deadlines_from(received):
    """process_by and settle_by of a denunciation received that day, from the legal calendar."""
    out = tocao("deadlines", "--kind", "denunciation", "--received", received.isoformat()).stdout
    return dict(re.findall(r"^(\w+_by)\s+(\d{4}-\d{2}-\d{2})", out, re.M))


class ReceptionTest(InspectorBase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.home = tempfile.mkdtemp(prefix="tocao-reception-home-")
        sec = os.path.join(cls.dir, "dev-secrets")
        env = dict(os.environ, HOME=cls.home, TMPDIR=cls.home, XDG_CONFIG_HOME=cls.home)
        # The officer is TT-01's (Hà Nội); the reports below concern Cà Mau (TT-96).
        cls.desk = subprocess.Popen(
            [TOCAO, "desk", "--no-browser", "--listen", "127.0.0.1:0",
             "--server", f"https://127.0.0.1:{cls.daemon.port}",
             "--cacert", os.path.join(cls.dir, "tls", "cert.pem"),
             "--identity", os.path.join(sec, "inspector-TT-01.key"),
             "--unit-key", os.path.join(sec, "TT-01.key"), "--directory", cls.dir,
             "--public-url", "https://tocao.example.vn/"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cls.home, env=env)
        url = cls.desk.stdout.readline().strip()
        m = re.match(r"http://127\.0\.0\.1:(\d+)/open\?token=([0-9a-f]{64})$", url)
        assert m, url + cls.desk.stderr.read()
        cls.port = int(m.group(1))
        status, hdrs, _ = cls.desk_get(f"/open?token={m.group(2)}", cookie=None)
        assert status == 303, status
        cls.cookie = hdrs["set-cookie"].split(";")[0]

    @classmethod
    def tearDownClass(cls):
        cls.desk.terminate()
        rc = cls.desk.wait(30)
        err = cls.desk.stderr.read()
        shutil.rmtree(cls.home, ignore_errors=True)
        super().tearDownClass()
        if rc != 0:
            raise AssertionError(f"tocao desk exited {rc}: {err}")

    @classmethod
    def desk_get(cls, path, method="GET", body=None, headers=None, cookie=True):
        c = http.client.HTTPConnection("127.0.0.1", cls.port, timeout=120)
        h = dict(headers or {})
        if cookie:
            h["Cookie"] = cls.cookie
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data

    def enter(self, fields, scans=(), csrf=True, form=None):
        """Fill the reception form and send it; form: a page already rendered (sent again)."""
        if form is None:
            status, _, form = self.desk_get("/reception")
            self.assertEqual(status, 200)
        page = form
        token = re.search(rb'name="csrf" value="([0-9a-f]+)"', page).group(1).decode()
        key = re.search(rb'name="entry_key" value="([0-9a-f]{32})"', page).group(1)
        parts = [(k, None, None, v.encode()) for k, v in fields.items()]
        parts.append(("entry_key", None, None, key))
        if csrf:
            parts.append(("csrf", None, None, token.encode()))
        parts += [("scan", n, t, d) for n, t, d in scans]
        body, ctype = multipart(parts)
        status, _, page = self.desk_get("/reception", "POST", body, {"Content-Type": ctype})
        return status, page.decode()

    def export_open(self, case_id, unit):
        exp = tocao("export", "--data", self.dir, case_id).stdout
        key = os.path.join(self.dir, "dev-secrets", unit + ".key")
        return tocao("open", "--key", key, "--json", input=exp, check=False)

    # ---- the desk ----

    def test_entry_sealed_to_the_competent_unit_with_its_day(self):
        received = today_vn() - datetime.timedelta(days=12)
        status, page = self.enter(dict(FIELDS, channel="post", received_on=received.isoformat()),
                                  [("thư.pdf", "application/pdf", PDF)])
        self.assertEqual(status, 200, page[:2000])
        receipt = RECEIPT.search(page).group(0)
        case_id = re.search(r"Mã hồ sơ</dt><dd>([0-9A-Z]{8})<", page).group(1)
        # The slip: unit, day, channel, deadlines with articles, the follow-up address.
        self.assertIn("Thanh tra tỉnh Cà Mau", page)
        self.assertIn(received.strftime("%d/%m/%Y"), page)
        self.assertIn("Qua bưu chính", page)
        self.assertIn("Luật Tố cáo 2018, Điều 24(1)", page)
        self.assertIn("https://tocao.example.vn/followup", page)
        self.assertNotIn(PLANTED, page)

        # Only the competent unit opens it: not the entering unit, nor any other.
        opened = self.export_open(case_id, "TT-96")
        self.assertEqual(opened.returncode, 0, opened.stderr)
        doc = json.loads(opened.stdout)
        body = doc["report"]
        self.assertEqual(doc["identity"]["full_name"], "Nguyễn Văn A")
        self.assertIn(PLANTED, json.dumps(doc, ensure_ascii=False))
        self.assertEqual(body["received_on"], received.isoformat())
        self.assertEqual(body["attachments"][0]["content_type"], "application/pdf")
        for other in ("TT-01", "TT-04"):
            self.assertNotEqual(self.export_open(case_id, other).returncode, 0, other)

        # The competent unit's inspector sees the channel, the day and deadlines counted from it.
        s, sess, _ = self.login("inspector-TT-96")
        s, case = self.get(f"/api/v1/cases/{case_id}", sess["token"])
        self.assertEqual(s, 200, case)
        self.assertEqual(case["channel"], "post")
        self.assertEqual(case["received_by"], "TT-01")
        # The accused's level, as entered, is kept in the record (byte 127, docs/FORMAT.md).
        env = lmdb.open(os.path.join(self.dir, "store"), max_dbs=32, readonly=True, lock=False)
        with env.begin(db=env.open_db(b"cases", create=False)) as txn:
            rec = txn.get(case_id.encode())
        env.close()
        self.assertEqual(rec[127], 2)  # dm_level commune
        self.assertEqual(case["received_on"], received.isoformat())
        self.assertEqual(case["registered_on"], today_vn().isoformat())
        expected = deadlines_from(received)
        self.assertEqual(case["deadlines"]["process_by"], expected["process_by"])
        self.assertNotEqual(case["deadlines"]["process_by"],
                            deadlines_from(today_vn())["process_by"])
        events = {e["event"]: e for e in case["timeline"]}
        self.assertEqual(events["received"]["on"], received.isoformat())
        self.assertEqual((events["reception"]["on"], events["reception"]["detail"]),
                         (today_vn().isoformat(), "post TT-01"))
        # The scan, decrypted with the unit's key on the inspector's side, is the letter.
        out = os.path.join(self.home, "scan.pdf")
        tocao("cases", "attachment", "--server", f"https://127.0.0.1:{self.daemon.port}",
              "--cacert", os.path.join(self.dir, "tls", "cert.pem"),
              "--identity", os.path.join(self.dir, "dev-secrets", "inspector-TT-96.key"),
              "--unit-key", os.path.join(self.dir, "dev-secrets", "TT-96.key"),
              case_id, "0", "--out", out)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), PDF)
        os.unlink(out)
        # The entering unit cannot see the case it registered for another.
        s, sess1, _ = self.login("inspector-TT-01")
        s, _ = self.get(f"/api/v1/cases/{case_id}", sess1["token"])
        self.assertEqual(s, 404)

        # The citizen's receipt opens the follow-up, as a web receipt does.
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": receipt})
        self.assertEqual(s, 200, f)
        self.assertEqual(f["received_on"], received.isoformat())
        s, _, data = self.daemon.request(
            "POST", "/followup", ("receipt=" + receipt).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(s, 200)
        self.assertIn(received.strftime("%d/%m/%Y").encode(), data)

        # Nothing readable on the server's disk.
        for root, _, files in os.walk(self.dir):
            for name in files:
                with open(os.path.join(root, name), "rb") as fh:
                    self.assertNotIn(PLANTED.encode(), fh.read(), name)

    def web_errors(self, fields):
        # the citizen's form takes a one-time token from its page since its post/redirect/get
        # and the citizen's own undertaking of truth (a paper letter is signed instead)
        fields = dict(fields, lang="vi", form_token=form_token(self.daemon), undertaking="yes")
        parts = [(k, None, None, v.encode()) for k, v in fields.items()]
        body, ctype = multipart(parts)
        status, _, data = self.daemon.request("POST", "/reports", body, {"Content-Type": ctype})
        self.assertEqual(status, 422)
        return dict(re.findall(r'id="err-([a-z_]+)">([^<]*)<', data.decode()))

    def test_invalid_fields_get_the_web_forms_errors(self):
        bad = dict(FIELDS, summary="abc", commune="00004", accused_name="",
                   accused_position="", phone="12ab", email="a@b")
        web = self.web_errors(bad)
        status, page = self.enter(dict(bad, channel="in_person",
                                       received_on=today_vn().isoformat()))
        self.assertEqual(status, 422)
        desk = dict(re.findall(r'id="err-([a-z_]+)">([^<]*)<', page))
        self.assertGreaterEqual(len(web), 4, web)
        for field, message in web.items():
            self.assertEqual(html.unescape(desk.get(field, "")), html.unescape(message), field)
        # An anonymous complaint, as on the web.
        status, page = self.enter(dict(FIELDS, kind="complaint", identity="anonymous",
                                       channel="in_person", received_on=today_vn().isoformat()))
        self.assertEqual(status, 422)
        self.assertIn("kiến nghị", page)

    def test_reception_rules_in_the_desk(self):
        tomorrow = (today_vn() + datetime.timedelta(days=1)).isoformat()
        status, page = self.enter(dict(FIELDS, channel="in_person", received_on=tomorrow))
        self.assertEqual(status, 422)
        self.assertIn('id="err-received_on"', page)
        old = (today_vn() - datetime.timedelta(days=31)).isoformat()
        status, page = self.enter(dict(FIELDS, channel="in_person", received_on=old))
        self.assertIn("30", re.search(r'id="err-received_on">([^<]*)<', page).group(1))
        # By post there is a letter: its scan is required, and it must be a PDF, JPEG or PNG.
        today = today_vn().isoformat()
        status, page = self.enter(dict(FIELDS, channel="post", received_on=today))
        self.assertIn('id="err-scan"', page)
        status, page = self.enter(dict(FIELDS, channel="post", received_on=today),
                                  [("x.pdf", "application/pdf", b"<html>not a pdf</html>")])
        self.assertIn('id="err-scan"', page)
        # Without the CSRF token nothing is registered.
        status, page = self.enter(dict(FIELDS, channel="in_person", received_on=today),
                                  csrf=False)
        self.assertEqual(status, 403)

    def count_cases(self, unit):
        tok = self.login("inspector-" + unit)[1]["token"]
        n, cursor = 0, None
        while True:
            s, page = self.get("/api/v1/cases?limit=500" + (f"&cursor={cursor}" if cursor else ""),
                               tok)
            self.assertEqual(s, 200, page)
            n += len(page["cases"])
            cursor = page.get("next_cursor")
            if not cursor:
                return n

    def test_same_form_sent_twice_makes_one_case(self):
        """A reload of the POST, a second click, or a retry after a lost answer: one case."""
        before = self.count_cases("TT-96")
        status, _, form = self.desk_get("/reception")
        self.assertEqual(status, 200)
        fields = dict(FIELDS, channel="in_person", received_on=today_vn().isoformat())
        s1, page1 = self.enter(fields, form=form)
        s2, page2 = self.enter(fields, form=form)  # the same rendered form (same key) again
        self.assertEqual((s1, s2), (200, 200), page2[:2000])
        ids = [re.search(r"Mã hồ sơ</dt><dd>([0-9A-Z]{8})<", p).group(1) for p in (page1, page2)]
        receipts = [RECEIPT.search(p).group(0) for p in (page1, page2)]
        self.assertEqual(ids[0], ids[1])
        self.assertEqual(receipts[0], receipts[1])  # the first slip again, receipt and all
        self.assertEqual(self.count_cases("TT-96"), before + 1)
        # A new form is a new key: a second entry of the same letter is a second case.
        s3, page3 = self.enter(fields)
        self.assertEqual(s3, 200)
        self.assertNotIn(ids[0], page3)
        self.assertEqual(self.count_cases("TT-96"), before + 2)

    # ---- the daemon, directly ----

    def test_idempotency_key(self):
        tok = self.login("inspector-TT-04")[1]["token"]
        key = "reception-retry-0123456789abcdef"
        h = {"Authorization": "Bearer " + tok, "Idempotency-Key": key}
        s, _, first = self.daemon.post_json("/api/v1/reception", self.entry(case_id="BBBBBBB1"), h)
        self.assertEqual(s, 201, first)
        # Sealed again (a new case id and envelope), the same entry: the first answer again.
        s, _, again = self.daemon.post_json("/api/v1/reception", self.entry(case_id="BBBBBBB2"), h)
        self.assertEqual(s, 201, again)
        self.assertEqual((again["case_id"], again["receipt"], again["channel"], again["received_by"]),
                         ("BBBBBBB1", first["receipt"], "in_person", "TT-04"))
        # The key reused for another entry: 422, nothing made.
        s, _, p = self.daemon.post_json("/api/v1/reception",
                                        self.entry(case_id="BBBBBBB3", channel="post"), h)
        self.assertEqual(s, 422, p)
        # A bad key: 400 naming the header.
        s, _, p = self.daemon.post_json("/api/v1/reception", self.entry(case_id="BBBBBBB4"),
                                        dict(h, **{"Idempotency-Key": "short"}))
        self.assertEqual(s, 400, p)
        self.assertEqual(p["errors"][0]["field"], "Idempotency-Key")
        # Another unit's officer with the same key: its own entry, its own case.
        tok5 = self.login("inspector-TT-08")[1]["token"]
        s, _, other = self.daemon.post_json(
            "/api/v1/reception", self.entry(case_id="BBBBBBB5"),
            {"Authorization": "Bearer " + tok5, "Idempotency-Key": key})
        self.assertEqual((s, other["case_id"]), (201, "BBBBBBB5"), other)
        tok96 = self.login("inspector-TT-96")[1]["token"]
        for cid in ("BBBBBBB2", "BBBBBBB3", "BBBBBBB4"):
            self.assertEqual(self.get(f"/api/v1/cases/{cid}", tok96)[0], 404, cid)
        self.assertEqual(self.get("/api/v1/cases/BBBBBBB1", tok96)[0], 200)


    def entry(self, case_id=None, unit="TT-96", seal_unit="TT-96", env_case=None,
              received=None, **over):
        case_id = case_id or "7KQ2M9XD"
        _, pk = tocao_format.load_unit_pub(os.path.join(self.dir, "units", seal_unit + ".pub"))
        body = json.dumps({"v": 1, "summary": "sealed elsewhere"}).encode()
        env = tocao_format.seal_envelope(env_case or case_id, seal_unit, pk, body,
                                         identity=b'{"full_name":"X"}')
        doc = {"case_id": case_id, "envelope": b64(env), "attachments": [],
               "kind": "denunciation", "identity": "named", "category": "land",
               "province": "96", "commune": "32002", "level": "commune", "unit": unit,
               "channel": "in_person",
               "received_on": (received or today_vn()).isoformat()}
        doc.update(over)
        return doc

    def post(self, doc, token):
        h = {"Authorization": "Bearer " + token} if token else {}
        return self.daemon.post_json("/api/v1/reception", doc, h)

    def test_daemon_checks_what_it_can_without_the_content(self):
        s, sess, _ = self.login("inspector-TT-04")
        tok = sess["token"]
        s, _, doc = self.post(self.entry(case_id="AAAAAAA1"), tok)
        self.assertEqual(s, 201, doc)
        self.assertEqual(doc["channel"], "in_person")
        self.assertEqual(doc["received_by"], "TT-04")
        self.assertTrue(RECEIPT.fullmatch(doc["receipt"]))
        refusals = [
            (self.entry(case_id="AAAAAAA2", envelope=b64(b"TOCAO garbage")), "envelope"),
            (self.entry(case_id="AAAAAAA3", seal_unit="TT-01"), "envelope"),
            (self.entry(case_id="AAAAAAA4", env_case="AAAAAAA9"), "envelope"),
            (self.entry(case_id="AAAAAAA5", received=today_vn() + datetime.timedelta(days=1)),
             "received_on"),
            (self.entry(case_id="AAAAAAA6", received=today_vn() - datetime.timedelta(days=31)),
             "received_on"),
            (self.entry(case_id="AAAAAAA7", unit="TT-01", seal_unit="TT-01"), "unit"),
            (self.entry(case_id="AAAAAAA8", identity="anonymous"), "envelope"),
            (self.entry(case_id="AAAAAAAB", channel="web"), "channel"),
            (self.entry(case_id="AAAAAAAC", received_by="TT-96"), ""),
        ]
        for body, field in refusals:
            s, _, p = self.post(body, tok)
            self.assertEqual(s, 422, (field, p))
            self.assertEqual(p["errors"][0]["field"], field, p)
        # The same case id again: a conflict, nothing overwritten.
        s, _, p = self.post(self.entry(case_id="AAAAAAA1"), tok)
        self.assertEqual(s, 409, p)
        # No session, or a monitor's: refused before the body is read.
        self.assertEqual(self.post(self.entry(case_id="AAAAAAAD"), None)[0], 401)
        # Nothing of the refused ones was stored: their ids are unknown to the unit.
        s, sess96, _ = self.login("inspector-TT-96")
        for cid in ("AAAAAAA2", "AAAAAAA5", "AAAAAAA7"):
            self.assertEqual(self.get(f"/api/v1/cases/{cid}", sess96["token"])[0], 404)
        s, case = self.get("/api/v1/cases/AAAAAAA1", sess96["token"])
        self.assertEqual((s, case["channel"]), (200, "in_person"))


if __name__ == "__main__":
    main()
