"""Issue 6: several event loops (threads = 2). Connections are spread over
the loops by the kernel (SO_REUSEPORT); every report sent concurrently over
many connections is acknowledged and stored, and a session made on one
connection works on any other, whichever loop serves it."""
import os
import subprocess
import threading

from harness import TOCAOD, main, sample_report, set_conf, tocao
from test_inspector_sessions import InspectorBase

CONNS = 24
PER_CONN = 4


class ThreadsTest(InspectorBase):
    conf = {"threads": "2",
            "submit_per_source_per_min": "100000", "submit_per_source_burst": "100000",
            "submit_global_per_s": "100000", "submit_global_burst": "100000",
            "max_connections_per_source": "256"}

    def test_serving_from_two_loops(self):
        self.assertTrue(any("serving from 2 event loops" in l for l in self.daemon.log),
                        "".join(self.daemon.log))

    def test_port_in_use_is_refused(self):
        # SO_REUSEPORT must not let a second daemon (same user) join our port
        # and silently take part of the traffic: it fails to start as before.
        other = os.path.join(self.tmp, "other")
        tocao("init", "--dev", other)
        set_conf(other, {"threads": "2"})
        p = subprocess.run([TOCAOD, "-d", other, "--listen", f"127.0.0.1:{self.daemon.port}"],
                           capture_output=True, text=True, timeout=30)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("cannot bind", p.stderr)

    def test_concurrent_submissions_all_stored(self):
        results, errors = [], []
        lock = threading.Lock()
        start = threading.Barrier(CONNS)

        def client():
            try:
                conn = self.daemon.connection()
                start.wait()
                for _ in range(PER_CONN):  # kept alive: several reports per connection
                    s, _, doc = self.daemon.post_json("/api/v1/reports", sample_report(),
                                                      conn=conn)
                    with lock:
                        results.append((s, doc))
                conn.close()
            except Exception as e:  # noqa: BLE001 - reported below
                with lock:
                    errors.append(repr(e))

        ts = [threading.Thread(target=client) for _ in range(CONNS)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(120)
        self.assertEqual(errors, [])
        self.assertEqual(len(results), CONNS * PER_CONN)
        self.assertEqual([s for s, _ in results], [201] * len(results),
                         [d for s, d in results if s != 201][:3])
        ids = {d["case_id"] for _, d in results}
        self.assertEqual(len(ids), len(results))
        # Acknowledged means stored: every case is in the store.
        for cid in sorted(ids):
            self.assertEqual(self.export(cid)["case_id"], cid)

    def test_session_works_on_other_connections(self):
        self.submit(sample_report())
        s, sess, _ = self.login("inspector-TT-96")
        self.assertEqual(s, 201, sess)
        tok = sess["token"]
        # Each request on a new connection: with two loops, some land on the other one.
        for _ in range(12):
            s, page = self.get("/api/v1/cases?limit=1", tok)
            self.assertEqual(s, 200, page)
        s, _, _ = self.daemon.request("DELETE", "/api/v1/sessions/current",
                                      headers={"Authorization": "Bearer " + tok})
        self.assertIn(s, (200, 204))
        for _ in range(6):
            s, _ = self.get("/api/v1/cases?limit=1", tok)
            self.assertEqual(s, 401)


if __name__ == "__main__":
    main()
