"""Retention (docs/OPERATIONS.md "Retention"): closed cases past their period are deleted by
the daemon's sweep, with an audit entry each and the counters kept; open ones never; the
dry run lists without deleting; a period shorter than the law's floor is refused at start;
compaction leaves none of a deleted case's sealed bytes in the file."""
import base64
import json
import os
import shutil
import subprocess
import time

import lmdb

from harness import BIN_DIR, Daemon, main, sample_report, set_conf, tocao
from test_inspector_sessions import InspectorBase

AGE_DAYS = 21 * 366  # past a 20-year period


def snapshot(inst, tmp, name):
    """A copy of the store read with python3-lmdb: (counters, audit entries)."""
    copy = os.path.join(tmp, name)
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(os.path.join(inst, "store"), copy, ignore=shutil.ignore_patterns("lock.mdb"))
    env = lmdb.open(copy, max_dbs=16, readonly=True, lock=False)
    with env.begin() as txn:
        counts = dict(txn.cursor(db=env.open_db(b"counts", txn=txn)))
        audit = [bytes(v) for _, v in txn.cursor(db=env.open_db(b"audit", txn=txn))]
    env.close()
    return counts, audit


class RetentionTest(InspectorBase):
    def act(self, case_id, token, **body):
        h = {"Authorization": "Bearer " + token}
        return self.daemon.post_json(f"/api/v1/cases/{case_id}/actions", body, h)

    def wait_log(self, text):
        deadline = time.time() + 60
        while not any(text in line for line in self.daemon.log) and time.time() < deadline:
            time.sleep(0.2)
        self.assertTrue(any(text in line for line in self.daemon.log), text)

    def exists(self, case_id):
        return tocao("export", "--data", self.dir, case_id, check=False).returncode == 0

    def test_retention(self):
        old_closed = self.submit(sample_report(details="Vụ việc cũ đã đóng, quá hạn lưu trữ."))[2]
        old_open = self.submit(sample_report(details="Vụ việc cũ vẫn đang mở, phải giữ lại."))[2]
        new_closed = self.submit(sample_report(details="Vụ việc mới đóng, chưa hết hạn lưu."))[2]
        tok = self.login("inspector-TT-96")[1]["token"]
        for c in (old_closed, new_closed):
            s, _, _ = self.act(c["case_id"], tok, action="decline", ground="den-other")
            self.assertEqual(s, 200)
        sealed = base64.b64decode(self.export(old_closed["case_id"])["envelope"])
        self.assertEqual(self.daemon.stop(), 0)

        store = os.path.join(self.dir, "store")
        for c in (old_closed, old_open):
            subprocess.run([os.path.join(BIN_DIR, "e2e_age_case"), store, c["case_id"],
                            str(AGE_DAYS)], check=True, timeout=60)

        # A run without retention first: its sweep marks the aged open case overdue (a
        # counter change of its own), so that the comparison below sees retention's only.
        self.daemon = Daemon(self.dir)
        self.wait_log("deadline sweep:")
        self.assertEqual(self.daemon.stop(), 0)

        # Shorter than the law allows: refused at start, and by the command, with the reason.
        set_conf(self.dir, {"retention_denunciation_years": "5"})
        with self.assertRaises(AssertionError) as e:
            self.daemon = Daemon(self.dir)
        self.assertIn("shorter than the law allows", str(e.exception))
        self.assertIn("01/2025/TT-TTCP", str(e.exception))
        p = tocao("retention", "--data", self.dir, "--dry-run", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("shorter than the law allows", p.stderr)

        # The dry run lists the old closed case only (id and dates, no content), deletes nothing.
        set_conf(self.dir, {"retention_denunciation_years": "20"})
        out = json.loads(tocao("retention", "--data", self.dir, "--dry-run", "--json").stdout)
        self.assertEqual([c["case_id"] for c in out["cases"]], [old_closed["case_id"]])
        self.assertEqual(set(out["cases"][0]), {"case_id", "track", "closed", "deletable_since"})
        self.assertEqual(out["deleted"], 0)
        self.assertTrue(self.exists(old_closed["case_id"]))
        counts_before, audit_before = snapshot(self.dir, self.tmp, "before")

        # The daemon's sweep (a second after start) deletes it.
        self.daemon = Daemon(self.dir)
        deadline = time.time() + 90
        while self.exists(old_closed["case_id"]) and time.time() < deadline:
            time.sleep(0.5)
        self.assertFalse(self.exists(old_closed["case_id"]), "the sweep did not delete the case")
        self.assertTrue(self.exists(old_open["case_id"]), "an open case was deleted")
        self.assertTrue(self.exists(new_closed["case_id"]), "a case within its period was deleted")
        # Its receipt leads nowhere now; the others' still do.
        s, _, _ = self.daemon.post_json("/api/v1/followup", {"receipt": old_closed["receipt"]})
        self.assertIn(s, (401, 404))
        s, _, _ = self.daemon.post_json("/api/v1/followup", {"receipt": old_open["receipt"]})
        self.assertEqual(s, 200)
        self.assertEqual(self.daemon.stop(), 0)

        counts_after, audit_after = snapshot(self.dir, self.tmp, "after")
        self.assertEqual(counts_after, counts_before, "the counters changed")
        self.assertEqual(audit_after[:len(audit_before)], audit_before)
        new = audit_after[len(audit_before):]
        deletions = [b for b in new if b[9] == 14]
        self.assertEqual(len(deletions), 1)
        self.assertEqual(deletions[0][46:54].decode(), old_closed["case_id"])
        self.assertEqual(deletions[0][54:64].decode(), out["cases"][0]["closed"])
        self.assertIn("ok:", tocao("verify", "--data", self.dir).stdout)

        # Compaction: none of the deleted case's sealed bytes are left in the file.
        p = tocao("retention", "--data", self.dir, "--compact")
        self.assertIn("compacted:", p.stdout)
        with open(os.path.join(store, "data.mdb"), "rb") as f:
            data = f.read()
        for at in range(0, len(sealed) - 32, 32):
            self.assertNotIn(sealed[at:at + 32], data)
        self.assertIn("ok:", tocao("verify", "--data", self.dir).stdout)
        self.assertTrue(self.exists(old_open["case_id"]))
        self.daemon = Daemon(self.dir)  # starts again on the compacted store (stopped by tearDown)


if __name__ == "__main__":
    main()
