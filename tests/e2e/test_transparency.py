"""The public transparency page (issue 16): GET /minh-bach with no sign-in, Vietnamese by
default, no JavaScript, cacheable for 5 minutes; national and per-province figures by quarter
(received, accepted, settled, on time) under the monitors' disclosure control (every count a
multiple of 5, the provinces adding up to the nation, no case's text); a bad quarter gets a
readable 400 page."""
import re

from harness import InstanceTest, main, sample_report, today_vn

PLANTED = "MINHBACH-PLANTED-TEXT-4471"


def cells(html):
    return [int(c.replace(".", "").replace(",", ""))
            for c in re.findall(r'<td class="num">([0-9.,]+)</td>', html)]


class TransparencyTest(InstanceTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for i in range(7):
            status, _, _ = cls.daemon.post_json("/api/v1/reports", sample_report(
                details=PLANTED + " " + str(i)))
            assert status == 201
        for i in range(2):
            r = sample_report()
            r["jurisdiction"] = {"province": "01", "commune": "00004", "level": "commune"}
            cls.daemon.post_json("/api/v1/reports", r)

    def get(self, path, headers=None):
        status, hdrs, body = self.daemon.request("GET", path, headers=headers)
        return status, hdrs, body.decode()

    def test_public_vietnamese_cacheable(self):
        status, hdrs, html = self.get("/minh-bach")
        self.assertEqual(status, 200, html)
        self.assertIn('<html lang="vi">', html)
        self.assertIn("Minh bạch số liệu giải quyết khiếu nại, tố cáo", html)
        self.assertEqual(hdrs["cache-control"], "public, max-age=300")
        self.assertNotIn("set-cookie", hdrs)
        self.assertNotIn("<script", html.lower())
        self.assertIn("default-src 'none'", hdrs["content-security-policy"])
        q = (today_vn().month - 1) // 3 + 1
        self.assertIn(f"Quý {q}/{today_vn().year} (đến", html)
        self.assertIn("Cà Mau", html)
        self.assertNotIn(PLANTED, html)
        # English only when asked; an en-US browser still gets Vietnamese.
        _, _, html_en_browser = self.get("/minh-bach", {"Accept-Language": "en-US,en"})
        self.assertIn('<html lang="vi">', html_en_browser)
        _, _, en = self.get("/minh-bach?lang=en")
        self.assertIn('<html lang="en">', en)
        self.assertIn("National, by quarter", en)

    def test_disclosure_control(self):
        _, _, html = self.get("/minh-bach")
        nums = cells(html)
        self.assertTrue(nums)
        for n in nums:
            self.assertEqual(n % 5, 0, html)
        # The province table: its rows add up to the national row, column by column.
        table = html.split('id="tinh"')[1]
        rows = re.findall(r"<tr(?: class=\"total\")?><th scope=\"row\">[^<]*</th>(.*?)</tr>", table)
        values = [cells(r) for r in rows]
        national = values[-1]
        for col in range(4):
            self.assertEqual(sum(v[col] for v in values[:-1]), national[col])
        # 7 received in Cà Mau and 2 in Hà Nội: 2 never shows as 2.
        self.assertIn(national[0], (5, 10))
        self.assertNotIn("—", national[:4])

    def test_bad_quarter_readable(self):
        for q in ("2026-5", "abcd-1", "1999-1", "2026-1x", "9999-1"):
            status, hdrs, html = self.get("/minh-bach?quy=" + q)
            self.assertEqual(status, 400, q)
            self.assertIn("quy=NNNN-Q", html)
            self.assertIn('<html lang="vi">', html)
        status, _, html = self.get("/minh-bach?quy=a&quy=b")
        self.assertEqual(status, 400)
        # Another of the last eight quarters is shown by its link.
        _, _, html = self.get("/minh-bach")
        link = re.search(r'href="(/minh-bach\?quy=\d{4}-\d#tinh)"', html).group(1)
        status, _, other = self.get(link.split("#")[0])
        self.assertEqual(status, 200)
        self.assertIn('aria-current="page"', other)

    def test_head_and_no_other_methods(self):
        status, hdrs, body = self.daemon.request("HEAD", "/minh-bach")
        self.assertEqual(status, 200)
        self.assertEqual(body, b"")
        status, _, _ = self.daemon.request("POST", "/minh-bach", body="x")
        self.assertEqual(status, 405)


if __name__ == "__main__":
    main()
