"""An independent implementation (PyNaCl, from docs/FORMAT.md) decrypts what the daemon stored."""
import base64
import json
import os

from harness import InstanceTest, main, sample_report, tocao

import tocao_format  # tests/interop: written from docs/FORMAT.md alone


class PyNaClTest(InstanceTest):
    def test_decrypt_stored_report(self):
        r = sample_report(identity="confidential")
        status, _, doc = self.submit(r)
        self.assertEqual(status, 201, doc)
        exp = json.loads(tocao("export", "--data", self.dir, doc["case_id"]).stdout)
        self.assertEqual(exp["format"], "tocao-export-1")
        envelope = base64.b64decode(exp["envelope"], validate=True)
        unit, pk, sk = tocao_format.load_unit_secret(
            os.path.join(self.dir, "dev-secrets", doc["unit"] + ".key"))
        self.assertEqual(unit, "TT-96")
        body, identity, header = tocao_format.open_envelope(envelope, sk, pk)
        self.assertEqual(header["case_id"], doc["case_id"])
        report = json.loads(body)
        self.assertEqual(report["details"], r["details"])
        self.assertEqual(report["summary"], r["summary"])
        self.assertEqual(json.loads(identity)["full_name"], r["reporter"]["full_name"])

        # Another unit's key cannot.
        _, pk2, sk2 = tocao_format.load_unit_secret(
            os.path.join(self.dir, "dev-secrets", "TT-01.key"))
        with self.assertRaises(Exception):
            tocao_format.open_envelope(envelope, sk2, pk2)


if __name__ == "__main__":
    main()
