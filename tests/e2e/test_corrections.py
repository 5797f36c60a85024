"""Corrections without a release (issue 12): the operator's calendar notices and rule sets,
reloaded on SIGHUP; the open cases recomputed (deadlines, overdue flags, timeline, audit);
one meaning of "overdue"; the CLI agrees with the daemon (docs/DEADLINES.md §9)."""
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

import lmdb

from harness import BIN_DIR, SOURCE_DIR, Daemon, main, sample_report, today_vn, tocao
from test_inspector_sessions import InspectorBase

BACKDATE = os.path.join(BIN_DIR, "e2e_backdate")


def cli_deadlines(data, received):
    out = json.loads(tocao("deadlines", "--kind", "denunciation", "--received", received,
                           "--json", "--data", data).stdout)
    return out


def set_text(name, process_wd):
    """The built-in set NAME, re-issued with denunciation.process = process_wd WD."""
    with open(os.path.join(SOURCE_DIR, "data", "rules", "rules.txt")) as f:
        lines = f.read().splitlines()
    out, inside = [], False
    for line in lines:
        words = line.split()
        if words[:2] == ["set", name]:
            inside = True
        if inside:
            if words and words[0] == "denunciation.process":
                line = f"denunciation.process {process_wd} WD Nghị định thử nghiệm, Điều 1"
            out.append(line)
            if words == ["end"]:
                break
    assert inside, name
    return "# the operator's correction\n" + "\n".join(out) + "\n"


class CorrectionsTest(InspectorBase):
    @classmethod
    def setUpClass(cls):
        # Three cases received 40 days ago (overdue now) and one today, then the daemon.
        cls.tmp = tempfile.mkdtemp(prefix="tocao-e2e-")
        cls.dir = os.path.join(cls.tmp, "inst")
        tocao("init", "--dev", cls.dir)
        cls.daemon = Daemon(cls.dir)
        docs = [cls.daemon.post_json("/api/v1/reports", sample_report())[2] for _ in range(3)]
        cls.old = [d["case_id"] for d in docs]
        cls.receipt = docs[0]["receipt"]
        cls.new = cls.daemon.post_json("/api/v1/reports", sample_report())[2]["case_id"]
        assert cls.daemon.stop() == 0
        for cid in cls.old:
            subprocess.run([BACKDATE, os.path.join(cls.dir, "store"), cid, "40"], check=True)
        cls.daemon = Daemon(cls.dir)

    def wait_log(self, pattern, after=0, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            for line in self.daemon.log[after:]:
                if re.search(pattern, line):
                    return line
            time.sleep(0.05)
        self.fail(f"no log line /{pattern}/: " + "".join(self.daemon.log[-10:]))

    def case(self, tok, cid):
        s, c = self.get("/api/v1/cases/" + cid, tok)
        self.assertEqual(s, 200, c)
        return c

    def overdue_card(self):
        tok = self.login("monitor")[1]["token"]
        s, summary = self.get("/api/v1/monitor/summary", tok)
        self.assertEqual(s, 200, summary)
        # Published figures (SECURITY.md "Disclosure control"): the card's total and the
        # overdue table by unit (from the deadline index) are the same cases, rounded alike.
        s, rows = self.get("/api/v1/monitor/cases", tok)
        self.assertEqual(s, 200, rows)
        return summary["now"]["overdue"]["total"], sum(r["overdue"] for r in rows["by_unit"])

    def hup(self):
        mark = len(self.daemon.log)
        self.daemon.proc.send_signal(signal.SIGHUP)
        return mark

    def test_correction_recompute_and_overdue(self):
        tok = self.login("inspector-TT-96")[1]["token"]
        received_old = (today_vn() - datetime.timedelta(days=40)).isoformat()
        today = today_vn().isoformat()
        # The first sweep (a second after start) flags the backdated cases: overdue now.
        self.wait_log(r"deadline sweep: 3 overdue")
        time.sleep(0.5)
        for cid in self.old:
            c = self.case(tok, cid)
            self.assertTrue(c["overdue"], c)
            self.assertGreater(c["overdue_days"], 0)
            self.assertTrue(c["was_late"])
        s, page = self.get("/api/v1/cases?overdue=true", tok)
        self.assertEqual(sorted(c["case_id"] for c in page["cases"]), sorted(self.old))
        card, table = self.overdue_card()
        self.assertEqual(card, table)
        self.assertIn(card, (0, 5))  # 3 cases, rounded to a multiple of 5
        f = self.daemon.post_json("/api/v1/followup", {"receipt": self.receipt})[2]
        self.assertTrue(f["overdue"], f)
        before_new = self.case(tok, self.new)
        self.assertFalse(before_new["overdue"])
        rule_set = cli_deadlines(self.dir, received_old)["rule_set"]

        # A bad file on SIGHUP: logged with its line, nothing changes, /healthz 200.
        with open(os.path.join(self.dir, "rule-sets.txt"), "w") as f:
            f.write("set broken 2030-01-01 T\ndenunciation.process 7 WD\nend\n")
        mark = self.hup()
        line = self.wait_log(r"domain data reload failed", mark)
        self.assertIn("rule-sets.txt:2: rule \"denunciation.process\" cites no article", line)
        self.assertEqual(self.daemon.request("GET", "/healthz")[0], 200)
        self.assertEqual(self.case(tok, self.old[0])["deadlines"],
                         self.case(tok, self.old[0])["deadlines"])
        self.assertTrue(self.case(tok, self.old[0])["overdue"])
        # The CLI refuses the same file with the same message.
        p = tocao("deadlines", "--kind", "denunciation", "--received", today, "--data", self.dir,
                  check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("rule-sets.txt:2: rule \"denunciation.process\" cites no article", p.stderr)

        # The corrections: a longer period for the old cases' set, a day off inside the new
        # case's running deadline (the first working day after today).
        with open(os.path.join(self.dir, "rule-sets.txt"), "w") as f:
            f.write(set_text(rule_set, 60))
        nxt = json.loads(tocao("calendar", "add-days", today, "1", "--working", "--json").stdout)
        with open(os.path.join(self.dir, "calendar-notices.txt"), "w") as f:
            f.write(f"off {nxt['date']} Nghỉ đột xuất thử nghiệm | Test day off\n")
        mark = self.hup()
        # A report submitted while the recompute runs is still answered.
        s, _, doc = self.daemon.post_json("/api/v1/reports", sample_report())
        self.assertEqual(s, 201, doc)
        self.wait_log(r"domain data reloaded", mark)
        line = self.wait_log(r"recompute: the domain data changed: (\d+) open cases checked, "
                             r"(\d+) changed", mark)
        self.assertGreaterEqual(int(re.search(r"(\d+) changed", line).group(1)), 4)

        # The daemon and `tocao deadlines --data` agree; the overdue flags moved.
        want_old = cli_deadlines(self.dir, received_old)["deadlines"]
        want_new = cli_deadlines(self.dir, today)["deadlines"]
        for cid in self.old:
            c = self.case(tok, cid)
            self.assertEqual(c["deadlines"]["process_by"], want_old["process_by"])
            self.assertFalse(c["overdue"], c)
            self.assertEqual(c["overdue_days"], 0)
            self.assertTrue(c["was_late"])  # kept for statistics
            events = [(e["event"], e.get("detail")) for e in c["timeline"]]
            self.assertEqual(events[-1], ("deadlines_recomputed", "rules " + rule_set))
        c = self.case(tok, self.new)
        self.assertEqual(c["deadlines"]["process_by"], want_new["process_by"])
        self.assertGreater(c["deadlines"]["process_by"], before_new["deadlines"]["process_by"])
        self.assertEqual(c["timeline"][-1]["event"], "deadlines_recomputed")
        self.assertIn(c["timeline"][-1]["detail"], ("calendar", "rules " + rule_set))
        self.assertIn("provisional", c)
        s, page = self.get("/api/v1/cases?overdue=true", tok)
        self.assertEqual(page["cases"], [])
        # The monitors' card and list follow.
        self.assertEqual(self.overdue_card(), (0, 0))
        # The reporter's view: within the deadline, not overdue (no "(đã quá hạn)").
        f = self.daemon.post_json("/api/v1/followup", {"receipt": self.receipt})[2]
        self.assertFalse(f["overdue"], f)
        self.assertEqual(f["deadlines"]["process_by"], want_old["process_by"])
        s, _, page = self.daemon.request("POST", "/followup", f"receipt={self.receipt}",
                                         {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(s, 200)
        self.assertNotIn("quá hạn", page.decode())
        # An offline recompute is refused while the daemon holds the store.
        p = tocao("recompute", "--data", self.dir, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("in use by a running tocaod", p.stderr)
        dry = json.loads(tocao("recompute", "--data", self.dir, "--dry-run", "--json").stdout)
        self.assertFalse(dry["needed"])

        # Stopped: the store verifies, and every changed case has its audit entry.
        self.assertEqual(self.daemon.stop(), 0)
        out = json.loads(tocao("verify", "--data", self.dir, "--json").stdout)
        self.assertTrue(out["ok"], out)
        env = lmdb.open(os.path.join(self.dir, "store"), max_dbs=16, readonly=True, lock=False)
        audit = env.open_db(b"audit")
        with env.begin(db=audit) as txn:
            recomputed = [bytes(v[46:54]).decode() for _, v in txn.cursor() if v[9] == 9]
        env.close()
        for cid in self.old + [self.new]:
            self.assertIn(cid, recomputed)
        # A bad file at start-up refuses to start, saying which line.
        with open(os.path.join(self.dir, "calendar-notices.txt"), "a") as f:
            f.write("off 2026-02-30 x | y\n")
        p = subprocess.run([os.path.join(BIN_DIR, "tocaod"), "-d", self.dir, "--listen",
                            "127.0.0.1:0"], capture_output=True, text=True, timeout=30)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("calendar-notices.txt:2:", p.stderr)
        os.remove(os.path.join(self.dir, "calendar-notices.txt"))
        # Offline, with the daemon stopped: a dry run of a change, then the change itself.
        with open(os.path.join(self.dir, "rule-sets.txt"), "w") as f:
            f.write(set_text(rule_set, 7))
        dry = json.loads(tocao("recompute", "--data", self.dir, "--dry-run", "--json").stdout)
        self.assertTrue(dry["needed"])
        self.assertTrue(set(self.old) <= {c["case_id"] for c in dry["cases"]}, dry)
        done = json.loads(tocao("recompute", "--data", self.dir, "--json").stdout)
        self.assertEqual(done["changed"], dry["changed"])
        self.assertFalse(json.loads(tocao("recompute", "--data", self.dir, "--dry-run",
                                          "--json").stdout)["needed"])
        self.assertTrue(json.loads(tocao("verify", "--data", self.dir, "--json").stdout)["ok"])
        self.daemon = Daemon(self.dir)


if __name__ == "__main__":
    main()
