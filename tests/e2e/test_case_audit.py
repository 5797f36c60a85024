"""A case's audit entries (GET /api/v1/cases/{id}/audit): the entries naming that case only,
in order, with the kind's name, the actor's key prefix and the detail; reading them is itself
an entry; another unit's case is 404 like a missing one; the index survives a restart."""
import base64
import time

from harness import main, sample_report
from test_inspector_sessions import InspectorBase


class CaseAuditTest(InspectorBase):
    def audit(self, tok, case_id):
        return self.get(f"/api/v1/cases/{case_id}/audit", tok)

    def wait_for(self, tok, case_id, pred, what):
        """Reads are audited in the next group commit, after the answer: wait for it."""
        deadline = time.time() + 60
        while True:
            s, doc = self.audit(tok, case_id)
            self.assertEqual(s, 200, doc)
            if pred(doc["entries"]) or time.time() > deadline:
                break
            time.sleep(0.2)
        self.assertTrue(pred(doc["entries"]), f"{what}: {doc}")
        return doc

    def test_entries_of_one_case(self):
        mine = self.submit(sample_report())[2]["case_id"]
        other_mine = self.submit(sample_report())[2]["case_id"]
        theirs = self.submit(sample_report(jurisdiction={"province": "01"}))[2]["case_id"]
        tok = self.login("inspector-TT-96")[1]["token"]
        _, pk = self.signer("inspector-TT-96")
        prefix = base64.b64encode(pk).decode()[:8]
        h = {"Authorization": "Bearer " + tok}
        self.assertEqual(self.get("/api/v1/cases/" + mine, tok)[0], 200)
        self.assertEqual(self.get("/api/v1/cases/" + other_mine, tok)[0], 200)
        s, _, _ = self.daemon.post_json(f"/api/v1/cases/{mine}/actions", {"action": "accept"}, h)
        self.assertEqual(s, 200)
        s, _, _ = self.daemon.post_json(f"/api/v1/cases/{mine}/notes", {"note": "xem lại"}, h)
        self.assertEqual(s, 201)

        doc = self.wait_for(tok, mine, lambda e: [x["kind"] for x in e][:1] == ["show"],
                            "the show's entry")
        self.assertEqual(doc["case_id"], mine)
        self.assertFalse(doc["more"])
        kinds = [e["kind"] for e in doc["entries"]]
        self.assertEqual(kinds[:3], ["show", "action", "note"], doc)
        seqs = [e["seq"] for e in doc["entries"]]
        self.assertEqual(seqs, sorted(seqs))
        accept = doc["entries"][1]
        self.assertEqual(accept["detail"], "accept")
        self.assertEqual(accept["kind_code"], 4)
        self.assertEqual(accept["actor"], prefix)
        self.assertRegex(accept["on"], r"^\d{4}-\d{2}-\d{2}$")
        # The other case's show is not among them.
        self.assertEqual(len([k for k in kinds if k == "show"]), 1)

        # Reading the audit is an entry of its own (kind 23), shown at the next read.
        self.wait_for(tok, mine, lambda e: any(x["kind"] == "audit_read" and x["kind_code"] == 23
                                               for x in e), "the read's own entry")

        # Another unit's case: 404, exactly as one that does not exist.
        s, d1 = self.audit(tok, theirs)
        self.assertEqual(s, 404)
        s, d2 = self.audit(tok, "ZZZZZZZZ")
        self.assertEqual(s, 404)
        self.assertEqual(d1, d2)
        # A monitor has no access; nor does an anonymous caller.
        self.assertEqual(self.audit(None, mine)[0], 401)

        # After a restart the index is the same (and the backfill does not index twice).
        before = self.audit(tok, other_mine)[1]["entries"]
        self.daemon.stop()
        self.__class__.daemon = type(self.daemon)(self.dir)
        tok = self.login("inspector-TT-96")[1]["token"]
        after = self.audit(tok, other_mine)[1]["entries"]
        self.assertEqual(after[:len(before)], before)
        self.assertEqual(len({e["seq"] for e in after}), len(after))


if __name__ == "__main__":
    main()
