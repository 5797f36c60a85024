"""Schema upgrades (docs/OPERATIONS.md "Upgrades"): a store written under schema 1 to 7 is
brought to schema 8 when the daemon starts (counters rebuilt, every case still there); a store
from a newer version is refused with a clear message, a non-zero exit, and not a byte changed.

The older stores are made here from a current one by a small writer (python3-lmdb) that
produces the old layout: schema 1 lacks the month roll-up of the counters (keys of kind 'a' to
'z'), which schema 2 added; schema 2 is schema 3 with its version number; schema 3 lacks the
quarter and year roll-ups, the charts' totals and the overdue cases by deadline day, which
schema 4 added; schema 4 lacks the totals per dimension (kinds 0x90 to 0x94,
cases/case_totals.h) and the accused's level in the case records (byte 127, zero before), which
schema 5 added; schema 5 lacks the decline's ground (record byte 27, zero before, and the value
of the declined counters), which schema 6 added: nothing is rebuilt for it, an older decline
reads as "not recorded"; schemas 5 and 6 lack every filter's breakdowns in the totals (families
0x98 to 0x9b, masks 12 and 13 of the events, 4 and 5 of the days histograms) and the overdue
cases by deadline under every filter (0x95, 0x96), and have the overdue cases by deadline by
unit only (0x94), which schema 7 replaced; schemas up to 7 lack each filter's total by day
(family 0x97), which schema 8 added."""
import base64
import hashlib
import os
import shutil
import struct
import subprocess

import lmdb
from nacl.signing import SigningKey

from harness import TOCAOD, Daemon, InstanceTest, main, sample_report, tocao

import tocao_format  # noqa: E402  (tests/interop, put on the path by harness)


def open_env(store):
    return lmdb.open(store, max_dbs=16)


def read_schema(store):
    env = open_env(store)
    with env.begin() as txn:
        v = txn.get(b"schema", db=env.open_db(b"meta", txn=txn))
    env.close()
    return struct.unpack(">I", v)[0]


def counters(store):
    env = open_env(store)
    with env.begin() as txn:
        out = dict(txn.cursor(db=env.open_db(b"counts", txn=txn)))
    env.close()
    return out


SCHEMA = 8  # store/store.h STORE_SCHEMA_VERSION
TOTALS = range(0x90, 0x9c)  # the totals per dimension (cases/case_totals.h) and due days


def added_in_7(k):
    """A counter schema 7 added (cases/case_totals.c added_in_7)."""
    if k[0] in (0x95, 0x96) or 0x98 <= k[0] <= 0x9b:
        return True
    if not 0x90 <= k[0] <= 0x93 or len(k) != 22:
        return False
    days = k[5] in (ord("H"), ord("F"))
    return k[6] in ((4, 5) if days else (12, 13))


def added_in_8(k):
    """A counter schema 8 added: a filter's total by day (cases/case_totals.c FAMILY_DAY)."""
    return k[0] == 0x97 and len(k) == 22


def schema5_due(txn, counts):
    """Schema 5's overdue cases by deadline day by unit (0x94), from the day counters ('L')."""
    out = {}
    for k, v in txn.cursor(db=counts):
        if k[0] != ord("L") or len(k) != 19:
            continue
        day, province, unit = k[1:5], k[5:7], k[7:15]
        for key in (bytes([0x94, 2]) + b"\0\0" + day + unit,
                    bytes([0x94, 3]) + province + day + unit):
            out[key] = out.get(key, 0) + struct.unpack(">q", v)[0]
    return out


def make_old(store, schema):
    """Rewrite a current store into the layout schema wrote."""
    env = open_env(store)
    with env.begin(write=True) as txn:
        counts = env.open_db(b"counts", txn=txn)
        if schema < 6:
            cases = env.open_db(b"cases", txn=txn)
            for k, v in list(txn.cursor(db=cases)):
                txn.put(k, v[:27] + b"\0" + v[28:], db=cases)
        if schema == 7:
            days = [k for k, _ in txn.cursor(db=counts) if added_in_8(k)]
            assert days, "no day totals to remove"
            for k in days:
                txn.delete(k, db=counts)
        if schema in (5, 6):
            for k in [k for k, _ in txn.cursor(db=counts) if added_in_7(k) or added_in_8(k)]:
                txn.delete(k, db=counts)
            for k, n in schema5_due(txn, counts).items():
                txn.put(k, struct.pack(">q", n), db=counts)
        if schema < 5:
            totals = [k for k, _ in txn.cursor(db=counts) if k[0] in TOTALS]
            assert totals, "no totals to remove"
            for k in totals:
                txn.delete(k, db=counts)
            cases = env.open_db(b"cases", txn=txn)
            for k, v in list(txn.cursor(db=cases)):
                txn.put(k, v[:127] + b"\0", db=cases)
        if schema < 4:
            # Schema 4 added the quarter and year roll-ups (kinds from 0x80), the charts'
            # totals (below 'A') and the overdue cases by their deadline's day ('L').
            coarse = [k for k, _ in txn.cursor(db=counts)
                      if k[0] >= 0x80 or k[0] < ord("A") or k[0] == ord("L")]
            assert coarse, "no coarse roll-up to remove"
            for k in coarse:
                txn.delete(k, db=counts)
        if schema < 2:
            months = [k for k, _ in txn.cursor(db=counts) if k[0] >= ord("a")]
            assert months, "no month roll-up to remove"
            for k in months:
                txn.delete(k, db=counts)
        txn.put(b"schema", struct.pack(">I", schema), db=env.open_db(b"meta", txn=txn))
    env.close()


def n64(v):
    return struct.unpack(">q", v)[0] if v else 0


def inspector_token(daemon, instance):
    """A session of the dev instance's inspector of TT-96 (test_inspector_sessions.py's way)."""
    from test_inspector_sessions import CONTEXT, b64
    seed, pk = tocao_format.load_signer_secret(
        os.path.join(instance, "dev-secrets", "inspector-TT-96.key"))[2:]
    s, _, ch = daemon.post_json("/api/v1/sessions/challenge", {})
    sig = SigningKey(seed).sign(CONTEXT + base64.b64decode(ch["challenge"]) + pk).signature
    s, _, doc = daemon.post_json("/api/v1/sessions", {"public_key": b64(pk),
                                                     "challenge": ch["challenge"],
                                                     "signature": b64(sig)})
    assert s == 201, doc
    return doc["token"]


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class SchemaUpgradeTest(InstanceTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cases = [cls.daemon.post_json("/api/v1/reports", sample_report())[2]["case_id"]
                     for _ in range(5)]
        # One declined on a ground (schema 6): the downgrade to 5 zeroes it in the record.
        tok = inspector_token(cls.daemon, cls.dir)
        s, _, _ = cls.daemon.post_json(f"/api/v1/cases/{cls.cases[0]}/actions",
                                       {"action": "decline", "ground": "den-29-1-d"},
                                       {"Authorization": "Bearer " + tok})
        assert s == 200, s
        cls.daemon.stop()
        cls.daemon = Daemon(cls.dir)  # the base class's tearDown stops it
        cls.daemon.stop()
        cls.current = counters(os.path.join(cls.dir, "store"))

    def copy(self, name):
        d = os.path.join(self.tmp, name)
        shutil.copytree(self.dir, d, ignore=shutil.ignore_patterns("lock.mdb", "owner.lock"))
        return d

    def check_upgrade(self, schema):
        d = self.copy(f"schema{schema}")
        store = os.path.join(d, "store")
        make_old(store, schema)
        self.assertEqual(read_schema(store), schema)
        # Read-only tools do not read an old store half-upgraded: they refuse it.
        self.assertNotEqual(tocao("verify", "--data", d, check=False).returncode, 0)
        daemon = Daemon(d)
        status, _, doc = daemon.post_json("/api/v1/reports", sample_report())
        self.assertEqual(daemon.stop(), 0)
        self.assertEqual(status, 201)
        self.assertEqual(read_schema(store), SCHEMA)
        for c in self.cases:
            tocao("export", "--data", d, c)
        self.assertIn("ok: 6 cases", tocao("verify", "--data", d).stdout)
        return counters(store)

    def test_from_schema_1(self):
        after = self.check_upgrade(1)
        months = {k for k in self.current if ord("a") <= k[0] <= ord("z")}
        self.assertTrue(months)
        self.assertTrue(months <= set(after), "the month roll-up was not rebuilt")

    def test_from_schema_2(self):
        self.check_upgrade(2)

    def test_from_schema_3(self):
        after = self.check_upgrade(3)
        # (The totals per dimension are checked from schema 4: rebuilt, they count at level 0.)
        coarse = {k: v for k, v in self.current.items()
                  if (k[0] >= 0x80 and k[0] not in TOTALS) or k[0] < ord("A")}
        self.assertTrue(coarse)
        # Rebuilt as they were kept (one more report since: its counters are one more).
        def n(v):
            return struct.unpack(">q", v)[0] if v else 0
        for k, v in coarse.items():
            self.assertIn(n(after.get(k)) - n(v), (0, 1), k)

    def test_from_schema_4(self):
        after = self.check_upgrade(4)
        totals = {k: v for k, v in self.current.items() if k[0] in TOTALS}
        self.assertTrue(totals)

        def n(v):
            return struct.unpack(">q", v)[0] if v else 0
        # Rebuilt from the month roll-up and the present, every older case at level 0 (not
        # recorded): a total by level moves from the reports' level to 0; every other total
        # is as it was kept (one more report since: one more), or, for the present's, one
        # less where that report's counters moved its case (none here: all stay received).
        level_kept = 16  # mask bit of the level (cases/case_totals.h)
        for k, v in totals.items():
            mask, level = (k[6], k[19]) if len(k) == 22 else (0, 0)  # 0x94: by unit only
            if mask & level_kept and level != 0:
                continue
            self.assertIn(n(after.get(k)) - n(v), (0, 1), k)
        by_level = [k for k in totals if len(k) == 22 and k[6] & level_kept and k[19] != 0]
        self.assertTrue(by_level, "the reports' level is in the totals")
        rebuilt_zero = [k for k in after
                        if k[0] in TOTALS and len(k) == 22 and k[6] & level_kept and k[19] == 0]
        self.assertTrue(rebuilt_zero, "older cases count at level 0")

    def test_from_schema_5(self):
        after = self.check_upgrade(5)
        self.check_scale_totals(after)
        # The declined case kept its ground's count; its record now reads "not recorded".
        declined = [k for k in after if k[0] == ord("D")]
        self.assertEqual([(k[17] << 8) | k[18] for k in declined], [4])  # den-29-1-d
        s = tocao("export", "--data", self.tmp + "/schema5", self.cases[0]).stdout
        self.assertNotIn("decline_ground", s)

    def test_from_schema_6(self):
        after = self.check_upgrade(6)
        self.check_scale_totals(after)
        # The decline's ground, recorded since schema 6, is kept.
        s = tocao("export", "--data", self.tmp + "/schema6", self.cases[0]).stdout
        self.assertIn("decline_ground", s)

    def test_from_schema_7(self):
        after = self.check_upgrade(7)
        self.check_day_totals(after)
        # Nothing else rebuilt: every other total is as it was kept (one more report since).
        rest = {k: v for k, v in self.current.items() if k[0] in TOTALS and not added_in_8(k)}
        self.assertTrue(rest)
        for k, v in rest.items():
            self.assertIn(n64(after.get(k)) - n64(v), (0, 1), k)

    def check_day_totals(self, after):
        """Each filter's total by day (schema 8), built from the day counters as they were kept."""
        days = {k: v for k, v in self.current.items() if added_in_8(k)}
        # The reports' received, each under the 8 filters (every mask of province, track, category).
        received = [k for k in days if k[5] == ord("R")]
        self.assertEqual({k[6] for k in received}, {0, 1, 4, 8, 5, 9, 12, 13})
        for k, v in days.items():
            self.assertIn(n64(after.get(k)) - n64(v), (0, 1), k)

    def check_scale_totals(self, after):
        """What schema 7 added, built from the full counters as they were kept."""
        added = {k: v for k, v in self.current.items() if added_in_7(k)}
        self.assertTrue(any(k[0] == 0x98 for k in added), "no breakdown of a filter")
        # (No case here is overdue: the overdue ones by deadline are checked in cases_totals_test.)

        def n(v):
            return struct.unpack(">q", v)[0] if v else 0
        # One more report since: one more.
        for k, v in added.items():
            self.assertIn(n(after.get(k)) - n(v), (0, 1), k)
        self.assertFalse([k for k in after if k[0] == 0x94], "schema 5's 0x94 not dropped")
        self.check_day_totals(after)

    def test_newer_store_refused_untouched(self):
        d = self.copy("newer")
        store = os.path.join(d, "store")
        make_old(store, SCHEMA + 1)
        before = digest(os.path.join(store, "data.mdb"))
        with self.assertRaises(AssertionError) as e:
            Daemon(d)
        msg = str(e.exception)
        p = subprocess.run([TOCAOD, "-d", d, "--listen", "127.0.0.1:0"], capture_output=True,
                           text=True, timeout=60)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn(f"schema {SCHEMA + 1}, written by a newer tocao", msg)
        self.assertIn("the store was not changed", msg)
        self.assertEqual(digest(os.path.join(store, "data.mdb")), before)
        p = tocao("verify", "--data", d, check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("version", p.stderr)
        self.assertEqual(digest(os.path.join(store, "data.mdb")), before)


if __name__ == "__main__":
    main()
