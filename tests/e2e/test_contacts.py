"""Each inspectorate's public contact as the instance's operator declares it (DIR/contacts.csv)
over the built-in lines: shown on the lost-receipt and receipt pages; a bad file stops the
start with its line number."""
import os
import subprocess

from harness import TOCAOD, Daemon, InstanceTest, main

LINE = ('TT-96,"Trụ sở Thanh tra tỉnh Cà Mau (địa chỉ thử nghiệm), số 9 Đường Thử, Cà Mau",'
        '0290 0000 000,"khai báo của Thanh tra tỉnh Cà Mau, 01/12/2026"\n')


class ContactsTest(InstanceTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.daemon.stop()
        with open(os.path.join(cls.dir, "contacts.csv"), "w", encoding="utf-8") as f:
            f.write("# the operator's lines\nunit,address,reception_phone,source\n" + LINE)
        cls.daemon = Daemon(cls.dir)

    def test_declared_contact_is_shown(self):
        status, _, page = self.daemon.request("GET", "/lost")
        self.assertEqual(status, 200)
        text = page.decode()
        self.assertIn("số 9 Đường Thử", text)
        self.assertIn("0290 0000 000", text)

    def test_bad_line_stops_the_start(self):
        path = os.path.join(self.tmp, "bad")
        os.makedirs(path)
        subprocess.run(["cp", "-a", self.dir, os.path.join(path, "inst")], check=True)
        bad = os.path.join(path, "inst")
        for line, why in (("TT-99,x,y,z\n", "unknown unit"), ("TT-96,x,y,\n", "no source")):
            with open(os.path.join(bad, "contacts.csv"), "w", encoding="utf-8") as f:
                f.write("unit,address,reception_phone,source\n" + line)
            p = subprocess.run([TOCAOD, "-d", bad, "--listen", "127.0.0.1:0"],
                               capture_output=True, text=True, timeout=60)
            self.assertNotEqual(p.returncode, 0, why)
            self.assertIn("contacts.csv line 2", p.stderr, why)


if __name__ == "__main__":
    main()
