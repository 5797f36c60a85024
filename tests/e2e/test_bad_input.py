"""Every kind of bad input gets a specific problem document, and the daemon keeps serving."""
import json

from harness import InstanceTest, main, sample_report


class BadInputTest(InstanceTest):
    conf = {"max_body_kb": "512"}

    def assertProblem(self, status, hdrs, doc, want_status, field=None, code=None):
        self.assertEqual(status, want_status, doc)
        self.assertTrue(hdrs["content-type"].startswith("application/problem+json"), hdrs)
        self.assertEqual(doc["status"], want_status)
        self.assertTrue(doc["type"].startswith("urn:tocao:problem:"))
        self.assertTrue(doc["title"])
        if field is not None:
            fields = {e["field"]: e for e in doc.get("errors", [])}
            self.assertIn(field, fields, doc)
            self.assertTrue(fields[field]["message"])
            if code:
                self.assertEqual(fields[field]["code"], code, doc)
        # The daemon is still there.
        self.assertEqual(self.daemon.request("GET", "/healthz")[0], 200)

    def post_raw(self, body, ctype="application/json", headers=None):
        h = {"Content-Type": ctype}
        h.update(headers or {})
        status, hdrs, data = self.daemon.request("POST", "/api/v1/reports", body, h)
        return status, hdrs, json.loads(data)

    def test_malformed_json(self):
        for body in [b"{", b"[1,2", b"nul", b'{"kind": "denunciation",}', b"",
                     b'{"a":"\x01"}', b'{"summary":"x\\u0000y"}', b"{" * 50 + b"}" * 50,
                     b'{"kind":"denunciation"}\x00']:
            with self.subTest(body=body[:20]):
                self.assertProblem(*self.post_raw(body), 400)

    def test_wrong_content_type(self):
        for ctype in ["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1",
                      "application/jsonx"]:
            with self.subTest(ctype=ctype):
                self.assertProblem(*self.post_raw(json.dumps(sample_report()), ctype), 415)

    def test_oversize_body(self):
        r = sample_report(details="x" * (600 * 1024))
        self.assertProblem(*self.post_raw(json.dumps(r)), 413)

    def test_not_an_object(self):
        self.assertProblem(*self.post_raw(b"[]"), 422, "", "not_an_object")
        self.assertProblem(*self.post_raw(b'"report"'), 422, "", "not_an_object")

    def check(self, report, field, code, lang=None):
        h = {"Accept-Language": lang} if lang else None
        status, hdrs, doc = self.submit(report, h)
        self.assertProblem(status, hdrs, doc, 422, field, code)
        return doc

    def test_missing_fields(self):
        for f in ["kind", "identity", "jurisdiction", "category", "summary", "details"]:
            with self.subTest(field=f):
                self.check(sample_report(**{f: None}), f, "required")
        self.check(sample_report(reporter=None), "reporter", "required")
        self.check(sample_report(jurisdiction={"level": "commune"}), "jurisdiction.province",
                   "required")
        self.check(sample_report(reporter={"full_name": "Nguyễn Văn A"}), "reporter.address",
                   "required")

    def test_wrong_types(self):
        self.check(sample_report(kind=1), "kind", "not_a_string")
        self.check(sample_report(summary=["a"]), "summary", "not_a_string")
        self.check(sample_report(jurisdiction="96"), "jurisdiction", "not_an_object")
        self.check(sample_report(reporter="me"), "reporter", "not_an_object")
        self.check(sample_report(jurisdiction={"province": 96}), "jurisdiction.province",
                   "not_a_string")

    def test_unknown_and_duplicate_fields(self):
        self.check(sample_report(colour="red"), "colour", "unknown_field")
        self.check(sample_report(reporter={"full_name": "Nguyễn Văn A", "address": "Số 1 Cà Mau",
                                           "age": "40"}), "reporter.age", "unknown_field")
        body = json.dumps(sample_report())[:-1] + ', "kind": "petition"}'
        self.assertProblem(*self.post_raw(body), 422, "kind", "duplicate_field")
        # Case matters: "Kind" is not "kind" (cJSON's default lookup would say it is).
        r = sample_report(kind=None)
        r["Kind"] = "denunciation"
        doc = self.check(r, "kind", "required")
        self.assertIn("Kind", {e["field"] for e in doc["errors"]})

    def test_bad_choices(self):
        self.check(sample_report(kind="rumour"), "kind", "not_allowed_value")
        self.check(sample_report(identity="secret"), "identity", "not_allowed_value")
        self.check(sample_report(category="gossip"), "category", "not_allowed_value")
        self.check(sample_report(jurisdiction={"province": "96", "level": "district"}),
                   "jurisdiction.level", "not_allowed_value")

    def test_jurisdiction(self):
        # 02 was Hà Giang before 2025; it is not one of the 34.
        self.check(sample_report(jurisdiction={"province": "02"}), "jurisdiction.province",
                   "unknown_province")
        self.check(sample_report(jurisdiction={"province": "96", "commune": "99999"}),
                   "jurisdiction.commune", "unknown_commune")
        # 00004 (Ba Đình) is in Hà Nội, not Cà Mau.
        self.check(sample_report(jurisdiction={"province": "96", "commune": "00004"}),
                   "jurisdiction.commune", "commune_not_in_province")

    def test_identity_rules(self):
        r = sample_report(identity="anonymous")
        self.check(r, "reporter", "reporter_on_anonymous")
        r = sample_report(identity="anonymous")
        r["reporter"] = {}
        self.check(r, "reporter", "reporter_on_anonymous")
        r = sample_report(kind="complaint", identity="anonymous", reporter=None)
        doc = self.check(r, "identity", "anonymous_complaint", lang="en")
        msg = {e["field"]: e["message"] for e in doc["errors"]}["identity"]
        self.assertIn("petition", msg)
        doc = self.check(r, "identity", "anonymous_complaint", lang="vi")
        msg = {e["field"]: e["message"] for e in doc["errors"]}["identity"]
        self.assertIn("kiến nghị", msg)
        self.check(sample_report(accused=None), "accused", "accused_required")
        self.check(sample_report(accused={"position": "chủ tịch"}), "accused", "accused_required")

    def test_lengths_and_text(self):
        self.check(sample_report(summary="abc"), "summary", "too_short")
        self.check(sample_report(summary="   abc   "), "summary", "too_short")
        self.check(sample_report(summary="ả" * 201), "summary", "too_long")
        self.check(sample_report(details="ngắn"), "details", "too_short")
        self.check(sample_report(details="x" * 100001), "details", "too_long")
        # 200 Vietnamese characters (400+ bytes) are within the 200-character limit.
        status, _, doc = self.submit(sample_report(summary="ệ" * 200))
        self.assertEqual(status, 201, doc)
        bad_utf8 = json.dumps(sample_report(summary="PLACEHOLDER")).encode().replace(
            b"PLACEHOLDER", b"abc\xff\xfeabc")
        self.assertProblem(*self.post_raw(bad_utf8), 422, "summary", "invalid_utf8")
        surrogate = json.dumps(sample_report(summary="PLACEHOLDER")).encode().replace(
            b"PLACEHOLDER", b"abcde\\ud800")
        status, hdrs, doc = self.post_raw(surrogate)
        self.assertIn(status, (400, 422))

    def test_reporter_fields(self):
        base = {"full_name": "Nguyễn Văn A", "address": "12 Lý Thường Kiệt"}
        self.check(sample_report(reporter=dict(base, phone="call me")), "reporter.phone",
                   "invalid_phone")
        self.check(sample_report(reporter=dict(base, email="no-at-sign")), "reporter.email",
                   "invalid_email")
        self.check(sample_report(reporter=dict(base, id_number="12345")), "reporter.id_number",
                   "invalid_id_number")

    def test_dates(self):
        self.check(sample_report(occurred_on="2026-02-30"), "occurred_on", "invalid_date")
        self.check(sample_report(occurred_on="01/10/2026"), "occurred_on", "invalid_date")
        self.check(sample_report(occurred_on="2999-01-01"), "occurred_on", "date_out_of_range")
        self.check(sample_report(occurred_on="2100-01-01"), "occurred_on", "date_in_future")

    def test_all_errors_at_once_and_no_echo(self):
        planted = "PLANTED-ECHO-7731"
        r = {"kind": "complaint", "identity": "anonymous", "summary": planted[:3],
             "details": planted, "category": planted,
             "jurisdiction": {"province": planted}}
        status, hdrs, doc = self.submit(r)
        self.assertProblem(status, hdrs, doc, 422)
        fields = {e["field"] for e in doc["errors"]}
        self.assertTrue({"identity", "summary", "details", "category",
                         "jurisdiction.province"} <= fields, fields)
        self.assertNotIn(planted, json.dumps(doc, ensure_ascii=False))

    def test_language(self):
        doc = self.check(sample_report(summary=None), "summary", "required", lang="en")
        self.assertEqual(doc["title"], "The report has invalid fields")
        doc = self.check(sample_report(summary=None), "summary", "required")
        self.assertEqual(doc["title"], "Dữ liệu chưa hợp lệ")
        doc = self.check(sample_report(summary=None), "summary", "required",
                         lang="fr, en;q=0.5, vi;q=0.4")
        self.assertEqual(doc["title"], "The report has invalid fields")

    def test_methods_and_paths(self):
        for method in ["GET", "PUT", "DELETE", "PATCH"]:
            with self.subTest(method=method):
                status, hdrs, data = self.daemon.request(method, "/api/v1/reports")
                self.assertEqual(status, 405)
                self.assertEqual(hdrs["allow"], "POST")
                self.assertEqual(json.loads(data)["status"], 405)
        for path in ["/nope", "/api/v1/report", "/api/v1/%72eports", "/api/v1/reports%00"]:
            with self.subTest(path=path):
                status, hdrs, data = self.daemon.request("POST", path, b"{}")
                self.assertEqual(status, 404)
                self.assertTrue(hdrs["content-type"].startswith("application/problem+json"))

    def test_bad_idempotency_key(self):
        status, hdrs, doc = self.submit(sample_report(), {"Idempotency-Key": "short"})
        self.assertProblem(status, hdrs, doc, 400, "Idempotency-Key")


if __name__ == "__main__":
    main()
