"""POST /api/v1/reports: the whole path, from JSON to a sealed, durable case."""
import json
import os
import re

from harness import InstanceTest, main, sample_report, today_vn, tocao

CASE_ID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{8}$")
RECEIPT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$")


class SubmitTest(InstanceTest):
    def test_named_denunciation_is_sealed_routed_and_acknowledged(self):
        status, hdrs, doc = self.submit(sample_report())
        self.assertEqual(status, 201, doc)
        self.assertRegex(doc["case_id"], CASE_ID)
        self.assertRegex(doc["receipt"], RECEIPT)
        self.assertEqual(doc["track"], "denunciation")
        self.assertEqual(doc["unit"], "TT-96")
        self.assertEqual(doc["unit_name"], "Thanh tra tỉnh Cà Mau")
        self.assertEqual(doc["received_on"], today_vn().isoformat())
        # The deadline is what the legal engine computes for the same day.
        cli = json.loads(tocao("deadlines", "--kind", "denunciation", "--received",
                               doc["received_on"], "--json").stdout)
        expected = cli.get("deadlines", cli)
        self.assertEqual(doc["deadlines"]["process_by"], expected["process_by"])
        self.assertTrue(hdrs["content-type"].startswith("application/json"))
        self.assertEqual(hdrs["cache-control"], "no-store")
        self.assertIn("max-age", hdrs["strict-transport-security"])
        self.assertIn("frame-ancestors 'none'", hdrs["content-security-policy"])

        # The unit's key opens it, and only the unit's.
        opened = self.open_case(doc["case_id"], "TT-96")
        self.assertEqual(opened["report"]["details"], sample_report()["details"])
        self.assertEqual(opened["report"]["accused"]["name"], "Trần Văn B")
        self.assertEqual(opened["identity"]["full_name"], "Nguyễn Văn A")
        exp = tocao("export", "--data", self.dir, doc["case_id"]).stdout
        other = os.path.join(self.dir, "dev-secrets", "TT-01.key")
        p = tocao("open", "--key", other, input=exp, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("TT-96", p.stderr)

    def test_every_kind_and_identity(self):
        cases = [
            ("denunciation", "confidential", "denunciation"),
            ("denunciation", "anonymous", "information"),
            ("complaint", "named", "complaint"),
            ("complaint", "confidential", "complaint"),
            ("petition", "anonymous", "petition"),
            ("petition", "named", "petition"),
        ]
        for kind, identity, track in cases:
            with self.subTest(kind=kind, identity=identity):
                r = sample_report(kind=kind, identity=identity)
                if identity == "anonymous":
                    r.pop("reporter")
                status, _, doc = self.submit(r)
                self.assertEqual(status, 201, doc)
                self.assertEqual(doc["track"], track)
                opened = self.open_case(doc["case_id"], doc["unit"])
                if identity == "anonymous":
                    self.assertIsNone(opened["identity"])
                else:
                    self.assertEqual(opened["identity"]["address"], "12 Lý Thường Kiệt, Cà Mau")
                exp = self.export(doc["case_id"])
                self.assertEqual(exp["identity"], identity)
                self.assertEqual(exp["status"], "received")
                self.assertFalse(exp["overdue"])

    def test_routing_by_level(self):
        levels = {
            "commune": "TT-96", "commune_leader": "TT-96", "provincial_agency": "TT-96",
            "provincial_agency_leader": "TT-96", "unknown": "TT-96",
            "provincial_leader": "TTCP", "central": "TTCP",
        }
        for level, unit in levels.items():
            with self.subTest(level=level):
                r = sample_report(jurisdiction={"province": "96", "level": level})
                status, _, doc = self.submit(r)
                self.assertEqual(status, 201, doc)
                self.assertEqual(doc["unit"], unit)
                if unit == "TTCP":
                    self.assertEqual(doc["unit_name"], "Thanh tra Chính phủ")
                self.open_case(doc["case_id"], unit)

    def test_level_defaults_to_unknown_and_hanoi_is_a_city(self):
        status, _, doc = self.submit(sample_report(jurisdiction={"province": "01"}))
        self.assertEqual(status, 201, doc)
        self.assertEqual(doc["unit"], "TT-01")
        self.assertEqual(doc["unit_name"], "Thanh tra thành phố Hà Nội")
        opened = self.open_case(doc["case_id"], "TT-01")
        self.assertEqual(opened["report"]["jurisdiction"]["level"], "unknown")

    def test_case_ids_and_receipts_are_unique(self):
        ids, receipts = set(), set()
        conn = self.daemon.connection()
        for _ in range(30):
            status, _, doc = self.daemon.post_json("/api/v1/reports", sample_report(), conn=conn)
            self.assertEqual(status, 201)
            ids.add(doc["case_id"])
            receipts.add(doc["receipt"])
        conn.close()
        self.assertEqual(len(ids), 30)
        self.assertEqual(len(receipts), 30)

    def test_healthz(self):
        status, _, body = self.daemon.request("GET", "/healthz")
        self.assertEqual((status, body), (200, b"ok\n"))


if __name__ == "__main__":
    main()
