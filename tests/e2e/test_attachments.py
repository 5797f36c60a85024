"""Attachments: sealed before they reach disk, readable by the unit, by PyNaCl from docs/FORMAT.md."""
import base64
import json
import os
import uuid

from harness import InstanceTest, main, sample_report, tocao

import tocao_format  # noqa: E402  (tests/interop, put on the path by harness)


def multipart(parts, boundary=None):
    boundary = boundary or "tocao" + uuid.uuid4().hex
    out = b""
    for name, filename, ctype, data in parts:
        disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{boundary}\r\nContent-Disposition: {disp}\r\n".encode()
        if ctype:
            out += f"Content-Type: {ctype}\r\n".encode()
        out += b"\r\n" + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


class AttachmentTest(InstanceTest):
    conf = {"max_files": "3", "max_file_kb": "256", "max_upload_kb": "512"}

    def post_multipart(self, report, files):
        parts = [("report", None, "application/json", json.dumps(report).encode())]
        parts += [("file", n, t, d) for n, t, d in files]
        body, ctype = multipart(parts)
        status, hdrs, data = self.daemon.request("POST", "/api/v1/reports", body,
                                                 {"Content-Type": ctype})
        return status, hdrs, json.loads(data)

    def test_attachments_sealed_and_readable(self):
        planted = b"%PDF-1.4 ATTACHMENT-SECRET-OKAPI-8812 " + os.urandom(200 * 1024)
        photo = b"\xff\xd8\xff PHOTO-SECRET-TAPIR-1313 " * 1000
        status, _, doc = self.post_multipart(sample_report(), [
            ("hoa-don.pdf", "application/pdf", planted), ("ảnh.jpg", "image/jpeg", photo)])
        self.assertEqual(status, 201, doc)

        # The unit opens them, with their names, byte for byte.
        out = os.path.join(self.tmp, "out")
        os.mkdir(out)
        exp = tocao("export", "--data", self.dir, doc["case_id"]).stdout
        key = os.path.join(self.dir, "dev-secrets", "TT-96.key")
        opened = json.loads(tocao("open", "--key", key, "--json", "--out-dir", out, input=exp).stdout)
        names = [a["name"] for a in opened["attachments"]]
        self.assertEqual(names, ["hoa-don.pdf", "ảnh.jpg"])
        self.assertEqual(open(opened["attachments"][0]["saved_as"], "rb").read(), planted)
        self.assertEqual(open(opened["attachments"][1]["saved_as"], "rb").read(), photo)
        self.assertEqual(opened["report"]["attachments"][0]["size"], len(planted))

        # PyNaCl, from docs/FORMAT.md alone.
        e = json.loads(exp)
        unit, pk, sk = tocao_format.load_unit_secret(key)
        env = base64.b64decode(e["envelope"])
        data = tocao_format.open_attachment(env, base64.b64decode(e["attachments"][0]), sk, pk)
        self.assertEqual(data, planted)
        # A truncated stream is refused (the final tag is required).
        blob = base64.b64decode(e["attachments"][1])
        with self.assertRaises(Exception):
            tocao_format.open_attachment(env, blob[:-40], sk, pk)

        # Nowhere in plaintext under the instance.
        self.daemon.stop()
        for dirpath, _, files in os.walk(self.dir):
            for f in files:
                with open(os.path.join(dirpath, f), "rb") as fh:
                    data = fh.read()
                self.assertNotIn(b"ATTACHMENT-SECRET-OKAPI-8812", data, f)
                self.assertNotIn(b"PHOTO-SECRET-TAPIR-1313", data, f)
        self.__class__.daemon = type(self.daemon)(self.dir)

    def test_limits(self):
        status, _, doc = self.post_multipart(sample_report(), [("a.bin", "", b"x" * 300 * 1024)])
        self.assertEqual(status, 413, doc)
        self.assertEqual(doc["errors"][0]["field"], "file")
        self.assertIn("256 KB", doc["errors"][0]["message"])
        status, _, doc = self.post_multipart(sample_report(), [("a", "", b"1")] * 4)
        self.assertEqual(status, 413, doc)
        self.assertIn("3", doc["errors"][0]["message"])
        status, _, doc = self.post_multipart(sample_report(), [("a", "", b"x" * 200 * 1024)] * 3)
        self.assertEqual(status, 413, doc)
        # A multipart body without the report part.
        body, ctype = multipart([("file", "a", "", b"1")])
        s, _, d = self.daemon.request("POST", "/api/v1/reports", body, {"Content-Type": ctype})
        self.assertEqual(s, 400)
        # Validation still applies to the report part.
        status, _, doc = self.post_multipart(sample_report(kind="rumour"), [("a", "", b"1")])
        self.assertEqual(status, 422)


if __name__ == "__main__":
    main()
