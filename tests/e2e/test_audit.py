"""The audit log: every session, listing, envelope fetch, action and message, hash-chained;
`tocao verify` finds an edited or removed entry."""
import json
import os
import shutil
import struct

import lmdb

from harness import main, sample_report, tocao
from test_inspector_sessions import InspectorBase


def verify(d):
    p = tocao("verify", "--data", d, "--json", check=False)
    return p.returncode, json.loads(p.stdout) if p.stdout else None, p.stderr


class AuditTest(InspectorBase):
    def test_chain_and_tampering(self):
        doc = self.submit(sample_report())[2]
        tok = self.login("inspector-TT-96")[1]["token"]
        self.get("/api/v1/cases", tok)
        self.get("/api/v1/cases/" + doc["case_id"], tok)
        h = {"Authorization": "Bearer " + tok}
        s, _, _ = self.daemon.post_json(f"/api/v1/cases/{doc['case_id']}/actions",
                                        {"action": "accept"}, h)
        self.assertEqual(s, 200)
        # A refused action leaves no entry.
        s, _, _ = self.daemon.post_json(f"/api/v1/cases/{doc['case_id']}/actions",
                                        {"action": "resume"}, h)
        self.assertEqual(s, 409)
        self.daemon.stop()
        self.__class__.daemon = type(self.daemon)(self.dir)

        rc, out, err = verify(self.dir)
        self.assertEqual(rc, 0, err)
        self.assertTrue(out["ok"])
        self.assertEqual(out["cases"], 1)
        self.assertEqual(out["audit_entries"], 4)  # session, list, show, accept

        def tampered(name, change):
            copy = os.path.join(self.tmp, name)
            shutil.copytree(self.dir, copy, ignore=shutil.ignore_patterns("lock.mdb"))
            env = lmdb.open(os.path.join(copy, "store"), max_dbs=16)
            audit = env.open_db(b"audit")
            with env.begin(write=True, db=audit) as txn:
                change(txn)
            env.close()
            return verify(copy)

        def edit(txn):
            key = struct.pack(">Q", 1)
            val = bytearray(txn.get(key))
            val[9] ^= 0x01  # the entry's kind
            txn.put(key, bytes(val))

        rc, out, _ = tampered("edited", edit)
        self.assertEqual(rc, 1)
        self.assertIn("altered", out["problem"])

        rc, out, _ = tampered("removed", lambda txn: txn.delete(struct.pack(">Q", 2)))
        self.assertEqual(rc, 1)
        self.assertIn("missing", out["problem"])

        def rechain(txn):
            # Remove an entry and renumber the rest: the hashes no longer follow.
            last = struct.pack(">Q", 3)
            val = txn.get(last)
            txn.delete(last)
            txn.put(struct.pack(">Q", 2), val)
        rc, out, _ = tampered("renumbered", rechain)
        self.assertEqual(rc, 1)


if __name__ == "__main__":
    main()
