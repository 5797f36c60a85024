"""Non-negotiable 1: no report content, identity, receipt or address in plaintext on disk or in logs."""
import os

from harness import InstanceTest, main, sample_report


def files_under(root):
    for dirpath, _, names in os.walk(root):
        for n in names:
            yield os.path.join(dirpath, n)


class NoPlaintextTest(InstanceTest):
    def test_planted_text_is_nowhere(self):
        planted = {
            "details": "Chi tiết bí mật ZEBRA-QUOKKA-4471 về khoản tiền hối lộ ở xã",
            "name": "Người Tố Cáo WALRUS-9913",
            "address": "Số 7 ngõ PELICAN-2208, Cà Mau",
            "phone": "0987 654 321",
            "accused": "Cán Bộ OCELOT-5526",
            "summary": "Tóm tắt MARMOT-3317 sự việc",
        }
        receipts = []
        for identity in ("named", "confidential"):
            r = sample_report(identity=identity, details=planted["details"],
                              summary=planted["summary"],
                              reporter={"full_name": planted["name"], "address": planted["address"],
                                        "phone": planted["phone"]},
                              accused={"name": planted["accused"]})
            status, _, doc = self.submit(r)
            self.assertEqual(status, 201, doc)
            receipts.append(doc["receipt"])
        # Same with an idempotency key: the stored receipt copy must be sealed too.
        status, _, doc = self.submit(sample_report(details=planted["details"]),
                                     {"Idempotency-Key": "c0ffee00-1111-2222-3333-444455556666"})
        self.assertEqual(status, 201)
        receipts.append(doc["receipt"])
        self.daemon.stop()

        needles = []
        for text in list(planted.values()) + receipts:
            # Any distinctive run of the text, in the encodings a leak could take.
            for enc in ("utf-8", "utf-16-le"):
                needles.append((text, text.encode(enc)))
            for word in text.split():
                if any(ch.isdigit() for ch in word) and len(word) >= 8:
                    needles.append((word, word.encode()))
        for r in receipts:
            needles.append((r, r.replace("-", "").encode()))
        needles.append(("client address", b"127.0.0.1"))

        scanned = 0
        for path in files_under(self.dir):
            if "/dev-secrets/" in path or path.endswith(".pem") or path.endswith(".conf"):
                continue
            with open(path, "rb") as f:
                data = f.read()
            scanned += len(data)
            for label, needle in needles:
                self.assertNotIn(needle, data, f"{label!r} found in {path}")
        self.assertGreater(scanned, 0)
        log = "".join(self.daemon.log).encode()
        for label, needle in needles:
            if label == "client address":
                continue  # the daemon logs its own listen address, never a peer's
            self.assertNotIn(needle, log, f"{label!r} found in the daemon's log")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()


if __name__ == "__main__":
    main()
