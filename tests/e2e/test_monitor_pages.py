"""Monitors' pages: sign-in without JavaScript, dashboard with SVG charts, overdue list,
filters, CSV and .xlsx downloads, printable report; anonymity, province scope, cookie rules."""
import csv
import datetime
import io
import json
import os
import re
import struct
import urllib.parse

import lmdb
import openpyxl  # Debian's python3-openpyxl: an independent reader of the .xlsx files
from nacl.signing import SigningKey

from harness import main, sample_report, today_vn, tocao
from test_inspector_sessions import InspectorBase

PLANTED = ["PAGES-PLANTED-NAME-5521", "PAGES-PLANTED-TEXT-9034", "Bà Bí Mật Chín"]
NONE = 0x80000000


def day_number(d):
    return (d - datetime.date(1970, 1, 1)).days


def make_overdue(store_dir, case_ids, days_ago):
    """Move the watched (process_by) deadline of received cases into the past, keeping
    the record and the deadline index in step, as if they had been received long ago."""
    env = lmdb.open(store_dir, max_dbs=32, map_size=1 << 30)
    cases, by_due = env.open_db(b"cases"), env.open_db(b"by_due")
    due = day_number(today_vn()) - days_ago
    with env.begin(write=True) as txn:
        for cid in case_ids:
            rec = bytearray(txn.get(cid.encode(), db=cases))
            old = struct.unpack(">I", rec[76:80])[0]
            txn.delete(struct.pack(">I", old ^ NONE) + cid.encode(), db=by_due)
            rec[56:60] = struct.pack(">i", due)
            rec[76:80] = struct.pack(">i", due)
            txn.put(cid.encode(), bytes(rec), db=cases)
            txn.put(struct.pack(">I", (due & 0xFFFFFFFF) ^ NONE) + cid.encode(), b"", db=by_due)
    env.close()


class MonitorPagesTest(InspectorBase):
    conf = {"sweep_interval_s": "1"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        t = cls()
        t.populate()

    def populate(self):
        cls = type(self)
        # A provincial monitor for Cà Mau (96).
        cls.prov_key = SigningKey.generate()
        with open(os.path.join(self.dir, "principals", "monitor-96.pub"), "w") as f:
            f.write("tocao-signer-public-key 1\nrole: monitor\nscope: 96\npublic: %s\n"
                    % bytes(cls.prov_key.verify_key).hex())
        r = lambda **o: sample_report(
            reporter={"full_name": PLANTED[2], "address": "Số 1 " + PLANTED[0]},
            details="Nội dung " + PLANTED[1] + " đủ dài.", **o)
        self.restart()
        cls.den96 = [self.submit(r())[2]["case_id"] for _ in range(6)]
        cls.pet96 = [self.submit(r(kind="petition"))[2]["case_id"] for _ in range(3)]
        cls.com01 = [self.submit(r(kind="complaint", jurisdiction={"province": "01"}))[2]["case_id"]
                     for _ in range(4)]
        cls.one79 = [self.submit(r(jurisdiction={"province": "79"}))[2]["case_id"]]
        tok = self.login("inspector-TT-96")[1]["token"]
        h = {"Authorization": "Bearer " + tok}
        for cid in cls.den96[:4]:
            s, _, doc = self.daemon.post_json(f"/api/v1/cases/{cid}/actions", {"action": "accept"}, h)
            assert s == 200, doc
        for cid in cls.den96[:3]:
            s, _, doc = self.daemon.post_json(f"/api/v1/cases/{cid}/actions", {"action": "settle"}, h)
            assert s == 200, doc
        # Three cases 12 days past their deadline: two in Hà Nội, one in Cà Mau.
        self.daemon.stop()
        make_overdue(os.path.join(self.dir, "store"), cls.com01[:2] + cls.pet96[:1], 12)
        tocao("verify", "--data", self.dir)
        self.restart()
        # The sweep runs every second here: wait until it has flagged the three (the
        # monitors' figures are rounded: read the flag, byte 28 of the record, instead).
        import time
        cls.overdue = cls.com01[:2] + cls.pet96[:1]
        for _ in range(150):
            env = lmdb.open(os.path.join(self.dir, "store"), max_dbs=32, readonly=True, lock=False)
            with env.begin(db=env.open_db(b"cases", create=False)) as txn:
                flags = [struct.unpack(">I", txn.get(c.encode())[28:32])[0] for c in cls.overdue]
            env.close()
            if all(f & 16 for f in flags):
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the sweep did not flag the overdue cases")

    def restart(self):
        if self.daemon.proc.poll() is None:
            self.daemon.stop()
        type(self).daemon = type(self.daemon)(self.dir)

    # -- helpers --

    def page(self, path, cookie=None, method="GET", body=None, headers=None):
        h = dict(headers or {})
        if cookie:
            h["Cookie"] = "tocao_monitor=" + cookie
        if body is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(body).encode()
        s, hdrs, data = self.daemon.request(method, path, body=body, headers=h)
        return s, hdrs, data.decode("utf-8")

    def signin_cli(self):
        p = tocao("signin", "--server", f"https://127.0.0.1:{self.daemon.port}", "--cacert",
                  os.path.join(self.dir, "tls", "cert.pem"), "--identity",
                  os.path.join(self.dir, "dev-secrets", "monitor.key"))
        code = p.stdout.strip()
        self.assertRegex(code, r"^[A-Za-z0-9+/]{43}=$")
        return code

    def signin(self, code):
        s, h, body = self.page("/monitor/session", method="POST", body={"code": code})
        return s, h, body

    def csv_table(self, name, cookie, query=""):
        s, h, body = self.page(f"/monitor/table.csv?table={name}{query}", cookie)
        self.assertEqual(s, 200, body[:300])
        self.assertTrue(h["content-type"].startswith("text/csv"))
        self.assertIn("attachment", h["content-disposition"])
        self.assertTrue(body.startswith("\ufeff"))
        return list(csv.reader(io.StringIO(body[1:])))

    def near(self, published, true):
        """A published count (SECURITY.md "Disclosure control"): a multiple of 5 within 4."""
        self.assertEqual(int(published) % 5, 0, published)
        self.assertLess(abs(int(published) - true), 5, (published, true))

    def assert_anonymous(self, text):
        for p in PLANTED:
            self.assertNotIn(p, text)
        self.assertNotIn("<script", text.lower())
        self.assertNotRegex(text, r"\d\d:\d\d:\d\d")  # no times of day

    # -- tests --

    def test_signin_with_cli_code_sets_strict_cookie(self):
        s, _, body = self.page("/monitor")
        self.assertEqual(s, 401)
        self.assertIn('action="/monitor/session"', body)
        self.assertIn("tocao signin", body)
        code = self.signin_cli()
        s, h, _ = self.signin(code)
        self.assertEqual(s, 303)
        self.assertEqual(h["location"], "/monitor")
        cookie = h["set-cookie"]
        for attr in ("Path=/monitor", "Secure", "HttpOnly", "SameSite=Strict",
                     "Max-Age=%d" % (7200 + 43200)):  # 2-hour sessions, by default
            self.assertIn(attr, cookie)
        self.assertEqual(cookie.split(";")[0], "tocao_monitor=" + code)
        s, _, body = self.page("/monitor", code)
        self.assertEqual(s, 200)
        self.assertIn("<svg", body)

    def test_signin_refusals(self):
        # An inspector's session is not a monitor's.
        tok = self.login("inspector-TT-96")[1]["token"]
        s, h, body = self.signin(tok)
        self.assertEqual(s, 401)
        self.assertNotIn("set-cookie", h)
        s, _, _ = self.page("/monitor", tok)
        self.assertEqual(s, 401)
        # Garbage, and a well-formed but unknown code.
        self.assertEqual(self.signin("not a code")[0], 401)
        self.assertEqual(self.signin("A" * 43 + "=")[0], 401)
        # A sign-in posted from another site is refused even with a good code.
        code = self.signin_cli()
        s, h, _ = self.page("/monitor/session", method="POST", body={"code": code},
                            headers={"Origin": "https://evil.example"})
        self.assertEqual(s, 400)
        self.assertNotIn("set-cookie", h)
        s, h, _ = self.page("/monitor/session", method="POST", body={"code": code},
                            headers={"Sec-Fetch-Site": "cross-site", "Origin": "null"})
        self.assertEqual(s, 400)
        self.assertNotIn("set-cookie", h)
        # What a browser sends from our own form (Chromium: a null Origin under no-referrer).
        s, h, _ = self.page("/monitor/session", method="POST", body={"code": code},
                            headers={"Sec-Fetch-Site": "same-origin", "Origin": "null"})
        self.assertEqual(s, 303)

    def test_dashboard_figures_charts_and_anonymity(self):
        code = self.signin_cli()
        s, h, body = self.page("/monitor", code)
        self.assertEqual(s, 200)
        self.assertIn("text/html", h["content-type"])
        self.assertIn("default-src 'none'", h["content-security-policy"])
        self.assertNotIn("unsafe-inline", h["content-security-policy"])
        self.assert_anonymous(body)
        # Three charts, each with a title and a description.
        self.assertEqual(body.count("<svg"), 3)
        self.assertIn('aria-labelledby="trend-t trend-d"', body)
        self.assertIn('aria-labelledby="rates-t rates-d"', body)
        self.assertIn('aria-labelledby="periods-t periods-d"', body)
        # Cà Mau settled 3 of 3 on time: too few for a rate (10 or more settled).
        self.assertNotIn("100.0%", body)
        self.assertIn("chưa đủ số liệu", body)  # "too few to show"
        # The overdue list: counts by unit and days overdue, no case's row or id.
        for cid in self.overdue:
            self.assertNotIn(cid, body)
        section = re.search(r'<section class="table" id="overdue">.*?</section>', body, re.S).group(0)
        rows = re.findall(r'<tr><th scope="row">([^<]+)</th>((?:<td class="num">\d+</td>){4})</tr>',
                          section)
        tiles = re.findall(r'<span class="value">([^<]+)</span>', body)
        self.assertEqual(sum(int(re.findall(r"\d+", r[1])[0]) for r in rows), int(tiles[-1]))
        for _, cells in rows:
            n = [int(x) for x in re.findall(r"\d+", cells)]
            self.assertEqual(n[0], n[1])  # all 12 days late: the 1-30 band
        # Each table is downloadable.
        for t in ("overdue", "provinces", "periods", "tracks", "categories", "status"):
            self.assertIn(f"/monitor/table.csv?table={t}&amp;from=", body)
            self.assertIn(f"/monitor/table.xlsx?table={t}&amp;from=", body)

    def test_csv_tables_match_the_cases(self):
        code = self.signin_cli()
        prov = {r[0]: r[1:] for r in self.csv_table("provinces", code)[1:]}
        self.assertEqual(len(prov), 34)
        # Received, Accepted, Settled, On time, On-time rate, Transferred, Open now, Overdue now,
        # published (rounded to multiples of 5); no rate over fewer than 10 settled.
        for name, true in (("Cà Mau", [9, 4, 3, 3, None, 0, 6, 1]),
                           ("Hà Nội", [4, 0, 0, 0, None, 0, 4, 2]),
                           ("Hồ Chí Minh", [1, 0, 0, 0, None, 0, 1, 0])):
            for got, want in zip(prov[name], true):
                if want is None:
                    self.assertEqual(got, "")
                else:
                    self.near(got, want)
        self.assertEqual(prov["Đà Nẵng"], ["0"] * 4 + ["", "0", "0", "0"])
        tracks = {r[0]: r[1:] for r in self.csv_table("tracks", code, "&lang=en")[1:]}
        self.near(tracks["Denunciations"][0], 7)
        self.near(tracks["Denunciations"][1], 3)
        self.near(tracks["Complaints"][0], 4)
        self.near(tracks["Petitions"][0], 3)
        status = {r[0]: r[1] for r in self.csv_table("status", code, "&lang=en")[1:]}
        self.near(status["Received"], 10)
        self.near(status["Accepted"], 1)
        self.near(status["Settled"], 3)
        over = self.csv_table("overdue", code, "&lang=en")
        self.assertEqual(over[0], ["Unit", "Overdue now", "1–30 days overdue", "31–90 days overdue",
                                   "Over 90 days overdue"])
        for r in over[1:]:
            self.assertEqual(r[1], r[2])  # 12 days late: all in the first band
            self.assertEqual(r[3:], ["0", "0"])
        # The same under a filter on track, category and both (their own counters, schema 6):
        # only the filter's overdue cases, all in the first band.
        for q in ("&track=complaint", "&category=corruption", "&track=petition&category=corruption",
                  "&track=denunciation"):
            over = self.csv_table("overdue", code, "&lang=en" + q)
            for r in over[1:]:
                self.assertEqual(r[1], r[2], q)
                self.assertEqual(r[3:], ["0", "0"], q)
            if q == "&track=denunciation":  # none of the overdue cases is a denunciation
                self.assertEqual(over[1:], [], q)
        total = sum(int(r[0]) for r in prov.values())
        periods = self.csv_table("periods", code)
        self.assertEqual(sum(int(r[1]) for r in periods[1:]), total)
        self.near(total, 14)
        # Filters narrow the figures: complaints only, then a period before any case.
        prov = {r[0]: r[1:] for r in self.csv_table("provinces", code, "&track=complaint")[1:]}
        self.assertEqual(prov["Cà Mau"][0], "0")
        self.near(prov["Hà Nội"][0], 4)
        prov = {r[0]: r[1:] for r in self.csv_table(
            "provinces", code, "&from=2020-01-01&to=2020-12-31")[1:]}
        self.assertEqual(prov["Cà Mau"][0], "0")
        for name in ("provinces", "periods", "tracks", "categories", "status", "overdue"):
            s, _, body = self.page(f"/monitor/table.csv?table={name}", code)
            self.assert_anonymous(body)

    def xlsx_table(self, name, cookie, query=""):
        """The table as a spreadsheet, read by openpyxl: rows of cell values."""
        s, h, data = self.daemon.request("GET", f"/monitor/table.xlsx?table={name}{query}",
                                         headers={"Cookie": "tocao_monitor=" + cookie})
        self.assertEqual(s, 200, data[:300])
        self.assertEqual(h["content-type"],
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertRegex(h["content-disposition"],
                         rf'^attachment; filename="tocao-{name}-national-[0-9-]+-[0-9-]+\.xlsx"$')
        book = openpyxl.load_workbook(io.BytesIO(data))
        self.assertEqual(book.sheetnames, [name])
        sheet = book[name]
        self.assertTrue(sheet["A1"].font.b)  # the header row is bold
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        for r in rows[1:]:  # rates are numbers shown as percentages
            for cell in sheet[rows.index(r) + 1]:
                if isinstance(cell.value, float):
                    self.assertEqual(cell.number_format, "0.0%")
        return rows

    def test_xlsx_tables_are_the_csv_tables(self):
        """Each table as .xlsx holds what its CSV holds: the same words, the counts as
        numbers, the rates as fractions (0.873 for 87.3%), an empty cell for no rate."""
        code = self.signin_cli()
        for lang in ("", "&lang=en"):
            for name in ("provinces", "periods", "tracks", "categories", "status", "overdue"):
                rows_csv = self.csv_table(name, code, lang)
                rows_xlsx = self.xlsx_table(name, code, lang)
                self.assertEqual(len(rows_xlsx), len(rows_csv), name)
                for rc, rx in zip(rows_csv, rows_xlsx):
                    rx = rx + [None] * (len(rc) - len(rx))  # trailing empty cells are not kept
                    for c, x in zip(rc, rx):
                        if isinstance(x, float):
                            self.assertEqual(f"{x * 100:.1f}%", c, (name, rc))
                        elif isinstance(x, int):
                            self.assertEqual(str(x), c, (name, rc))
                        else:
                            self.assertEqual(x if x is not None else "", c, (name, rc))
                self.assert_anonymous(json.dumps(rows_xlsx, ensure_ascii=False))
        self.assertEqual(self.page("/monitor/table.xlsx?table=secrets", code)[0], 404)
        s, _, body = self.page("/monitor/table.xlsx?table=provinces")
        self.assertIn(s, (200, 303, 401))  # no cookie: the sign-in page, never the figures
        self.assertNotIn("PK", body[:2])

    def test_views_are_audited(self):
        def details():
            env = lmdb.open(os.path.join(self.dir, "store"), max_dbs=32, readonly=True, lock=False)
            audit = env.open_db(b"audit", create=False)
            with env.begin(db=audit) as txn:
                out = [bytes(v[54:70]).rstrip(b"\0").decode() for _, v in txn.cursor()]
            env.close()
            # The sign-in's own entry may land at any moment: only the monitors' reads.
            return [d for d in out if d.startswith("monitor:")]
        code = self.signin_cli()
        before = details()
        self.assertEqual(self.page("/monitor", code)[0], 200)
        self.assertEqual(self.page("/monitor/table.csv?table=overdue", code)[0], 200)
        self.assertEqual(self.page("/monitor/report", code)[0], 200)
        self.assertEqual(self.daemon.request("GET", "/monitor/table.xlsx?table=tracks", headers={
            "Cookie": "tocao_monitor=" + code})[0], 200)
        import time
        # Reads are recorded in the next group commit (an earlier test's may land late too):
        # wait for the last one, then the four must be the newest entries, in order.
        for _ in range(50):
            after = details()
            if after and after[-1] == "monitor:xlsx":
                break
            time.sleep(0.1)
        self.assertGreaterEqual(len(after), len(before) + 4)
        self.assertEqual(after[-4:],
                         ["monitor:page", "monitor:rows", "monitor:report", "monitor:xlsx"])
        out = json.loads(tocao("verify", "--data", self.dir, "--json").stdout)
        self.assertTrue(out["ok"], out)

    def test_printable_report(self):
        code = self.signin_cli()
        s, _, body = self.page("/monitor/report?lang=en", code)
        self.assertEqual(s, 200)
        self.assert_anonymous(body)
        figures = dict(re.findall(
            r'<tr(?: class="sub")?><th scope="row">([^<]+)</th><td class="num">([^<]+)</td>', body))
        self.near(figures["Received"], 14)
        self.near(figures["Complaints"], 4)
        self.near(figures["Settled"], 3)
        self.assertEqual(figures["On-time rate"], "—")  # fewer than 10 settled
        self.near(figures["Overdue (on the day of this report)"], 3)
        self.assertIn("Ctrl+P", body)

    def test_province_scope(self):
        # A provincial monitor signs in through the API and uses the same pages.
        import base64
        from test_inspector_sessions import CONTEXT, b64
        pk = bytes(self.prov_key.verify_key)
        s, _, ch = self.daemon.post_json("/api/v1/sessions/challenge", {})
        sig = self.prov_key.sign(CONTEXT + base64.b64decode(ch["challenge"]) + pk).signature
        s, _, doc = self.daemon.post_json("/api/v1/sessions", {
            "public_key": b64(pk), "challenge": ch["challenge"], "signature": b64(sig)})
        self.assertEqual(s, 201)
        code = doc["token"]
        s, _, body = self.page("/monitor", code)
        self.assertEqual(s, 200)
        self.assertIn("Cà Mau", body)
        self.assertNotIn('name="province"', body)  # no province picker
        self.assertEqual(self.page("/monitor?province=01", code)[0], 403)
        self.assertEqual(self.page("/monitor/table.csv?table=overdue&province=01", code)[0], 403)
        prov = self.csv_table("provinces", code)
        self.assertEqual([r[0] for r in prov[1:]], ["Cà Mau"])
        over = self.csv_table("overdue", code)
        self.assertTrue(all(r[0] in ("Thanh tra tỉnh Cà Mau", "Thanh tra Chính phủ")
                            for r in over[1:]), over)
        self.assertNotIn(self.pet96[0], str(over))
        s, _, body = self.page("/monitor/report", code)
        self.assertNotIn("Hà Nội", body)

    def test_bad_parameters_get_readable_pages(self):
        code = self.signin_cli()
        for q, status in (("?from=2026-13-01", 400), ("?from=2026-02-01&to=2026-01-01", 400),
                          ("?from=2000-01-01&to=2026-01-01", 400), ("?province=99", 400),
                          ("?track=nope", 400), ("?category=nope", 400), ("?from=a&from=b", 400)):
            s, h, body = self.page("/monitor" + q, code)
            self.assertEqual(s, status, q)
            self.assertIn("text/html", h["content-type"])
            self.assertIn('class="error"', body)
        s, _, body = self.page("/monitor/table.csv?table=secrets", code)
        self.assertEqual(s, 404)

    def test_signout_ends_the_session(self):
        code = self.signin_cli()
        self.assertEqual(self.page("/monitor", code)[0], 200)
        s, h, _ = self.page("/monitor/signout", code, method="POST", body={})
        self.assertEqual(s, 303)
        self.assertIn("Max-Age=0", h["set-cookie"])
        self.assertEqual(self.page("/monitor", code)[0], 401)


if __name__ == "__main__":
    main()
