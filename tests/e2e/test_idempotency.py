"""Idempotency-Key: a retried submission returns the same case and receipt."""
import json
import threading
import uuid

from harness import InstanceTest, main, sample_report


class IdempotencyTest(InstanceTest):
    def test_retry_returns_the_same_case(self):
        key = str(uuid.uuid4())
        s1, _, d1 = self.submit(sample_report(), {"Idempotency-Key": key})
        s2, _, d2 = self.submit(sample_report(), {"Idempotency-Key": key})
        self.assertEqual((s1, s2), (201, 201))
        self.assertEqual(d1, d2)
        s3, _, d3 = self.submit(sample_report(), {"Idempotency-Key": str(uuid.uuid4())})
        self.assertEqual(s3, 201)
        self.assertNotEqual(d3["case_id"], d1["case_id"])
        s4, _, d4 = self.submit(sample_report())
        self.assertNotEqual(d4["case_id"], d1["case_id"])

    def test_same_key_other_request_is_refused(self):
        key = str(uuid.uuid4())
        s1, _, _ = self.submit(sample_report(), {"Idempotency-Key": key})
        s2, hdrs, d2 = self.submit(sample_report(summary="Một nội dung khác hẳn"),
                                   {"Idempotency-Key": key})
        self.assertEqual(s1, 201)
        self.assertEqual(s2, 422)
        self.assertEqual(d2["type"], "urn:tocao:problem:idempotency-key-reused")

    def test_concurrent_retries_make_one_case(self):
        key = str(uuid.uuid4())
        results = []

        def go():
            results.append(self.submit(sample_report(), {"Idempotency-Key": key}))

        threads = [threading.Thread(target=go) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertTrue(all(s == 201 for s, _, _ in results), [r[0] for r in results])
        self.assertEqual(len({d["case_id"] for _, _, d in results}), 1)
        self.assertEqual(len({d["receipt"] for _, _, d in results}), 1)


if __name__ == "__main__":
    main()
