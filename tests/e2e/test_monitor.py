"""Monitors: anonymised figures and rows, scoped to the nation or one province; /metrics."""
import base64
import json
import os

from nacl.signing import SigningKey

import datetime

from harness import main, sample_report, today_vn, tocao
from test_inspector_sessions import CONTEXT, InspectorBase, b64

PLANTED = ["MONITOR-PLANTED-NAME-8841", "MONITOR-PLANTED-TEXT-1277", "Người Bí Mật Tám"]


class MonitorTest(InspectorBase):
    def near(self, published, true):
        """A published count: a multiple of 5 less than 5 from the truth."""
        self.assertIsInstance(published, int)
        self.assertEqual(published % 5, 0, published)
        self.assertLess(abs(published - true), 5, (published, true))

    def near_all(self, published, true, total=None):
        """A breakdown: each cell near its truth (absent: 0), adding up to its total."""
        for k in set(published) | set(true):
            self.near(published.get(k, 0), true.get(k, 0))
        if total is not None:
            self.assertEqual(sum(published.values()), total)

    def login_key(self, key):
        pk = bytes(key.verify_key)
        s, _, ch = self.daemon.post_json("/api/v1/sessions/challenge", {})
        sig = key.sign(CONTEXT + base64.b64decode(ch["challenge"]) + pk).signature
        s, _, doc = self.daemon.post_json("/api/v1/sessions", {
            "public_key": b64(pk), "challenge": ch["challenge"], "signature": b64(sig)})
        self.assertEqual(s, 201, doc)
        return doc["token"]

    def test_figures_scope_and_anonymity(self):
        # A provincial monitor for Cà Mau (96), registered like any principal.
        prov_key = SigningKey.generate()
        with open(os.path.join(self.dir, "principals", "monitor-96.pub"), "w") as f:
            f.write("tocao-signer-public-key 1\nrole: monitor\nscope: 96\npublic: %s\n"
                    % bytes(prov_key.verify_key).hex())
        self.daemon.stop()
        self.__class__.daemon = type(self.daemon)(self.dir)

        r = lambda **o: sample_report(
            reporter={"full_name": PLANTED[2], "address": "Số 1 " + PLANTED[0]},
            details="Nội dung " + PLANTED[1] + " đủ dài.", **o)
        den96 = [self.submit(r())[2] for _ in range(5)]
        pet96 = [self.submit(r(kind="petition"))[2] for _ in range(4)]
        for _ in range(3):
            self.submit(r(kind="complaint", jurisdiction={"province": "01"}))
        self.submit(r(jurisdiction={"province": "79"}))
        tok = self.login("inspector-TT-96")[1]["token"]
        h = {"Authorization": "Bearer " + tok}
        for d in den96[:4]:
            self.daemon.post_json(f"/api/v1/cases/{d['case_id']}/actions", {"action": "accept"}, h)
        for d in den96[:3]:
            self.daemon.post_json(f"/api/v1/cases/{d['case_id']}/actions", {"action": "settle"}, h)
        self.daemon.post_json(f"/api/v1/cases/{pet96[0]['case_id']}/actions", {"action": "decline", "ground": "pet-06-unfit"}, h)

        nat = self.login("monitor")[1]["token"]
        s, summary = self.get("/api/v1/monitor/summary", nat)
        self.assertEqual(s, 200, summary)
        p = summary["period"]
        self.assertEqual(summary["scope"], "national")
        self.assertEqual(summary["rounding_base"], 5)
        # Published figures (SECURITY.md "Disclosure control"): multiples of 5 within 4 of the
        # truth, each breakdown adding up to its total.
        self.near(p["received"]["total"], 13)
        self.near_all(p["received"]["by_unit"], {"TT-01": 3, "TT-79": 1, "TT-96": 9},
                      p["received"]["total"])
        self.near_all(p["received"]["by_track"], {"denunciation": 6, "complaint": 3, "petition": 4},
                      p["received"]["total"])
        self.near(p["accepted"]["total"], 4)
        self.near(p["settled"]["total"], 3)
        self.near(p["declined"]["total"], 1)
        self.near(p["settled_on_time"], 3)
        # Three settled: too few for a rate or days to settle (MF_RATE_MIN is 10).
        self.assertIsNone(p["on_time_rate"])
        self.assertEqual((p["median_days_to_settle"], p["p90_days_to_settle"]), (None, None))
        self.near_all(summary["now"]["by_status"],
                      {"received": 8, "accepted": 1, "settled": 3, "declined": 1})

        s, prov = self.get("/api/v1/monitor/summary", self.login_key(prov_key))
        self.assertEqual((s, prov["scope"]), (200, "96"))
        self.near(prov["period"]["received"]["total"], 9)
        ptok = self.login_key(prov_key)
        s, _ = self.get("/api/v1/monitor/summary?province=01", ptok)
        self.assertEqual(s, 403)
        # No case rows: the overdue cases by unit, as published counts.
        s, rows = self.get("/api/v1/monitor/cases", ptok)
        self.assertEqual(s, 200)
        self.assertEqual(rows["scope"], "96")
        self.assertNotIn("cases", rows)
        self.assertTrue({r["unit"] for r in rows["by_unit"]} <= {"TT-96", "TTCP"})
        self.assertEqual(self.get("/api/v1/monitor/cases?status=nope", nat)[0], 400)

        # The same figures as a period report, offline on the server.
        d0 = (today_vn() - datetime.timedelta(days=1)).isoformat()
        d1 = today_vn().isoformat()
        rep = json.loads(tocao("report", "--data", self.dir, "--province", "96", "--from", d0,
                               "--to", d1, "--json").stdout)
        for key, true in (("received", 9), ("accepted", 4), ("settled", 3), ("declined", 1)):
            self.near(rep[key], true)
        self.near_all(rep["received_by_track"], {"denunciation": 5, "petition": 4}, rep["received"])
        self.assertIsNone(rep["on_time_rate"])
        self.assertEqual(rep["from"][8:], "01")  # whole months
        nat_rep = json.loads(tocao("report", "--data", self.dir, "--from", d0, "--to", d1,
                                   "--json").stdout)
        self.near(nat_rep["received"], 13)
        text = tocao("report", "--data", self.dir, "--province", "96", "--from", d0, "--to", d1).stdout
        self.assertIn("Tỉnh Cà Mau", text)
        self.assertEqual(tocao("report", "--data", self.dir, "--from", d1, "--to", d0,
                               check=False).returncode, 2)

        # Nothing anyone wrote reaches a monitor.
        everything = ""
        for path in ["/api/v1/monitor/summary", "/api/v1/monitor/cases",
                     "/api/v1/monitor/summary?province=96"]:
            everything += json.dumps(self.get(path, nat)[1], ensure_ascii=False)
        for text in PLANTED:
            self.assertNotIn(text, everything)

        # Refusals: inspectors, no session, bad queries.
        self.assertEqual(self.get("/api/v1/monitor/summary", tok)[0], 403)
        self.assertEqual(self.get("/api/v1/monitor/summary", None)[0], 401)
        self.assertEqual(self.get("/api/v1/monitor/summary?from=2026-02-30", nat)[0], 400)
        self.assertEqual(self.get("/api/v1/monitor/summary?province=02", nat)[0], 400)
        # Monitors cannot reach cases.
        self.assertEqual(self.get("/api/v1/cases/" + den96[0]["case_id"], nat)[0], 403)

    def test_metrics(self):
        # Issue 13: /metrics is not on the public listener (tests/e2e/test_redteam_front.py has
        # its own loopback listener).
        self.submit(sample_report())
        s, hdrs, body = self.daemon.request("GET", "/metrics")
        self.assertEqual(s, 404)


if __name__ == "__main__":
    main()
