"""GET /api/v1/cases?include=envelope: a unit's cases with their envelopes, for a console that
searches them in memory. 1,200 cases paged with envelopes: each case listed once, every envelope
opens with the unit's key (in `tocao cases list --summary`, through tcc_open_case, and here), a
confidential reporter's identity is not in it, no other unit's case appears, pages stay under
4 MiB of envelopes, and each envelope sent has its audit entry (kind 13).

TOCAO_BENCH_ENVELOPES=10000 also times paging that many cases with envelopes (docs/API.md)."""
import base64
import concurrent.futures
import json
import os
import struct
import time

import lmdb

from harness import main, sample_report, tocao
from test_inspector_sessions import InspectorBase

import tocao_format  # noqa: E402

AUDIT_LIST_ENVELOPE = 13
PAGE_BUDGET = 4 << 20
N = 1200
BIG = "Chi tiết bổ sung: " + "biên bản, chứng từ thu tiền ngoài quy định; " * 700  # ~30 kB


def reports(n, start=0):
    """n varied reports for Cà Mau: every 10th confidential, every 6th long."""
    for i in range(start, start + n):
        r = sample_report(summary=f"Vụ việc số {i}: thu tiền sai quy định")
        if i % 10 == 3:
            r["identity"] = "confidential"
            r["reporter"] = dict(r["reporter"], full_name=f"Người tố cáo bí mật {i}")
        if i % 6 == 1:
            r["details"] = BIG
        yield r


class ListEnvelopesTest(InspectorBase):
    def fill(self, n, start=0):
        """Submit n reports through the API, 8 at a time; -> {case_id: report}."""
        def one(r):
            s, _, doc = self.submit(r)
            self.assertEqual(s, 201, doc)
            return doc["case_id"], r
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            return dict(pool.map(one, reports(n, start)))

    def pages(self, tok, query="include=envelope&limit=500"):
        """Every page of the listing; -> (cases, pages)."""
        cases, pages, cursor = [], [], None
        while True:
            path = "/api/v1/cases?" + query + (f"&cursor={cursor}" if cursor else "")
            s, page = self.get(path, tok)
            self.assertEqual(s, 200, page)
            cases += page["cases"]
            pages.append(page["cases"])
            cursor = page["next_cursor"]
            if cursor is None:
                return cases, pages

    def audit_entries(self, kind):
        env = lmdb.open(os.path.join(self.dir, "store"), max_dbs=32, readonly=True, lock=False)
        audit = env.open_db(b"audit", create=False)
        with env.begin(db=audit) as txn:
            out = [(bytes(v[14:46]), bytes(v[46:54]).decode()) for _, v in txn.cursor()
                   if v[9] == kind]
        env.close()
        return out

    def test_envelopes_paged(self):
        mine = self.fill(N)
        other = self.submit(sample_report(jurisdiction={"province": "01"}))[2]["case_id"]
        _, pk, sk = tocao_format.load_unit_secret(
            os.path.join(self.dir, "dev-secrets", "TT-96.key"))
        tok = self.login("inspector-TT-96")[1]["token"]

        cases, pages = self.pages(tok)
        ids = [c["case_id"] for c in cases]
        self.assertEqual(len(ids), len(set(ids)))  # none twice across the cuts
        self.assertEqual(set(ids), set(mine))      # every one, and no other unit's
        self.assertNotIn(other, ids)
        # The long envelopes make 500 cases too much: pages are cut, each under the budget.
        self.assertTrue(any(len(p) < 500 for p in pages[:-1]), [len(p) for p in pages])
        for p in pages:
            self.assertGreater(len(p), 0)
            self.assertLess(sum(len(c["envelope"]) for c in p), PAGE_BUDGET)

        for c in cases:
            r = mine[c["case_id"]]
            body, ident, _ = tocao_format.open_envelope(base64.b64decode(c["envelope"]), sk, pk)
            self.assertEqual(json.loads(body)["summary"], r["summary"])
            self.assertEqual(len(base64.b64decode(c["reporter_public_key"])), 32)
            if r["identity"] == "confidential":
                self.assertIsNone(ident)  # stripped, as GET /api/v1/cases/{id} does
                self.assertTrue(c["identity_sealed_apart"])
                self.assertNotIn(r["reporter"]["full_name"].encode(), base64.b64decode(c["envelope"]))
            else:
                self.assertEqual(json.loads(ident)["full_name"], r["reporter"]["full_name"])

        # The CLI opens every one through the client library (tcc_open_case), one request a page.
        out = json.loads(tocao(
            "cases", "list", "--server", f"https://127.0.0.1:{self.daemon.port}",
            "--cacert", os.path.join(self.dir, "tls", "cert.pem"),
            "--identity", os.path.join(self.dir, "dev-secrets", "inspector-TT-96.key"),
            "--unit-key", os.path.join(self.dir, "dev-secrets", "TT-96.key"),
            "--all", "--summary", "--json").stdout)
        self.assertEqual(out["count"], N)
        self.assertEqual({c["case_id"]: c["summary"] for c in out["cases"]},
                         {k: r["summary"] for k, r in mine.items()})
        self.assertNotIn("envelope", out["cases"][0])

        # Another unit's inspector never sees these, with or without envelopes.
        tok01 = self.login("inspector-TT-01")[1]["token"]
        self.assertEqual([c["case_id"] for c in self.pages(tok01)[0]], [other])

        # An entry per envelope sent (the API's pages and the CLI's), with the inspector as actor.
        _, ins_pk = self.signer("inspector-TT-96")
        for _ in range(100):  # reads are recorded in the next group commit
            entries = self.audit_entries(AUDIT_LIST_ENVELOPE)
            if len(entries) >= 2 * N + 1:
                break
            time.sleep(0.1)
        self.assertEqual(len(entries), 2 * N + 1)
        self.assertEqual(sorted(e[1] for e in entries if e[0] == bytes(ins_pk)), sorted(ids * 2))
        out = json.loads(tocao("verify", "--data", self.dir, "--json").stdout)
        self.assertTrue(out["ok"], out)

    def test_include_refused(self):
        tok = self.login("inspector-TT-96")[1]["token"]
        for bad in ["include=attachments", "include=", "include=envelope&include=envelope",
                    "include=envelope,timeline", "include=ENVELOPE"]:
            s, doc = self.get("/api/v1/cases?" + bad, tok)
            self.assertEqual(s, 400, bad)
            self.assertIn("include", json.dumps(doc), bad)
        s, doc = self.get("/api/v1/cases?include=envelope&limit=1", tok)
        self.assertEqual(s, 200, doc)

    def test_bench_envelopes(self):
        n = int(os.environ.get("TOCAO_BENCH_ENVELOPES", "0"))
        if n <= 0:
            self.skipTest("TOCAO_BENCH_ENVELOPES=N times paging N cases with envelopes")
        t0 = time.monotonic()
        self.fill(n, start=100000)
        filled = time.monotonic() - t0
        tok = self.login("inspector-TT-96")[1]["token"]
        t0 = time.monotonic()
        cases, pages = self.pages(tok)
        api = time.monotonic() - t0
        t0 = time.monotonic()
        tocao("cases", "list", "--server", f"https://127.0.0.1:{self.daemon.port}",
              "--cacert", os.path.join(self.dir, "tls", "cert.pem"),
              "--identity", os.path.join(self.dir, "dev-secrets", "inspector-TT-96.key"),
              "--unit-key", os.path.join(self.dir, "dev-secrets", "TT-96.key"),
              "--all", "--summary", "--json")
        cli = time.monotonic() - t0
        mb = sum(len(c["envelope"]) for c in cases) / 1e6
        print(f"\nbench: {len(cases)} cases ({mb:.1f} MB of envelopes in base64) in {len(pages)} "
              f"pages: API paging {api:.2f} s; `tocao cases list --all --summary` (pages and "
              f"decrypts) {cli:.2f} s; fill through the API {filled:.1f} s", flush=True)
        self.assertGreaterEqual(len(cases), n)


if __name__ == "__main__":
    main()
