"""The monitors' further views (issue 16): per inspectorate with transfers, the cases under
monitoring and the overdue among them, three periods compared, the time to the first step,
the figures by the accused's level;
published figures only (multiples of 5, the <3 rule), audited like the dashboard; a bad
filter gets a readable 400 page. And the summary's new keys."""
import json
import os
import re
import time

import lmdb

from harness import main, sample_report, tocao
from test_inspector_sessions import InspectorBase


class MonitorViewsTest(InspectorBase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        t = cls()
        cls.den96 = [t.submit(sample_report())[2]["case_id"] for _ in range(12)]
        # One about a commune leader: a level with a single case, never shown as 1.
        t.submit(sample_report(jurisdiction={"province": "96", "commune": "32002",
                                             "level": "commune_leader"}))
        tok = t.login("inspector-TT-96")[1]["token"]
        h = {"Authorization": "Bearer " + tok}
        for cid in cls.den96[:11]:
            s, _, doc = t.daemon.post_json(f"/api/v1/cases/{cid}/actions", {"action": "accept"}, h)
            assert s == 200, doc
        for cid in cls.den96[:6]:
            s, _, doc = t.daemon.post_json(f"/api/v1/cases/{cid}/actions",
                                           {"action": "flag", "flag": "monitored"}, h)
            assert s == 200, doc

    def signin(self):
        p = tocao("signin", "--server", f"https://127.0.0.1:{self.daemon.port}", "--cacert",
                  os.path.join(self.dir, "tls", "cert.pem"), "--identity",
                  os.path.join(self.dir, "dev-secrets", "monitor.key"))
        return p.stdout.strip()

    def page(self, path, code):
        s, h, body = self.daemon.request("GET", path, headers={"Cookie": "tocao_monitor=" + code})
        return s, h, body.decode()

    def nums(self, html):
        return [int(x.replace(".", "")) for x in re.findall(r'<td class="num">([0-9.]+)</td>', html)]

    def test_units(self):
        code = self.signin()
        s, _, html = self.page("/monitor/units", code)
        self.assertEqual(s, 200, html[:400])
        self.assertIn("Thanh tra tỉnh Cà Mau", html)
        self.assertIn("Nhận chuyển đến", html)
        self.assertIn("Thời gian đến bước xử lý đầu tiên", html)
        self.assertIn("Theo cấp", html)  # the accused's level: its own view
        for n in self.nums(html):
            self.assertEqual(n % 5, 0)
        # 11 first steps (acceptances), all on the day of receipt.
        self.assertIn("trung vị 0 ngày", html)
        s, _, en = self.page("/monitor/units?lang=en", code)
        self.assertIn("Ca Mau Province Inspectorate", en)

    def test_levels(self):
        code = self.signin()
        s, _, html = self.page("/monitor/levels", code)
        self.assertEqual(s, 200, html[:400])
        self.assertIn("Theo cấp của người bị tố cáo", html)
        row = re.search(r'<tr><th scope="row">Cán bộ, công chức cấp xã</th>(.*?)</tr>', html)
        self.assertIsNotNone(row, html)
        received, accepted = self.nums(row.group(1))[:2]
        self.assertIn(received, (10, 15))  # 12 about commune officials, rounded
        self.assertIn(accepted, (10, 15))  # 11 accepted
        for n in self.nums(html):
            self.assertEqual(n % 5, 0)  # the single commune leader's case: 0 or 5, never 1
        total = re.search(r'<tr><th scope="row">Tổng</th>(.*?)</tr>', html).group(1)
        levels = re.findall(r'<tr><th scope="row">(?!Tổng)[^<]*</th><td class="num">([0-9.]+)<',
                            html)
        self.assertEqual(sum(int(x) for x in levels), self.nums(total)[0])  # rows add up
        s, _, en = self.page("/monitor/levels?lang=en", code)
        self.assertIn("A commune official", en)
        s, _, html = self.page("/monitor/levels?province=xx", code)
        self.assertEqual(s, 400)
        s, _, body = self.daemon.request("GET", "/api/v1/monitor/summary",
                                         headers={"Authorization": "Bearer " + code})
        by_level = json.loads(body)["period"]["received"]["by_level"]
        self.assertIn(by_level["commune"], (10, 15))
        self.assertTrue(all(v % 5 == 0 and v > 0 for v in by_level.values()), by_level)

    def test_monitored(self):
        code = self.signin()
        s, _, html = self.page("/monitor/monitored", code)
        self.assertEqual(s, 200, html[:400])
        row = re.search(r'<tr class="total"><th scope="row">Tổng</th>(.*?)</tr>', html).group(1)
        put, open_now, overdue = self.nums(row)
        self.assertIn(put, (5, 10))       # 6 put under monitoring, rounded
        self.assertIn(open_now, (5, 10))  # 6 open
        self.assertEqual(overdue, 0)
        self.assertNotIn(self.den96[0], html)  # counts only, never a case

    def test_compare(self):
        code = self.signin()
        s, _, html = self.page("/monitor/compare", code)
        self.assertEqual(s, 200, html[:400])
        self.assertIn("Cùng kỳ năm trước", html)
        self.assertIn("Kỳ trước", html)
        row = re.search(r'<tr><th scope="row">Tiếp nhận</th>(.*?)</tr>', html).group(1)
        now, before, last_year = self.nums(row)
        self.assertIn(now, (10, 15))
        self.assertEqual((before, last_year), (0, 0))

    def test_bad_filter_and_no_session(self):
        code = self.signin()
        for path in ("/monitor/units?province=xx", "/monitor/compare?from=2026-13-01",
                     "/monitor/monitored?track=nope"):
            s, _, html = self.page(path, code)
            self.assertEqual(s, 400, path)
            self.assertIn("<h1>400", html)
        s, _, html = self.page("/monitor/units", "nothing")
        self.assertEqual(s, 401)

    def test_report_administrative_format(self):
        code = self.signin()
        s, _, html = self.page("/monitor/report", code)
        self.assertEqual(s, 200, html[:400])
        order = ["ỦY BAN TRUNG ƯƠNG", "MẶT TRẬN TỔ QUỐC VIỆT NAM", "Số: …/BC-MTTQ",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Hà Nội, ngày", "BÁO CÁO", "<h1>", "Tiếp nhận", "Nơi nhận:",
                 "TM. BAN THƯỜNG TRỰC", "(Ký, ghi rõ họ tên, đóng dấu)"]
        at = [html.find(w) for w in order]
        self.assertTrue(all(a >= 0 for a in at), list(zip(order, at)))
        self.assertEqual(at, sorted(at))
        s, _, css = self.daemon.request("GET", "/static/style.css")
        self.assertIn(b"@page { size: A4", css)

    def test_summary_keys(self):
        code = self.signin()
        s, _, body = self.daemon.request("GET", "/api/v1/monitor/summary",
                                         headers={"Authorization": "Bearer " + code})
        doc = json.loads(body)
        self.assertEqual(s, 200, doc)
        self.assertIn("transferred_in", doc["period"])
        self.assertEqual(doc["period"]["median_days_to_first_step"], 0)
        self.assertIn(doc["now"]["under_monitoring"]["open"], (5, 10))

    def test_views_audited(self):
        def details():
            env = lmdb.open(os.path.join(self.dir, "store"), max_dbs=32, readonly=True, lock=False)
            with env.begin(db=env.open_db(b"audit", create=False)) as txn:
                out = [bytes(v[54:70]).rstrip(b"\0").decode() for _, v in txn.cursor()]
            env.close()
            return [d for d in out if d in ("monitor:units", "monitor:followed",
                                            "monitor:compare", "monitor:levels")]
        code = self.signin()
        before = details()
        for p in ("/monitor/units", "/monitor/monitored", "/monitor/compare", "/monitor/levels"):
            self.assertEqual(self.page(p, code)[0], 200)
        for _ in range(100):
            after = details()
            if len(after) >= len(before) + 4:
                break
            time.sleep(0.1)
        self.assertEqual(after[len(before):], ["monitor:units", "monitor:followed",
                                                "monitor:compare", "monitor:levels"])


if __name__ == "__main__":
    main()
