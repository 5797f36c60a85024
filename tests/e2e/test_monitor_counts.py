"""Monitor figures over a generated store of 10,000 cases in varied states match a count by hand."""
import collections
import random
import threading

from harness import main, sample_report
from test_inspector_sessions import InspectorBase

N = 10000
PROVINCES = ["96", "01", "79", "48"]
# The track each (kind, identity) runs on (docs/DEADLINES.md §1).
TRACK = {("denunciation", "named"): "denunciation", ("denunciation", "anonymous"): "information",
         ("complaint", "named"): "complaint", ("petition", "anonymous"): "petition"}
KINDS = [("denunciation", "named"), ("denunciation", "anonymous"), ("complaint", "named"),
         ("petition", "anonymous")]
CATEGORIES = ["corruption", "land", "waste", "other"]


def near(published, true):
    """A published count (SECURITY.md "Disclosure control"): a multiple of 5 within 4."""
    return isinstance(published, int) and published % 5 == 0 and abs(published - true) < 5


class MonitorCountTest(InspectorBase):
    def test_ten_thousand_cases(self):
        rnd = random.Random(2026)
        plan = [(rnd.choice(PROVINCES), rnd.choice(KINDS), rnd.choice(CATEGORIES)) for _ in range(N)]
        made = [None] * N

        def worker(lo, hi):
            conn = self.daemon.connection()
            for i in range(lo, hi):
                prov, (kind, ident), cat = plan[i]
                r = sample_report(kind=kind, identity=ident, category=cat,
                                  jurisdiction={"province": prov})
                if ident == "anonymous":
                    r.pop("reporter")
                s, _, doc = self.daemon.post_json("/api/v1/reports", r, conn=conn)
                assert s == 201, doc
                made[i] = doc["case_id"]
            conn.close()

        threads = [threading.Thread(target=worker, args=(k * N // 8, (k + 1) * N // 8))
                   for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        # Varied states: accept a third, settle half of those, decline a tenth.
        tokens = {p: self.login("inspector-TT-" + p)[1]["token"] for p in PROVINCES}
        status = ["received"] * N
        conn = self.daemon.connection()
        for i in range(N):
            prov = plan[i][0]
            h = {"Authorization": "Bearer " + tokens[prov]}
            path = f"/api/v1/cases/{made[i]}/actions"
            if i % 3 == 0:
                s, _, _ = self.daemon.post_json(path, {"action": "accept"}, h, conn=conn)
                assert s == 200
                status[i] = "accepted"
                if i % 6 == 0:
                    s, _, _ = self.daemon.post_json(path, {"action": "settle"}, h, conn=conn)
                    assert s == 200
                    status[i] = "settled"
            elif i % 10 == 1:
                ground = {"denunciation": "den-29-1-d", "information": "info-25-2",
                          "complaint": "com-11-6", "petition": "pet-06-unfit"}[TRACK[plan[i][1]]]
                s, _, _ = self.daemon.post_json(path, {"action": "decline", "ground": ground}, h,
                                                conn=conn)
                assert s == 200
                status[i] = "declined"
        conn.close()

        # By hand.
        by_unit = collections.Counter("TT-" + p for p, _, _ in plan)
        by_cat = collections.Counter(c for _, _, c in plan)
        by_track = collections.Counter(TRACK[k] for _, k, _ in plan)
        now = collections.Counter(status)

        nat = self.login("monitor")[1]["token"]
        s, summary = self.get("/api/v1/monitor/summary", nat)
        self.assertEqual(s, 200)
        p = summary["period"]

        def check(pub, true, total=None):
            for k in set(pub) | set(true):
                self.assertTrue(near(pub.get(k, 0), true.get(k, 0)), (k, pub.get(k), true.get(k)))
            if total is not None:
                self.assertEqual(sum(pub.values()), total)

        self.assertTrue(near(p["received"]["total"], N))
        check(p["received"]["by_unit"], by_unit, p["received"]["total"])
        check(p["received"]["by_category"], by_cat, p["received"]["total"])
        check(p["received"]["by_track"], by_track, p["received"]["total"])
        self.assertTrue(near(p["accepted"]["total"], sum(1 for i in range(N) if i % 3 == 0)))
        self.assertTrue(near(p["settled"]["total"], now["settled"]))
        self.assertTrue(near(p["declined"]["total"], now["declined"]))
        self.assertTrue(near(p["settled_on_time"], now["settled"]))
        # The rate from the published figures: within a percent of the truth (100%) here.
        self.assertGreater(p["on_time_rate"], 0.99)
        check(summary["now"]["by_status"], now)
        # And for one province, the same by hand.
        s, prov = self.get("/api/v1/monitor/summary?province=48", nat)
        self.assertTrue(near(prov["period"]["received"]["total"], by_unit["TT-48"]))
        want = collections.Counter(status[i] for i in range(N) if plan[i][0] == "48")
        check(prov["now"]["by_status"], want)

if __name__ == "__main__":
    main()
