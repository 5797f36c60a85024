"""Issue 15: every legal notice deadline watched, and reminders without content.

Notices: POST /api/v1/cases/{id}/notices records one as sent (timeline, audit), the list and
the case show what is owed, overdue notices appear in the monitors' figures and the CLI.
Reminders: a real SMTP server (aiosmtpd) on loopback receives the daily digests of a unit and
of an inspector and the monitor's weekly one; it is down when the daemon starts, so the first
tries fail (counted in /metrics) and nothing is lost once it is up; no mail holds any planted
case text, name or case id."""
import base64
import json
import os
import re
import socket
import subprocess
import time
import urllib.request

from aiosmtpd.controller import Controller

from harness import BIN_DIR, Daemon, main, sample_report, set_conf, today_vn, tocao
from test_inspector_sessions import InspectorBase

PLANTED = ["PLANTED-SUMMARY-5521", "PLANTED-DETAILS-7730", "Nguyễn Văn Planted",
           "Trần Văn Accused", "0912 345 678", "a@example.org"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Collect:
    def __init__(self):
        self.mails = []

    async def handle_DATA(self, server, session, envelope):
        self.mails.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def wait_for(what, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        v = what()
        if v:
            return v
        time.sleep(0.5)
    raise AssertionError("timed out")


class RemindersTest(InspectorBase):
    def act(self, cid, tok, **body):
        return self.daemon.post_json(f"/api/v1/cases/{cid}/actions", body,
                                     {"Authorization": "Bearer " + tok})

    def notice(self, cid, tok, **body):
        return self.daemon.post_json(f"/api/v1/cases/{cid}/notices", body,
                                     {"Authorization": "Bearer " + tok})

    def plant(self, n):
        r = sample_report(summary=f"PLANTED-SUMMARY-5521 {n}", details="PLANTED-DETAILS-7730",
                          reporter={"full_name": "Nguyễn Văn Planted", "address": "1 Phố X",
                                    "phone": "0912 345 678", "email": "a@example.org"},
                          accused={"name": "Trần Văn Accused"})
        s, _, doc = self.submit(r)
        self.assertEqual(s, 201, doc)
        return doc["case_id"]

    def metrics(self, port):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
            return r.read().decode()

    def test_notices_and_digests(self):
        tok = self.login("inspector-TT-96")[1]["token"]
        h = {"Authorization": "Bearer " + tok}
        late, fresh, sent = self.plant(1), self.plant(2), self.plant(3)
        for cid in (late, sent):
            s, _, c = self.act(cid, tok, action="accept")
            self.assertEqual(s, 200, c)
        day = today_vn().isoformat()
        # notify_accepted owed on an accepted denunciation, none on one only received.
        s, _, shown = self.daemon.request("GET", f"/api/v1/cases/{late}", headers=h)
        doc = json.loads(shown)
        self.assertEqual([n["kind"] for n in doc["notices"]], ["notify_accepted"])
        self.assertEqual(doc["notices"][0]["due"], doc["deadlines"]["notify_by"])
        self.assertNotIn("sent_on", doc["notices"][0])
        self.assertEqual(doc["notices_owed"], 1)
        # Recorded as sent: 200 with it, then owed no more; again: 409; refusals name the field.
        s, _, r = self.notice(sent, tok, kind="notify_accepted", sent_on=day, channel="post",
                              number="12/TB-TTT")
        self.assertEqual((s, r["notice"]["sent_on"], r["notice"]["number"]), (200, day, "12/TB-TTT"), r)
        s, _, r = self.notice(sent, tok, kind="notify_accepted", sent_on=day, channel="post")
        self.assertEqual(s, 409, r)
        s, _, r = self.notice(fresh, tok, kind="notify_accepted", sent_on=day, channel="post")
        self.assertEqual(s, 409, r)
        for bad in ({"kind": "nope", "sent_on": day, "channel": "post"},
                    {"kind": "notify_accepted", "sent_on": "2026-13-01", "channel": "post"},
                    {"kind": "notify_accepted", "sent_on": day, "channel": "pigeon"},
                    {"kind": "notify_accepted", "sent_on": day, "channel": "post", "number": "a\"b"},
                    {"kind": "notify_accepted", "sent_on": day, "channel": "post", "extra": 1}):
            s, _, r = self.notice(late, tok, **bad)
            self.assertEqual(s, 422, (bad, r))
        s, _, r = self.notice(late, tok, kind="notify_accepted", sent_on="2020-01-01", channel="post")
        self.assertEqual(s, 422, r)
        # Another unit's inspector: 404, as for a missing case.
        tok01 = self.login("inspector-TT-01")[1]["token"]
        s, _, r = self.notice(late, tok01, kind="notify_accepted", sent_on=day, channel="post")
        self.assertEqual(s, 404, r)
        s, _, doc = self.daemon.request("GET", f"/api/v1/cases/{sent}", headers=h)
        doc = json.loads(doc)
        self.assertEqual(doc["notices"][0]["sent_on"], day)
        self.assertEqual(doc["notices_owed"], 0)
        self.assertIn("notice_sent", [e["event"] for e in doc["timeline"]])
        s, _, lst = self.daemon.request("GET", "/api/v1/cases?notices=owed", headers=h)
        self.assertEqual(sorted(c["case_id"] for c in json.loads(lst)["cases"]), [late])
        pk = base64.b64encode(self.signer("inspector-TT-96")[1]).decode()
        s, _, r = self.daemon.post_json(f"/api/v1/cases/{late}/assign", {"to": pk}, h)
        self.assertEqual(s, 200, r)

        # Twelve days later: the late case's acceptance notice is overdue, and so is the other's
        # processing (e2e_age_case moves a stopped store's dates back).
        self.daemon.stop()
        for cid in (late, fresh):
            subprocess.run([os.path.join(BIN_DIR, "e2e_age_case"), os.path.join(self.dir, "store"),
                            cid, "12"], check=True, capture_output=True, timeout=60)
        smtp = free_port()
        set_conf(self.dir, {"smtp_url": f"smtp://127.0.0.1:{smtp}", "smtp_from": "tocao@tt96.example",
                            "digest_hour": "0", "digest_poll_s": "1", "monitor_digest_weekday": "7",
                            "metrics_listen": "127.0.0.1:0", "metrics_interval_s": "1",
                            "digest_link": "Mở tocao desk: https://desk.tt96.example/"})
        with open(os.path.join(self.dir, "mailboxes.txt"), "w") as f:
            f.write("# the units' mailboxes\nTT-96 hopthu@tt96.example\n")
        for name, addr in (("inspector-TT-96", "thanhtra.a@tt96.example"),
                           ("monitor", "giamsat@mttq.example")):
            with open(os.path.join(self.dir, "principals", name + ".mail"), "w") as f:
                f.write(addr + "\n")
        # What would be sent today, from the CLI.
        dry = tocao("digest", "--data", self.dir, "--dry-run").stdout
        self.assertIn("==== unit TT-96", dry)
        self.assertIn("Thông báo phải gửi / notices to send: 1 (quá hạn / overdue: 1)", dry)
        self.assertEqual(tocao("digest", "--data", self.dir, check=False).returncode, 2)

        # The relay is down when the daemon starts: tries fail, are counted, and retried.
        self.__class__.daemon = Daemon(self.dir)
        mport = int(wait_for(lambda: next((m.group(1) for l in self.daemon.log for m in
                                           [re.search(r"metrics listener.*port (\d+)", l)] if m), None)))
        wait_for(lambda: re.search(r"tocao_digest_send_failures_total [1-9]", self.metrics(mport)))
        self.assertTrue(any("did not take a digest" in l for l in self.daemon.log))
        collect = Collect()
        ctl = Controller(collect, hostname="127.0.0.1", port=smtp)
        ctl.start()
        try:
            wait_for(lambda: len(collect.mails) >= 3, timeout=180)
        finally:
            ctl.stop()
        wait_for(lambda: re.search(r"tocao_digests_sent_total 3\n", self.metrics(mport)))
        by_to = {tuple(r)[0]: c.decode() for r, c in collect.mails}
        self.assertEqual(sorted(by_to), ["giamsat@mttq.example", "hopthu@tt96.example",
                                         "thanhtra.a@tt96.example"])
        for to, text in by_to.items():
            for p in PLANTED + [late, fresh, sent]:
                self.assertNotIn(p, text, (to, p))
            self.assertIn("desk.tt96.example", text)
        unit = by_to["hopthu@tt96.example"]
        self.assertIn("Quá hạn / overdue: 1", unit)  # the fresh one's processing; late is accepted
        self.assertIn("notices to send: 1 (quá hạn / overdue: 1)", unit)
        mine = by_to["thanhtra.a@tt96.example"]
        self.assertIn("notices to send: 1 (quá hạn / overdue: 1)", mine)
        self.assertIn("Quá hạn / overdue: 0", mine)
        self.assertIn("published figures", by_to["giamsat@mttq.example"])
        # Queued once a day: a restart sends nothing more.
        self.daemon.stop()
        self.__class__.daemon = Daemon(self.dir)
        time.sleep(3)
        self.assertEqual(len(collect.mails), 3)


if __name__ == "__main__":
    main()
