"""Monitors' sign-in without a terminal: a browser enrolled once with a sign-in code gets a
device credential (only its keyed hash in the store), signs in with one button, for sessions
of monitor_session_s (here 6 s to see the end; 2 hours by default, test_monitor_pages);
listed and revoked at /monitor/devices; an expired or revoked enrolment gets the sign-in page
with the reason; enrolment, each sign-in with it and revocation are in the audit log."""
import base64
import http.client
import os
import re
import struct
import time
import urllib.parse

import lmdb

from harness import InstanceTest, main, tocao

AUDIT_ENROL, AUDIT_SIGNIN, AUDIT_REVOKE = 17, 18, 19


class MonitorDevicesTest(InstanceTest):
    conf = {"monitor_session_s": "6"}

    def req(self, method, path, cookies=None, body=None, headers=None):
        """One request; returns (status, [(header, value)], body text): Set-Cookie repeats."""
        c = self.daemon.connection()
        h = dict(headers or {})
        if cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(body).encode()
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            return r.status, r.getheaders(), r.read().decode("utf-8")
        finally:
            c.close()

    @staticmethod
    def set_cookies(headers):
        out = {}
        for k, v in headers:
            if k.lower() == "set-cookie":
                name, value = v.split(";")[0].split("=", 1)
                out[name] = (value, v)
        return out

    def code(self):
        p = tocao("signin", "--server", f"https://127.0.0.1:{self.daemon.port}", "--cacert",
                  os.path.join(self.dir, "tls", "cert.pem"), "--identity",
                  os.path.join(self.dir, "dev-secrets", "monitor.key"))
        return p.stdout.strip()

    def enrol(self):
        code = self.code()
        s, h, body = self.req("POST", "/monitor/session", body={"code": code, "remember": "1"})
        self.assertEqual(s, 303, body)
        c = self.set_cookies(h)
        self.assertIn("tocao_monitor", c)
        self.assertIn("tocao_monitor_device", c)
        for attr in ("Path=/monitor", "Secure", "HttpOnly", "SameSite=Strict"):
            self.assertIn(attr, c["tocao_monitor_device"][1])
        self.assertIn("Max-Age=%d" % (90 * 86400), c["tocao_monitor_device"][1])
        # The session's 6 s, and 12 hours more for the browser to present it ended.
        self.assertIn("Max-Age=%d;" % (6 + 43200), c["tocao_monitor"][1])
        # The code was spent by the enrolment: it no longer opens the pages.
        self.assertEqual(self.req("GET", "/monitor", {"tocao_monitor": code})[0], 401)
        return c["tocao_monitor"][0], c["tocao_monitor_device"][0]

    def device_signin(self, device, expect=303):
        s, h, body = self.req("POST", "/monitor/device", {"tocao_monitor_device": device},
                              body={"lang": "vi"})
        self.assertEqual(s, expect, body[:400])
        return self.set_cookies(h), body

    def devices(self, session):
        s, _, body = self.req("GET", "/monitor/devices", {"tocao_monitor": session})
        self.assertEqual(s, 200, body[:300])
        return body

    def test_enrol_sign_in_expire_revoke_audit(self):
        session, device = self.enrol()
        self.assertEqual(self.req("GET", "/monitor", {"tocao_monitor": session})[0], 200)
        # With the device cookie only, the sign-in page offers the one-button sign-in.
        s, _, body = self.req("GET", "/monitor", {"tocao_monitor_device": device})
        self.assertEqual(s, 401)
        self.assertIn('action="/monitor/device"', body)
        self.assertIn("Đăng nhập trên trình duyệt này", body)
        c, _ = self.device_signin(device)
        s2 = c["tocao_monitor"][0]
        self.assertNotEqual(s2, session)
        self.assertEqual(self.req("GET", "/monitor", {"tocao_monitor": s2})[0], 200)
        # The session ends after monitor_session_s, and the page says so.
        time.sleep(8)
        s, _, body = self.req("GET", "/monitor", {"tocao_monitor": s2})
        self.assertEqual(s, 401)
        self.assertIn("Phiên làm việc đã hết hạn", body)
        # Listed, then revoked: the browser gets the sign-in page with the reason.
        c, _ = self.device_signin(device)
        s3 = c["tocao_monitor"][0]
        body = self.devices(s3)
        ids = re.findall(r'name="id" value="([0-9a-f]{8})"', body)
        self.assertEqual(len(ids), 1)
        self.assertIn("Đang dùng được", body)
        s, h, _ = self.req("POST", "/monitor/devices/revoke", {"tocao_monitor": s3},
                           body={"id": ids[0]})
        self.assertEqual(s, 303)
        self.assertIn("Đã thu hồi", self.devices(s3))
        c, body = self.device_signin(device, expect=401)
        self.assertIn("thu hồi", body)
        self.assertIn("Max-Age=0", c["tocao_monitor_device"][1])
        # Someone else's id, or nonsense: refused, nothing revoked.
        s, _, _ = self.req("POST", "/monitor/devices/revoke", {"tocao_monitor": s3},
                           body={"id": "00000000"})
        self.assertEqual(s, 400)
        # A cross-site post is refused.
        _, device2 = self.enrol()
        s, h, _ = self.req("POST", "/monitor/device", {"tocao_monitor_device": device2},
                           body={"lang": "vi"}, headers={"Origin": "https://evil.example"})
        self.assertEqual(s, 400)
        self.assertEqual(self.set_cookies(h), {})
        # An enrolment past its date: the sign-in page says it expired.
        self.daemon.stop()
        env = lmdb.open(os.path.join(self.dir, "store"), max_dbs=32, map_size=1 << 30)
        meta = env.open_db(b"meta")
        with env.begin(write=True, db=meta) as txn:
            records = [(k, v) for k, v in txn.cursor() if k.startswith(b"monitor.device.")]
            self.assertEqual(len(records), 2)
            for k, v in records:
                rec = bytearray(v)
                rec[41:49] = struct.pack(">q", int(time.time()) - 60)
                txn.put(k, bytes(rec))
        env.close()
        type(self).daemon = type(self.daemon)(self.dir)
        s, _, body = self.req("GET", "/monitor", {"tocao_monitor_device": device2})
        self.assertEqual(s, 401)
        self.assertIn("hết hạn đăng ký", body)
        self.assertNotIn('action="/monitor/device"', body)
        _, body = self.device_signin(device2, expect=401)
        self.assertIn("hết hạn đăng ký", body)
        self.daemon.stop()
        # The store keeps no device secret, only keyed hashes; every step is audited.
        with open(os.path.join(self.dir, "store", "data.mdb"), "rb") as f:
            data = f.read()
        for d in (device, device2):
            self.assertNotIn(base64.b64decode(d), data)
            self.assertNotIn(d.encode(), data)
        env = lmdb.open(os.path.join(self.dir, "store"), max_dbs=32, readonly=True, lock=False)
        kinds = []
        with env.begin(db=env.open_db(b"audit", create=False)) as txn:
            for _, v in txn.cursor():
                if v[9] in (AUDIT_ENROL, AUDIT_SIGNIN, AUDIT_REVOKE):
                    self.assertTrue(v[54:61] == b"device:", v[54:70])
                    kinds.append(v[9])
        env.close()
        self.assertEqual(kinds.count(AUDIT_ENROL), 2)
        self.assertEqual(kinds.count(AUDIT_SIGNIN), 2)
        self.assertEqual(kinds.count(AUDIT_REVOKE), 1)
        type(self).daemon = type(self.daemon)(self.dir)
        out = tocao("verify", "--data", self.dir)
        self.assertIn("unbroken chain", out.stdout)


if __name__ == "__main__":
    main()
