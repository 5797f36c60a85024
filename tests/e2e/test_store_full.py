"""A full store answers 503 with Retry-After, corrupts nothing, and keeps serving."""
import json

from harness import InstanceTest, main, sample_report


class StoreFullTest(InstanceTest):
    # A 1 MiB map fills after a few hundred reports.
    conf = {"store_map_mb": "1"}

    def test_full_store(self):
        acked = []
        conn = self.daemon.connection()
        status = 201
        for i in range(5000):
            status, hdrs, doc = self.daemon.post_json(
                "/api/v1/reports", sample_report(details="Báo cáo số %d " % i + "x" * 800),
                conn=conn)
            if status != 201:
                break
            acked.append(doc)
        conn.close()
        self.assertEqual(status, 503, doc)
        self.assertEqual(doc["type"], "urn:tocao:problem:unavailable")
        self.assertIn("retry-after", hdrs)
        self.assertGreater(len(acked), 50)
        # Still serving, still refusing politely.
        self.assertEqual(self.daemon.request("GET", "/healthz")[0], 200)
        status, _, _ = self.submit(sample_report())
        self.assertEqual(status, 503)
        # Acknowledged reports are intact.
        for doc in (acked[0], acked[len(acked) // 2], acked[-1]):
            opened = self.open_case(doc["case_id"], doc["unit"])
            self.assertTrue(opened["report"]["details"].startswith("Báo cáo số"))


if __name__ == "__main__":
    main()
