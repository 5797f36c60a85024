"""Power loss, not only process death: what the disk keeps after a cut.

The daemon runs with tests/crash/pl_shim.c preloaded: every write and sync
it makes on the store's data file goes, in order, into a log. The load
writes a marker into the same log each time it receives a 201. Afterwards
the test builds the disk as a power cut at a record of the log would leave
it: what was synced before the cut (an fsync/fdatasync of the file covers
every write to it before; a write through an O_DSYNC descriptor - LMDB's
meta page - is durable by itself), plus a random subset of the writes made
since the last sync (the kernel may have written any of them back, in any
order). Each image must open with `tocao verify`, and every report
acknowledged before the cut must be in it with its envelope.

TOCAO_POWERLOSS_CUTS sets the number of cut points (default 60; a long run:
TOCAO_POWERLOSS_CUTS=2000, docs/CRASH.md). TOCAO_POWERLOSS_SEED replays one.
"""
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from harness import BIN_DIR, Daemon, main, sample_report, tocao  # noqa: E402

CUTS = int(os.environ.get("TOCAO_POWERLOSS_CUTS", "60"))
SEED = int(os.environ.get("TOCAO_POWERLOSS_SEED", str(random.randrange(1 << 30))))
LOAD_SECONDS = float(os.environ.get("TOCAO_POWERLOSS_SECONDS", "3"))
THREADS = 4
HEAD = struct.Struct("=IIQQ")
DATA = 0


def read_log(path):
    """The records: (type, file, offset, bytes)."""
    recs = []
    with open(path, "rb") as f:
        buf = f.read()
    at = 0
    while at < len(buf):
        typ, fil, off, n = HEAD.unpack_from(buf, at)
        at += HEAD.size
        recs.append((chr(typ), fil, off, buf[at:at + n]))
        at += n
    return recs


def apply(image, off, data):
    end = off + len(data)
    if len(image) < end:
        image.extend(b"\0" * (end - len(image)))
    image[off:end] = data


class PowerLossTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tocao-powerloss-")
        self.dir = os.path.join(self.tmp, "inst")
        self.log = os.path.join(self.tmp, "pl.log")
        tocao("init", "--dev", self.dir)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_load(self):
        """The daemon under the shim, a few seconds of submissions, then SIGKILL."""
        base = os.path.join(self.dir, "store", "data.mdb")
        self.base = open(base, "rb").read() if os.path.exists(base) else b""
        saved = {k: os.environ.get(k) for k in ("LD_PRELOAD", "TOCAO_PL_LOG", "ASAN_OPTIONS")}
        os.environ["LD_PRELOAD"] = os.path.join(BIN_DIR, "tocao_pl_shim.so")
        os.environ["TOCAO_PL_LOG"] = self.log
        asan = saved["ASAN_OPTIONS"]
        os.environ["ASAN_OPTIONS"] = (asan + ":" if asan else "") + "verify_asan_link_order=0"
        try:
            daemon = Daemon(self.dir)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        marks = os.open(self.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        lock = threading.Lock()
        stop = threading.Event()
        acked = []

        def worker(no):
            conn, seq = None, 0
            while not stop.is_set():
                seq += 1
                try:
                    conn = conn or daemon.connection(timeout=10)
                    status, _, doc = daemon.post_json(
                        "/api/v1/reports", sample_report(details=f"Nội dung kiểm thử mất điện {no}-{seq}"), conn=conn)
                except Exception:
                    conn = None
                    continue
                if status == 201:
                    cid = doc["case_id"].encode()
                    with lock:  # one append per marker, after the 201 arrived
                        os.write(marks, HEAD.pack(ord("M"), 0, 0, len(cid)) + cid)
                        acked.append(doc["case_id"])

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        time.sleep(LOAD_SECONDS)
        daemon.kill()
        stop.set()
        for t in threads:
            t.join(60)
        os.close(marks)
        return acked

    def check_image(self, image, acked, no):
        img = os.path.join(self.tmp, "img")
        shutil.rmtree(img, ignore_errors=True)
        os.makedirs(os.path.join(img, "store"))
        with open(os.path.join(img, "store", "data.mdb"), "wb") as f:
            f.write(image)
        ids = os.path.join(self.tmp, "ids")
        with open(ids, "w") as f:
            f.write("".join(a + "\n" for a in acked))
        v = tocao("verify", "--data", img, "--json", check=False)
        self.assertEqual(v.returncode, 0, f"cut {no} (seed {SEED}): verify: {v.stdout}{v.stderr}")
        found = json.loads(v.stdout)["cases"]
        c = subprocess.run([os.path.join(BIN_DIR, "crash_check"), os.path.join(img, "store"), ids],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(c.returncode, 0, f"cut {no} (seed {SEED}): {c.stdout}{c.stderr}")
        self.assertGreaterEqual(found, len(acked))
        return found

    def control(self, recs, acked):
        """The check can fail: a disk that lost the writes of the last synced commits
        while keeping their meta pages (what a sync that lied would leave) is refused."""
        syncs = [i for i, r in enumerate(recs) if r[0] == "S" and r[1] == DATA
                 and i + 1 < len(recs) and any(x[0] == "D" for x in recs[i + 1:i + 4])]
        lost = set(syncs[-3:])
        image, pending = bytearray(self.base), []
        for i, (typ, fil, off, data) in enumerate(recs):
            if typ == "S" and fil == DATA:
                for o, d in ([] if i in lost else pending):
                    apply(image, o, d)
                pending = []
            elif typ == "W" and fil == DATA:
                pending.append((off, data))
            elif typ == "D" and fil == DATA:
                apply(image, off, data)
        with self.assertRaises(AssertionError):
            self.check_image(bytes(image), acked, "control")

    def test_power_cuts(self):
        acked_all = self.run_load()
        recs = read_log(self.log)
        kinds = {k: sum(1 for r in recs if r[0] == k) for k in "WDSMRYTA"}
        self.assertGreater(kinds["M"], 20, "the load produced too few acknowledgements")
        self.assertGreater(kinds["S"], 0, "the shim saw no sync of the data file")
        self.assertGreater(kinds["D"], 0, "the shim saw no O_DSYNC meta write")
        self.assertEqual(kinds["T"], 0, "LMDB truncated the data file: the replay does not model it")
        rng = random.Random(SEED)
        n = len(recs) + 1
        cuts = sorted(set(rng.sample(range(n), min(CUTS, n)) + [n - 1]))
        # Replay once, in order: durable is the disk if every cache were lost; pending
        # the writes since the last sync, any subset of which the disk may also hold.
        durable, pending, acked = bytearray(self.base), [], []
        tried = subsets = 0
        ci = 0
        for i in range(n):
            while ci < len(cuts) and cuts[ci] == i:
                image = bytearray(durable)
                chosen = [p for p in pending if rng.random() < 0.5] if tried % 4 else []
                for off, data in chosen:
                    apply(image, off, data)
                subsets += bool(chosen)
                self.check_image(bytes(image), acked, i)
                tried += 1
                ci += 1
            if i == n - 1:
                break
            typ, fil, off, data = recs[i]
            if typ == "M":
                acked.append(data.decode())
            elif typ == "A" or (typ == "S" and fil == DATA):
                for o, d in pending:
                    apply(durable, o, d)
                pending = []
            elif fil != DATA:
                continue
            elif typ == "W":
                pending.append((off, data))
            elif typ == "D":
                apply(durable, off, data)
        self.assertEqual(sorted(acked), sorted(acked_all))
        self.control(recs, acked_all)
        print(f"power loss: {tried} cut points over {len(recs)} log records "
              f"({kinds['W']} writes, {kinds['D']} O_DSYNC meta writes, {kinds['S']} syncs, "
              f"{len(acked_all)} acknowledged reports), {subsets} with unsynced writes "
              f"kept; every image verified and held every report acknowledged before "
              f"its cut (seed {SEED})")


if __name__ == "__main__":
    main()
