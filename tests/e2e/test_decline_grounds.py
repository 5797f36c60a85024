"""A decline names its legal ground (docs/API.md "Grounds for not accepting"): every ground of
every track is taken and shown; a missing, unknown, other track's or misplaced ground is a 422
decline-ground problem that writes nothing; the reporter's status page says why; the monitors
count the declines by ground (rounded, adding up to the published declines) and the view is
audited; `tocao cases act --ground` and `cases show` do the same from the command line."""
import os
import re
import time
import urllib.parse

import lmdb

from harness import main, sample_report, tocao
from test_inspector_sessions import InspectorBase

# Every ground by track (domain/dm_grounds.c), and how each track's report is made.
GROUNDS = {
    "denunciation": ["den-29-1-a", "den-29-1-b", "den-29-1-c", "den-29-1-d",
                     "den-29-1-complaint", "den-other"],
    "information": ["info-25-2", "info-other"],
    "complaint": [f"com-11-{k}" for k in range(1, 10)] + ["com-other"],
    "petition": ["pet-06-unfit", "pet-06-not-competent", "pet-other"],
}
REPORT = {
    "denunciation": {},
    "information": {"identity": "anonymous", "reporter": None},
    "complaint": {"kind": "complaint"},
    "petition": {"kind": "petition"},
}


class DeclineGroundsTest(InspectorBase):
    def act(self, case_id, token, **body):
        return self.daemon.post_json(f"/api/v1/cases/{case_id}/actions", body,
                                     {"Authorization": "Bearer " + token})

    def new_case(self, track):
        s, _, doc = self.submit(sample_report(**REPORT[track]))
        self.assertEqual((s, doc["track"]), (201, track), doc)
        return doc

    def audit_details(self):
        env = lmdb.open(os.path.join(self.dir, "store"), max_dbs=32, readonly=True, lock=False)
        with env.begin(db=env.open_db(b"audit", create=False)) as txn:
            out = [bytes(v[54:70]).rstrip(b"\0").decode() for _, v in txn.cursor()]
        env.close()
        return out

    def test_every_ground_of_every_track(self):
        tok = self.login("inspector-TT-96")[1]["token"]
        for track, names in GROUNDS.items():
            for name in names:
                cid = self.new_case(track)["case_id"]
                s, _, c = self.act(cid, tok, action="decline", ground=name)
                self.assertEqual((s, c.get("status"), c.get("decline_ground")),
                                 (200, "declined", name), (track, c))
                s, shown = self.get("/api/v1/cases/" + cid, tok)
                self.assertEqual(shown["decline_ground"], name)
                self.assertEqual(self.export(cid)["decline_ground"], name)

    def refused(self, cid, tok, code, **body):
        s, _, p = self.act(cid, tok, **body)
        self.assertEqual(s, 422, p)
        self.assertEqual(p["type"], "urn:tocao:problem:decline-ground")
        self.assertEqual([(e["field"], e["code"]) for e in p["errors"]], [("ground", code)])
        self.assertTrue(p["detail"])
        # Nothing written: still received, no ground, no action in the timeline.
        s, shown = self.get("/api/v1/cases/" + cid, tok)
        self.assertEqual(shown["status"], "received")
        self.assertNotIn("decline_ground", shown)
        self.assertEqual([e["event"] for e in shown["timeline"]], ["received"])

    def test_refusals_write_nothing(self):
        tok = self.login("inspector-TT-96")[1]["token"]
        cid = self.new_case("complaint")["case_id"]
        self.refused(cid, tok, "required", action="decline")
        self.refused(cid, tok, "unknown_ground", action="decline", ground="com-11-10")
        self.refused(cid, tok, "unknown_ground", action="decline", ground=14)
        self.refused(cid, tok, "ground_not_for_track", action="decline", ground="den-29-1-d")
        self.refused(cid, tok, "ground_not_for_track", action="decline", ground="pet-other")
        self.refused(cid, tok, "ground_not_for_action", action="accept", ground="com-11-6")
        # A closed case: the state machine's refusal comes first (409), not the ground's.
        s, _, c = self.act(cid, tok, action="decline", ground="com-11-6")
        self.assertEqual(s, 200, c)
        s, _, p = self.act(cid, tok, action="decline", ground="com-11-6")
        self.assertEqual(s, 409, p)

    def test_reporter_is_told_why(self):
        tok = self.login("inspector-TT-96")[1]["token"]
        doc = self.new_case("complaint")
        other = self.new_case("denunciation")
        self.assertEqual(self.act(doc["case_id"], tok, action="decline", ground="com-11-6")[0], 200)
        self.assertEqual(self.act(other["case_id"], tok, action="decline",
                                  ground="den-other")[0], 200)
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": doc["receipt"]})
        self.assertEqual((f["status"], f["decline_ground"]), ("declined", "com-11-6"))

        def page(receipt, lang="vi"):
            s, _, body = self.daemon.request(
                "POST", "/followup", urllib.parse.urlencode({"receipt": receipt, "lang": lang}),
                {"Content-Type": "application/x-www-form-urlencoded"})
            self.assertEqual(s, 200)
            return body.decode()
        html = page(doc["receipt"])
        self.assertIn("Lý do không thụ lý: Thời hiệu, thời hạn khiếu nại đã hết mà không có lý do "
                      "chính đáng (Luật Khiếu nại 2011 (02/2011/QH13), Điều 11 khoản 6)", html)
        self.assertIn("Why it was not accepted: The time limit for complaining has passed",
                      page(doc["receipt"], "en"))
        # "Another ground": the general sentence, no provision.
        html = page(other["receipt"])
        self.assertIn("Lý do không thụ lý: Đơn không đủ điều kiện để thụ lý giải quyết; lý do cụ "
                      "thể được nêu trong thông báo của cơ quan tiếp nhận.</span>", html)

    def signin(self):
        p = tocao("signin", "--server", f"https://127.0.0.1:{self.daemon.port}", "--cacert",
                  os.path.join(self.dir, "tls", "cert.pem"), "--identity",
                  os.path.join(self.dir, "dev-secrets", "monitor.key"))
        return p.stdout.strip()

    def test_monitors_count_by_ground(self):
        # A province of its own (Đà Nẵng, 48): five declines on one ground, two on another.
        tok = self.login("inspector-TT-48")[1]["token"]
        for i in range(7):
            s, _, doc = self.submit(sample_report(kind="complaint",
                                                  jurisdiction={"province": "48"}))
            self.assertEqual(s, 201, doc)
            ground = "com-11-6" if i < 5 else "com-11-2"
            self.assertEqual(self.act(doc["case_id"], tok, action="decline", ground=ground)[0],
                             200)
        nat = self.login("monitor")[1]["token"]
        s, g = self.get("/api/v1/monitor/grounds?province=48", nat)
        self.assertEqual(s, 200, g)
        self.assertEqual((g["scope"], g["rounding_base"]), ("48", 5))
        # Published: multiples of 5 adding up to the published declines (7: 5 or 10); the
        # ground with 5 keeps 5; the one with 2 is never shown as 2 (0 or 5).
        cells = g["by_ground"]
        self.assertIn(g["declined"], (5, 10))
        self.assertEqual(sum(cells.values()), g["declined"])
        self.assertTrue(all(v % 5 == 0 and v > 0 for v in cells.values()), cells)
        self.assertEqual(cells["com-11-6"], 5)
        self.assertIn(cells.get("com-11-2", 0), (0, 5))
        self.assertEqual(g["by_province"]["48"], cells)
        self.assertEqual(g["by_unit"]["TT-48"], cells)

        code = self.signin()
        before = self.audit_details().count("monitor:grounds")
        s, _, body = self.daemon.request("GET", "/monitor/grounds?province=48",
                                         headers={"Cookie": "tocao_monitor=" + code})
        html = body.decode()
        self.assertEqual(s, 200, html[:400])
        self.assertIn("Không thụ lý theo căn cứ", html)
        self.assertIn("Luật Khiếu nại 2011 (02/2011/QH13), Điều 11 khoản 6", html)
        self.assertIn("Theo cơ quan thanh tra", html)
        self.assertIn("Thanh tra thành phố Đà Nẵng", html)
        nums = [int(x.replace(".", "")) for x in re.findall(r'<td class="num">([0-9.]+)</td>',
                                                            html)]
        self.assertTrue(nums and all(n % 5 == 0 for n in nums), nums)
        self.assertNotIn(2, nums)
        s, _, en = self.daemon.request("GET", "/monitor/grounds?province=48&lang=en",
                                       headers={"Cookie": "tocao_monitor=" + code})
        self.assertIn("Law on Complaints 2011 (02/2011/QH13), Art. 11(6)", en.decode())
        # The monitors' navigation links it.
        s, _, dash = self.daemon.request("GET", "/monitor",
                                         headers={"Cookie": "tocao_monitor=" + code})
        self.assertIn('href="/monitor/grounds?', dash.decode())
        # The two pages were audited (the JSON read before them too, already counted).
        for _ in range(100):
            if self.audit_details().count("monitor:grounds") >= before + 2:
                break
            time.sleep(0.1)
        self.assertEqual(self.audit_details().count("monitor:grounds"), before + 2)
        self.assertGreaterEqual(before, 1)

    def test_cli_act_and_show(self):
        doc = self.new_case("petition")
        conn = ["--server", f"https://127.0.0.1:{self.daemon.port}", "--cacert",
                os.path.join(self.dir, "tls", "cert.pem"), "--identity",
                os.path.join(self.dir, "dev-secrets", "inspector-TT-96.key")]
        p = tocao("cases", "act", *conn, doc["case_id"], "decline", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("ground", p.stderr)
        p = tocao("cases", "act", *conn, doc["case_id"], "decline", "--ground", "pet-06-unfit")
        self.assertIn("declined", p.stdout)
        p = tocao("cases", "show", *conn, "--unit-key",
                  os.path.join(self.dir, "dev-secrets", "TT-96.key"), doc["case_id"])
        self.assertRegex(p.stdout, r"decline_ground +pet-06-unfit: The letter does not meet the "
                                   r"conditions for handling \(Circular 05/2021/TT-TTCP, Art\. 6\)")
        self.assertIn("--ground", tocao("cases", "--help").stdout)


if __name__ == "__main__":
    main()
