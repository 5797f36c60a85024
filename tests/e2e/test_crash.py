"""Non-negotiable 2: kill -9 mid-load loses nothing that was acknowledged with 201.

Rounds default to 3 (TOCAO_CRASH_ROUNDS raises it for soak runs).
"""
import base64
import json
import os
import random
import shutil
import tempfile
import threading
import time
import unittest

from harness import Daemon, main, sample_report, tocao

import tocao_format

ROUNDS = int(os.environ.get("TOCAO_CRASH_ROUNDS", "3"))
THREADS = 8


class CrashTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tocao-crash-")
        self.dir = os.path.join(self.tmp, "inst")
        tocao("init", "--dev", self.dir)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def load(self, daemon, acked, stop):
        def worker(no):
            conn = None
            seq = 0
            while not stop.is_set():
                token = f"crash-{no}-{seq}-{random.getrandbits(40):x}"
                seq += 1
                try:
                    conn = conn or daemon.connection(timeout=5)
                    status, _, doc = daemon.post_json(
                        "/api/v1/reports", sample_report(details="Nội dung kiểm thử " + token),
                        conn=conn)
                except Exception:
                    conn = None
                    if daemon.proc.poll() is not None:
                        return
                    continue
                if status == 201:
                    acked.append((doc["case_id"], doc["unit"], token))
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        return threads

    def test_kill_mid_load(self):
        acked = []
        kills = 0
        for rnd in range(ROUNDS):
            daemon = Daemon(self.dir)
            stop = threading.Event()
            threads = self.load(daemon, acked, stop)
            time.sleep(random.uniform(0.5, 1.5))
            daemon.kill()
            kills += 1
            stop.set()
            for t in threads:
                t.join(30)
        self.assertGreater(len(acked), 50, "the load produced too few acknowledgements")

        # Everything acknowledged is there, intact and readable by its unit.
        keys = {}
        for case_id, unit, token in acked:
            exp = json.loads(tocao("export", "--data", self.dir, case_id).stdout)
            if unit not in keys:
                keys[unit] = tocao_format.load_unit_secret(
                    os.path.join(self.dir, "dev-secrets", unit + ".key"))
            _, pk, sk = keys[unit]
            body, _, header = tocao_format.open_envelope(
                base64.b64decode(exp["envelope"]), sk, pk)
            self.assertEqual(header["case_id"], case_id)
            self.assertIn(token, json.loads(body)["details"])

        # The store and its indexes are whole.
        p = tocao("verify", "--data", self.dir)
        self.assertIn("ok:", p.stdout)

        # And the daemon starts again on the same store and keeps working.
        daemon = Daemon(self.dir)
        status, _, doc = daemon.post_json("/api/v1/reports", sample_report())
        daemon.stop()
        self.assertEqual(status, 201)
        print(f"crash test: {kills} kills, {len(acked)} acknowledged reports, all intact")


if __name__ == "__main__":
    main()
