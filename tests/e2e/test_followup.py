"""Follow-up with the receipt alone: status, deadlines, messages both ways, wrong receipts."""
import json
import os

from harness import InstanceTest, main, sample_report, tocao


class FollowupTest(InstanceTest):
    def test_status_deadlines_and_messages(self):
        status, _, doc = self.submit(sample_report())
        self.assertEqual(status, 201)
        receipt = doc["receipt"]
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": receipt})
        self.assertEqual(s, 200, f)
        self.assertEqual(f["case_id"], doc["case_id"])
        self.assertEqual(f["track"], "denunciation")
        self.assertEqual(f["status"], "received")
        self.assertEqual(f["unit"], "TT-96")
        self.assertEqual(f["deadlines"], doc["deadlines"])
        self.assertEqual(f["messages"], [])

        # The receipt may be typed loosely: lower case, no dashes, O for 0.
        loose = receipt.lower().replace("-", " ").replace("0", "o")
        s, _, f2 = self.daemon.post_json("/api/v1/followup", {"receipt": loose})
        self.assertEqual((s, f2["case_id"]), (200, doc["case_id"]))

        # The reporter writes; the unit replies; both are in the conversation.
        s, _, m = self.daemon.post_json("/api/v1/followup/messages",
                                        {"receipt": receipt, "text": "Tôi bổ sung: có thêm 2 nhân chứng."})
        self.assertEqual(s, 201, m)
        tocao("reply", "--data", self.dir, "--identity",
              os.path.join(self.dir, "dev-secrets", "inspector-TT-96.key"), doc["case_id"], "Đơn vị đã nhận thông tin bổ sung, cảm ơn ông.")
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": receipt})
        self.assertEqual([(x["from"], x["text"]) for x in f["messages"]], [
            ("reporter", "Tôi bổ sung: có thêm 2 nhân chứng."),
            ("unit", "Đơn vị đã nhận thông tin bổ sung, cảm ơn ông."),
        ])

        # The unit reads both with its key, offline.
        opened = self.open_case(doc["case_id"], "TT-96")
        self.assertEqual([m["text"] for m in opened["messages"]], [
            "Tôi bổ sung: có thêm 2 nhân chứng.", "Đơn vị đã nhận thông tin bổ sung, cảm ơn ông."])

        # Another case's receipt does not see these messages.
        _, _, other = self.submit(sample_report())
        s, _, f3 = self.daemon.post_json("/api/v1/followup", {"receipt": other["receipt"]})
        self.assertEqual((s, f3["messages"]), (200, []))

    def test_bad_requests(self):
        s, h, d = self.daemon.post_json("/api/v1/followup", {"receipt": "x", "extra": 1})
        self.assertEqual(s, 400)
        s, h, d = self.daemon.request("POST", "/api/v1/followup", b"receipt=x",
                                      {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(s, 415)
        _, _, doc = self.submit(sample_report())
        s, _, d = self.daemon.post_json("/api/v1/followup/messages",
                                        {"receipt": doc["receipt"], "text": ""})
        self.assertEqual(s, 422)
        self.assertEqual(d["errors"][0]["field"], "text")


class WrongReceiptTest(InstanceTest):
    def test_wrong_receipts_are_refused_then_limited(self):
        statuses = []
        for i in range(14):
            s, h, d = self.daemon.post_json("/api/v1/followup",
                                            {"receipt": "7KQ2-M9XD-4RT8-WB3N-Z6H%d" % (i % 10)})
            statuses.append(s)
            if s == 401:
                self.assertEqual(d["type"], "urn:tocao:problem:unauthorized")
                self.assertNotIn("7KQ2", json.dumps(d))
            if s == 429:
                self.assertIn("retry-after", h)
        self.assertEqual(statuses[:10], [401] * 10)
        self.assertIn(429, statuses[10:])
        # Malformed receipts are wrong receipts too, and cost the same.
        s, _, _ = self.daemon.post_json("/api/v1/followup", {"receipt": "not a receipt"})
        self.assertEqual(s, 429)


if __name__ == "__main__":
    main()
