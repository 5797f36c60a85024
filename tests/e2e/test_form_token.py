"""The form's one-time token and post/redirect/get (issue 16): a report form sent twice makes one
case and shows its receipt again; a message form sent twice stores one message; the receipt is in
no URL; the receipt page reloads from its sealed cookie and stops after it is hidden; a form
without a token stores nothing; Vietnamese whatever Accept-Language says, English by choice."""
import re
import urllib.parse

from harness import Daemon, InstanceTest, main
from test_attachments import multipart
from test_form import FIELDS, RECEIPT, TOKEN, follow, form_token


def count_cases(test):
    """Every case of the unit, as its inspectors' API lists them."""
    return len(test.unit_cases("TT-96"))


class FormTokenTest(InstanceTest):
    def unit_cases(self, unit):
        from harness import tocao
        out = tocao("cases", "list", "--server", f"https://127.0.0.1:{self.daemon.port}",
                    "--cacert", f"{self.dir}/tls/cert.pem", "--identity",
                    f"{self.dir}/dev-secrets/inspector-{unit}.key", "--json").stdout
        import json
        doc = json.loads(out)
        return doc["cases"] if isinstance(doc, dict) else doc

    def send(self, fields, files=()):
        parts = [(k, None, None, v.encode()) for k, v in fields.items()]
        parts += [("file", n, t, d) for n, t, d in files]
        body, ctype = multipart(parts)
        return self.daemon.request("POST", "/reports", body, {"Content-Type": ctype})

    def test_report_sent_twice_makes_one_case(self):
        before = count_cases(self)
        fields = dict(FIELDS, form_token=form_token(self.daemon), undertaking="yes")
        status, hdrs, _ = self.send(fields, [("a.jpg", "image/jpeg", b"\xff\xd8 one")])
        self.assertEqual(status, 303)
        self.assertEqual(hdrs["location"], "/reports/receipt")
        self.assertNotRegex(hdrs["location"], RECEIPT)
        self.assertIn("HttpOnly", hdrs["set-cookie"])
        self.assertIn("SameSite=Strict", hdrs["set-cookie"])
        self.assertNotRegex(hdrs["set-cookie"], RECEIPT)  # sealed, not the receipt
        _, h1, page1 = follow(self.daemon, status, hdrs, b"")
        receipt = RECEIPT.search(page1.decode()).group(0)
        # Reload: the same page again from the cookie.
        _, _, again = self.daemon.request("GET", "/reports/receipt", None, {"Cookie": h1["cookie"]})
        self.assertIn(receipt, again.decode())
        # Back and send again (even changed): no second case, the first receipt, said so.
        status, hdrs, _ = self.send(dict(fields, summary="Một tóm tắt khác hẳn"))
        self.assertEqual(status, 303)
        _, _, page2 = follow(self.daemon, status, hdrs, b"")
        self.assertIn(receipt, page2.decode())
        self.assertIn("không có đơn thứ hai", page2.decode())
        self.assertEqual(count_cases(self), before + 1)
        # Hidden: the cookie is cleared, the page no longer shows it.
        status, hdrs, _ = self.daemon.request("POST", "/reports/receipt/forget", "lang=vi",
                                              {"Content-Type": "application/x-www-form-urlencoded",
                                               "Cookie": h1["cookie"]})
        self.assertEqual(status, 303)
        self.assertIn("Max-Age=0", hdrs["set-cookie"])
        _, _, gone = self.daemon.request("GET", "/reports/receipt")
        self.assertNotRegex(gone.decode(), RECEIPT)
        self.assertIn("/lost", gone.decode())

    def test_no_token_stores_nothing(self):
        before = count_cases(self)
        status, _, page = self.send(dict(FIELDS, undertaking="yes"))
        self.assertEqual(status, 400)
        self.assertIn("mở lại", page.decode())
        status, _, page = self.send(dict(FIELDS, undertaking="yes", form_token="zz" * 24))
        self.assertEqual(status, 400)
        self.assertEqual(count_cases(self), before)

    def test_error_keeps_token_and_says_files_were_not_kept(self):
        token = form_token(self.daemon)
        fields = dict(FIELDS, form_token=token, undertaking="", summary="abc")
        status, _, page = self.send(fields, [("b.pdf", "application/pdf", b"%PDF one")])
        page = page.decode()
        self.assertEqual(status, 422)
        self.assertIn(token, page)            # the same token: still unused
        self.assertIn('id="files-again"', page)  # the files are asked for again
        self.assertIn('id="err-undertaking"', page)
        self.assertNotIn("Trường này là bắt buộc", page)
        status, hdrs, _ = self.send(dict(fields, undertaking="yes", summary="Thu tiền sai"),
                                    [("b.pdf", "application/pdf", b"%PDF one")])
        self.assertEqual(status, 303)

    def test_message_sent_twice_is_stored_once(self):
        status, hdrs, _ = self.send(dict(FIELDS, form_token=form_token(self.daemon),
                                         undertaking="yes"))
        _, _, page = follow(self.daemon, status, hdrs, b"")
        receipt = RECEIPT.search(page.decode()).group(0)
        form = {"receipt": receipt, "lang": "vi"}
        _, _, case = self.daemon.request("POST", "/followup", urllib.parse.urlencode(form),
                                         {"Content-Type": "application/x-www-form-urlencoded"})
        msg = dict(form, text="Bổ sung: có nhân chứng.", msg_token=TOKEN.search(case.decode()).group(1))
        body = urllib.parse.urlencode(msg)
        for _ in range(3):
            status, hdrs, _ = self.daemon.request(
                "POST", "/followup/messages", body,
                {"Content-Type": "application/x-www-form-urlencoded"})
            self.assertEqual(status, 303)
            self.assertEqual(hdrs["location"], "/followup/case")
            self.assertNotIn(receipt, hdrs["set-cookie"])
        _, _, page = follow(self.daemon, status, hdrs, b"")
        self.assertEqual(page.decode().count("Bổ sung: có nhân chứng."), 1)
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": receipt})
        self.assertEqual(sum(1 for m in f["messages"] if m["from"] == "reporter"), 1)
        # After a restart (the daemon's memory gone) the same form still posts nothing more:
        # the token's hash is kept in the store with the message.
        port = self.daemon.port
        self.assertEqual(self.daemon.stop(), 0)
        type(self).daemon = Daemon(self.dir, ["--listen", f"127.0.0.1:{port}"])
        status, hdrs, _ = self.daemon.request(
            "POST", "/followup/messages", body,
            {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual((status, hdrs["location"]), (303, "/followup/case"))
        s, _, f = self.daemon.post_json("/api/v1/followup", {"receipt": receipt})
        self.assertEqual(sum(1 for m in f["messages"] if m["from"] == "reporter"), 1)

    def test_vietnamese_unless_chosen(self):
        _, hdrs, page = self.daemon.request("GET", "/", None, {"Accept-Language": "en-US,en;q=0.9"})
        self.assertIn(b'<html lang="vi">', page)
        _, hdrs, page = self.daemon.request("GET", "/?lang=en")
        self.assertIn(b'<html lang="en">', page)
        cookie = hdrs["set-cookie"].split(";")[0]
        self.assertEqual(cookie, "tocao_lang=en")
        _, _, page = self.daemon.request("GET", "/followup", None, {"Cookie": cookie})
        self.assertIn(b'<html lang="en">', page)
        _, hdrs, page = self.daemon.request("GET", "/?lang=vi", None, {"Cookie": cookie})
        self.assertIn(b'<html lang="vi">', page)
        self.assertIn("Max-Age=0", hdrs["set-cookie"])

    def test_lost_receipt_page_lists_contacts(self):
        status, _, page = self.daemon.request("GET", "/lost")
        page = page.decode()
        self.assertEqual(status, 200)
        self.assertIn("Mất mã tra cứu?", page)
        self.assertIn("Ngô Thì Nhậm", page)          # TTCP's reception office, sourced
        self.assertIn("Thanh tra tỉnh Cà Mau", page)
        self.assertGreaterEqual(page.count("<address"), 35)


if __name__ == "__main__":
    main()
