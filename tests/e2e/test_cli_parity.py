"""`tocao cases` through the client library (issue 14): every page with --all, the order by
deadline, the decrypted summary, a note with a decision's number and date, the settings from the
environment and from client.conf, Vietnamese headers."""
import json
import os
import subprocess

from harness import TOCAO, main, sample_report
from test_inspector_sessions import InspectorBase

N_CASES = 120


class CliParityTest(InspectorBase):
    conf = {"submit_per_source_per_min": "1000000", "submit_per_source_burst": "1000000",
            "submit_global_per_s": "1000000", "submit_global_burst": "1000000"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ids = []
        for i in range(N_CASES):
            s, _, doc = cls.daemon.post_json("/api/v1/reports", sample_report(
                summary=f"Tóm tắt số {i:03d} cần kiểm tra"))
            assert s == 201, (s, doc)
            cls.ids.append(doc["case_id"])

    def run_cli(self, *args, env=None, flags=True, check=True):
        e = {k: v for k, v in os.environ.items()
             if not k.startswith(("TOCAO_", "LANG", "LC_", "XDG_CONFIG"))}
        e["HOME"] = self.tmp
        e.update(env or {})
        argv = [TOCAO, "cases", *args[:1]]
        if flags:
            argv += self.flags()
        p = subprocess.run([*argv, *args[1:]], capture_output=True, text=True, env=e, timeout=300)
        if check and p.returncode != 0:
            raise AssertionError(f"tocao {args} failed ({p.returncode}): {p.stderr}")
        return p

    def flags(self):
        s = self.settings()
        return ["--server", s["TOCAO_SERVER"], "--cacert", s["TOCAO_CACERT"],
                "--identity", s["TOCAO_IDENTITY"], "--unit-key", s["TOCAO_UNIT_KEY"]]

    def settings(self, unit="TT-96"):
        return {"TOCAO_SERVER": f"https://127.0.0.1:{self.daemon.port}",
                "TOCAO_CACERT": os.path.join(self.dir, "tls", "cert.pem"),
                "TOCAO_IDENTITY": os.path.join(self.dir, "dev-secrets", f"inspector-{unit}.key"),
                "TOCAO_UNIT_KEY": os.path.join(self.dir, "dev-secrets", f"{unit}.key")}

    def test_all_pages_and_count(self):
        doc = json.loads(self.run_cli("list", "--all", "--limit", "7", "--json").stdout)
        self.assertEqual(doc["count"], N_CASES)
        self.assertEqual(doc["pages"], (N_CASES + 6) // 7)
        self.assertEqual(sorted(c["case_id"] for c in doc["cases"]), sorted(self.ids))
        self.assertIsNone(doc["next_cursor"])
        # Without --all: one page, and the cursor to go on.
        one = json.loads(self.run_cli("list", "--limit", "7", "--json").stdout)
        self.assertEqual(one["count"], 7)
        self.assertIsNotNone(one["next_cursor"])
        table = self.run_cli("list", "--all", "--limit", "50").stdout
        self.assertIn(f"{N_CASES} case(s), 3 page(s)", table)

    def test_sort_by_deadline(self):
        doc = json.loads(self.run_cli("list", "--sort", "deadline", "--limit", "9",
                                      "--json").stdout)
        self.assertEqual(doc["count"], N_CASES)
        keys = [(-c["overdue_days"], min(c["deadlines"].values()), c["case_id"])
                for c in doc["cases"]]
        self.assertEqual(keys, sorted(keys))
        p = self.run_cli("list", "--sort", "received", check=False)
        self.assertEqual(p.returncode, 2)

    def test_summary_decrypted_here(self):
        table = self.run_cli("list", "--summary", "--limit", "5").stdout
        self.assertIn("SUMMARY", table)
        self.assertIn("CATEGORY", table)
        self.assertIn("corruption", table)
        self.assertIn("Tóm tắt số", table)
        p = self.run_cli("list", "--summary", flags=False, check=False,
                         env={k: v for k, v in self.settings().items() if k != "TOCAO_UNIT_KEY"})
        self.assertEqual(p.returncode, 2)

    def test_note_with_decision(self):
        cid = self.ids[0]
        out = self.run_cli("act", cid, "accept", "--note", "Giao tổ xác minh PLANTED-NOTE-91",
                           "--decision-number", "12/QĐ-TTr", "--decision-date", "2026-11-21").stdout
        self.assertIn("accepted", out)
        exp = subprocess.run([TOCAO, "export", "--data", self.dir, cid], capture_output=True,
                             text=True, check=True).stdout
        opened = json.loads(subprocess.run(
            [TOCAO, "open", "--key", self.settings()["TOCAO_UNIT_KEY"], "--json"], input=exp,
            capture_output=True, text=True, check=True).stdout)
        notes = [m["text"] for m in opened["messages"] if m["from"] == "note"]
        self.assertEqual(notes, ["Quyết định số 12/QĐ-TTr ngày 2026-11-21\n"
                                 "Giao tổ xác minh PLANTED-NOTE-91"])
        shown = self.run_cli("show", self.ids[0]).stdout
        self.assertIn("timeline", shown)
        self.assertIn("action accept", shown)

    def test_settings_from_environment_and_file(self):
        env = self.settings()
        listed = json.loads(self.run_cli("list", "--json", flags=False, env=env).stdout)
        self.assertEqual(listed["count"], N_CASES)
        # client.conf under XDG_CONFIG_HOME; the command line wins over it.
        cfg = os.path.join(self.tmp, "xdg", "tocao")
        os.makedirs(cfg, exist_ok=True)
        with open(os.path.join(cfg, "client.conf"), "w") as f:
            f.write("# the inspector's settings\n" +
                    "".join(f"{k[6:].lower()} = {v}\n" for k, v in env.items()))
        xdg = {"XDG_CONFIG_HOME": os.path.join(self.tmp, "xdg")}
        shown = json.loads(self.run_cli("show", self.ids[1], "--json", flags=False,
                                        env=xdg).stdout)
        self.assertEqual(shown["report"]["details"], sample_report()["details"])
        p = self.run_cli("list", "--server", "https://127.0.0.1:1", flags=False, env=xdg,
                         check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("127.0.0.1:1", p.stderr)
        # The environment wins over the file.
        p = self.run_cli("list", flags=False, check=False,
                         env={**xdg, "TOCAO_SERVER": "https://127.0.0.1:1"})
        self.assertEqual(p.returncode, 1)
        with open(os.path.join(cfg, "client.conf"), "a") as f:
            f.write("password = x\n")
        p = self.run_cli("list", flags=False, env=xdg, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("line", p.stderr)

    def test_vietnamese_output(self):
        vi = self.run_cli("list", "--limit", "3", env={"LANG": "vi_VN.UTF-8"}).stdout
        for word in ("HỒ SƠ", "TRẠNG THÁI", "NGÀY NHẬN", "HẠN XỬ LÝ", "QUÁ HẠN", "hồ sơ, 1 trang"):
            self.assertIn(word, vi)
        en = self.run_cli("list", "--limit", "3", env={"LANG": "en_US.UTF-8"}).stdout
        self.assertIn("STATUS", en)
        self.assertNotIn("TRẠNG THÁI", en)
        # LC_MESSAGES over LANG, LC_ALL over both.
        vi2 = self.run_cli("list", "--limit", "3",
                           env={"LANG": "en_US.UTF-8", "LC_MESSAGES": "vi_VN"}).stdout
        self.assertIn("TRẠNG THÁI", vi2)
        en2 = self.run_cli("list", "--limit", "3",
                           env={"LC_ALL": "C", "LC_MESSAGES": "vi_VN"}).stdout
        self.assertIn("STATUS", en2)


if __name__ == "__main__":
    main()
