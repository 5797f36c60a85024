"""Red team, issue 13 item 9: the monitors' figures must not give back a cell of 1 or 2 cases.

Before: cells under 3 read "<3" but totals were exact, so a total minus its visible parts gave
the hidden cell back (Cà Mau: 10 received, 4 denunciations, 5 complaints, petitions "<3" -> 1),
across every table a monitor sees; and the overdue list showed a lone case's row (id, unit,
track, category, received day, deadline, days overdue). Now every published count is a
multiple of 5 whose breakdowns add up to their total (SECURITY.md "Disclosure control"), the
periods are whole months, and the overdue list is counts by unit and days overdue.

The cases are made through the API and the inspectors' actions, as test_monitor_pages does;
the attack runs against the daemon's JSON, pages, CSV files, printable report and
`tocao report`.
"""
import csv
import datetime
import io
import json
import os
import re
import struct
import time

import lmdb

from harness import main, sample_report, today_vn, tocao
from test_inspector_sessions import InspectorBase
from test_monitor_pages import make_overdue

BASE = 5


def numbers(obj):
    """Every count in a JSON answer (rates and days excluded by the caller)."""
    if isinstance(obj, dict):
        for v in obj.values():
            yield from numbers(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from numbers(v)
    else:
        yield obj


def subtraction_attack(total, parts):
    """The attack as it worked before: total minus the visible parts gives the one hidden."""
    hidden = [k for k, v in parts.items() if not isinstance(v, int)]
    if not isinstance(total, int) or len(hidden) != 1:
        return None
    return total - sum(v for v in parts.values() if isinstance(v, int))


class RedTeamDisclosure(InspectorBase):
    conf = {"sweep_interval_s": "1"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls().populate()

    def populate(self):
        cls = type(self)
        # Cà Mau (96): 4 denunciations, 5 complaints, 1 petition. Hà Nội (01): 7 complaints.
        # Hồ Chí Minh (79): one case, and it is overdue.
        cls.den96 = [self.submit(sample_report())[2]["case_id"] for _ in range(4)]
        cls.com96 = [self.submit(sample_report(kind="complaint"))[2]["case_id"] for _ in range(5)]
        cls.pet96 = [self.submit(sample_report(kind="petition"))[2]["case_id"]]
        cls.com01 = [self.submit(sample_report(kind="complaint", jurisdiction={"province": "01"}))
                     [2]["case_id"] for _ in range(7)]
        cls.lone79 = self.submit(sample_report(category="land",
                                               jurisdiction={"province": "79"}))[2]["case_id"]
        tok = self.login("inspector-TT-96")[1]["token"]
        h = {"Authorization": "Bearer " + tok}
        for cid in cls.den96[:3]:
            for action in ("accept", "settle"):
                s, _, doc = self.daemon.post_json(f"/api/v1/cases/{cid}/actions",
                                                  {"action": action}, h)
                assert s == 200, doc
        # Overdue: the lone case of 79 (12 days), and six of Hà Nội's.
        cls.overdue = [cls.lone79] + cls.com01[:6]
        self.daemon.stop()
        make_overdue(os.path.join(self.dir, "store"), cls.overdue, 12)
        type(self).daemon = type(self.daemon)(self.dir)
        self.wait_for_sweep()

    def wait_for_sweep(self):
        """Until the sweep (every second here) has flagged each planted overdue case."""
        for _ in range(150):
            env = lmdb.open(os.path.join(self.dir, "store"), max_dbs=32, readonly=True,
                            lock=False)
            with env.begin(db=env.open_db(b"cases", create=False)) as txn:
                flags = [struct.unpack(">I", txn.get(c.encode())[28:32])[0]
                         for c in self.overdue]
            env.close()
            if all(f & 16 for f in flags):
                return
            time.sleep(0.1)
        raise AssertionError("the sweep did not flag the overdue cases")

    def monitor(self):
        return self.login("monitor")[1]["token"]

    def page(self, path, code):
        s, h, data = self.daemon.request("GET", path, headers={"Cookie": "tocao_monitor=" + code})
        self.assertEqual(s, 200, data[:300])
        return data.decode("utf-8")

    def assert_published(self, values, where):
        for v in values:
            self.assertIsInstance(v, int, f"{where}: {v!r} is not a count")
            self.assertEqual(v % BASE, 0, f"{where}: {v} is not a multiple of {BASE}")

    # -- the subtraction attack on the JSON summary --

    def test_summary_subtraction_gives_nothing_back(self):
        tok = self.monitor()
        s, doc = self.get("/api/v1/monitor/summary?province=96", tok)
        self.assertEqual(s, 200, doc)
        rec = doc["period"]["received"]
        # Before: {"denunciation": 4, "complaint": 5, "petition": "<3"} with total 10 -> 1.
        self.assertIsNone(subtraction_attack(rec["total"], rec["by_track"]))
        self.assertEqual(doc["rounding_base"], BASE)
        counts = dict(doc["period"])
        for k in ("on_time_rate", "median_days_to_settle", "p90_days_to_settle",
                  "median_days_to_first_step", "p90_days_to_first_step"):
            counts.pop(k)
        self.assert_published(list(numbers(counts)) + list(numbers(doc["now"])), "summary")
        # Every breakdown adds up to its total: subtracting gives the published cell itself.
        for event, b in doc["period"].items():
            if isinstance(b, dict):
                for name in ("by_track", "by_category", "by_unit"):
                    if b["total"]:
                        self.assertEqual(sum(b[name].values()), b["total"], (event, name))
        self.assertNotIn(rec["by_track"].get("petition", 0), (1, 2))
        # Three settled: too few for a rate or days to settle.
        self.assertIsNone(doc["period"]["on_time_rate"])
        self.assertIsNone(doc["period"]["median_days_to_settle"])

        # Nationally: the tiles' total minus the provinces gave 79's lone case back.
        s, nat = self.get("/api/v1/monitor/summary", tok)
        r = nat["period"]["received"]
        self.assertIsNone(subtraction_attack(r["total"], r["by_unit"]))
        self.assertEqual(sum(r["by_unit"].values()), r["total"])
        self.assertNotIn(r["by_unit"].get("TT-79", 0), (1, 2))
        od = nat["now"]["overdue"]
        self.assertEqual(sum(od["by_unit"].values()), od["total"])
        self.assertNotIn(od["by_unit"].get("TT-79", 0), (1, 2))
        self.assert_published(numbers(nat["now"]), "summary now")

    # -- the overdue list: no row of a lone case --

    def test_overdue_list_has_no_case_rows(self):
        tok = self.monitor()
        every = ""
        for q in ("", "?overdue=true", "?province=79", "?province=79&overdue=true",
                  "?status=received"):
            s, doc = self.get("/api/v1/monitor/cases" + q, tok)
            self.assertEqual(s, 200, doc)
            self.assertNotIn("cases", doc)
            every += json.dumps(doc)
            for row in doc["by_unit"]:
                self.assertEqual(set(row), {"unit", "overdue", "days_1_30", "days_31_90",
                                            "days_over_90"})
                self.assert_published([v for k, v in row.items() if k != "unit"], "overdue")
                self.assertEqual(row["days_1_30"] + row["days_31_90"] + row["days_over_90"],
                                 row["overdue"])
        s, doc = self.get("/api/v1/monitor/cases?province=79", tok)
        self.assertNotIn(doc["overdue"], (1, 2))
        # Hà Nội's six: rounded, all 1-30 days.
        s, doc = self.get("/api/v1/monitor/cases?province=01", tok)
        row = {r["unit"]: r for r in doc["by_unit"]}["TT-01"]
        self.assertIn(row["overdue"], (5, 10))
        self.assertEqual(row["days_1_30"], row["overdue"])

        code = self.signin_code()
        pages = [self.page("/monitor?province=79", code), self.page("/monitor", code)]
        csvs = [self.page("/monitor/table.csv?table=overdue&province=79", code),
                self.page("/monitor/table.csv?table=overdue", code)]
        for cid in self.overdue + self.den96 + self.pet96:
            self.assertNotIn(cid, every + "".join(pages + csvs))
        # No day a case was received, no deadline: the list has no dates at all.
        date = re.compile(r"\d{4}-\d\d-\d\d")
        self.assertIsNone(date.search(every))
        for body in csvs:
            self.assertIsNone(date.search(body))
        for html in pages:
            section = re.search(r'<section class="table" id="overdue">.*?</section>', html, re.S)
            # (after the download links, whose queries carry the period's dates)
            self.assertIsNone(date.search(section.group(0).split("</h2>", 1)[1]
                                          .rsplit('download>', 1)[1]))
        # The lone case of 79 is a count like any other: 0 or 5, never 1.
        rows = list(csv.reader(io.StringIO(csvs[0][1:])))
        for r in rows[1:]:
            self.assertNotIn(r[1], ("1", "2"))

    def signin_code(self):
        p = tocao("signin", "--server", f"https://127.0.0.1:{self.daemon.port}", "--cacert",
                  os.path.join(self.dir, "tls", "cert.pem"), "--identity",
                  os.path.join(self.dir, "dev-secrets", "monitor.key"))
        return p.stdout.strip()

    # -- the same attack on the pages, CSV files, charts and reports --

    def test_csv_pages_and_charts(self):
        code = self.signin_code()
        body = self.page("/monitor/table.csv?table=provinces&lang=en", code)
        rows = list(csv.reader(io.StringIO(body[1:])))
        prov = {r[0]: r[1:] for r in rows[1:]}
        self.assertNotIn("<3", body)
        # Received, Accepted, Settled, On time, On-time rate, Transferred, Open now, Overdue now
        cols = [0, 1, 2, 3, 5, 6, 7]
        for name, r in prov.items():
            self.assert_published([int(r[i]) for i in cols], "provinces.csv " + name)
            self.assertEqual(r[4], "", name)  # no rate over fewer than 10 settled
        self.assertNotIn(int(prov["Ho Chi Minh"][0]), (1, 2))
        s, nat = self.get("/api/v1/monitor/summary", self.monitor())
        self.assertEqual(sum(int(r[0]) for r in prov.values()), nat["period"]["received"]["total"])
        self.assertEqual(sum(int(r[7]) for r in prov.values()), nat["now"]["overdue"]["total"])
        # The tracks table of Cà Mau: the parts add up, the petition is not 1.
        tr = list(csv.reader(io.StringIO(self.page(
            "/monitor/table.csv?table=tracks&province=96&lang=en", code)[1:])))
        tracks = {r[0]: int(r[1]) for r in tr[1:]}
        s, p96 = self.get("/api/v1/monitor/summary?province=96", self.monitor())
        self.assertEqual(sum(tracks.values()), p96["period"]["received"]["total"])
        self.assertNotIn(tracks["Petitions"], (1, 2))
        # Months: each a multiple of 5, adding up to the period's total.
        per = list(csv.reader(io.StringIO(self.page("/monitor/table.csv?table=periods", code)[1:])))
        self.assertEqual(sum(int(r[1]) for r in per[1:]), nat["period"]["received"]["total"])

        # The dashboard: no "<3", tiles and bars from published figures only.
        html = self.page("/monitor?lang=en", code)
        self.assertNotIn("&lt;3", html)
        self.assertNotIn("chart-suppressed", html)
        svg = re.search(r'<svg[^>]*aria-labelledby="periods-t periods-d".*?</svg>', html, re.S)
        top = max(int(t) for t in re.findall(r'text-anchor="end">(\d+)</text>', svg.group(0)))
        for h, title in re.findall(r'class="chart-bar chart-[ab]" x="\d+" y="\d+" width="\d+" '
                                   r'height="(\d+)"><title>(\d+)</title>', svg.group(0)):
            self.assertEqual(int(title) % BASE, 0)
            self.assertEqual(int(h), int(title) * 200 // top)
        tiles = re.findall(r'<span class="value">([^<]+)</span>', html)
        self.assertEqual(int(tiles[0]), nat["period"]["received"]["total"])

        # The printable report and tocao report: the same published figures.
        rep = self.page("/monitor/report?province=96&lang=en", code)
        figures = dict(re.findall(
            r'<tr(?: class="sub")?><th scope="row">([^<]+)</th><td class="num">([^<]+)</td>', rep))
        self.assertEqual(int(figures["Received"]), p96["period"]["received"]["total"])
        self.assertNotIn(int(figures["Petitions"]), (1, 2))
        d = today_vn().isoformat()
        cli = json.loads(tocao("report", "--data", self.dir, "--province", "96", "--from", d,
                               "--to", d, "--json").stdout)
        self.assertEqual(cli["received"], p96["period"]["received"]["total"])
        self.assertEqual(cli["received_by_track"], p96["period"]["received"]["by_track"])
        self.assertEqual(cli["from"][8:], "01")  # whole months
        self.assertIsNone(subtraction_attack(cli["received"], cli["received_by_track"]))

    # -- differencing two periods a day apart --

    def test_periods_are_whole_months(self):
        tok = self.monitor()
        today = today_vn()
        a = self.get(f"/api/v1/monitor/summary?from={today.isoformat()}&to={today.isoformat()}",
                     tok)[1]
        self.assertEqual(a["from"], today.replace(day=1).isoformat())
        self.assertEqual(a["to"], today.isoformat())
        last = today.replace(day=1) - datetime.timedelta(days=1)
        b = self.get(f"/api/v1/monitor/summary?from={last.replace(day=3).isoformat()}"
                     f"&to={last.replace(day=9).isoformat()}", tok)[1]
        self.assertEqual((b["from"], b["to"]), (last.replace(day=1).isoformat(), last.isoformat()))
        # A period ending yesterday and one ending today are the same figures.
        if today.day > 1:
            y = (today - datetime.timedelta(days=1)).isoformat()
            c = self.get(f"/api/v1/monitor/summary?from={today.replace(day=1).isoformat()}&to={y}",
                         tok)[1]
            self.assertEqual(c["period"], a["period"])


if __name__ == "__main__":
    main()
