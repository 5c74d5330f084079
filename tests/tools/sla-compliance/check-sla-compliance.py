#!/usr/bin/env python3
"""sla-compliance run as a user would: columns by header name, every bad row with its line,
one-line messages with exit 1 or 2, negative targets refused, csv and json output, and
figures computed by hand (Oslo, Mo-Fr 08:00-16:00)."""

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

TOOL = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "examples", "sla-compliance", "sla-compliance.py")
OSLO = ["--tz", "Europe/Oslo", "--hours", "Mo-Fr 08:00-16:00"]

# Monday 2025-06-02. email target 15m in business hours, chat 30s 24/7.
GOOD = """ticket,channel,created,first_reply
1,email,2025-06-02T15:55:00+02:00,2025-06-03T08:05:00+02:00
2,email,2025-06-02T09:00:00+02:00,2025-06-02T09:20:00+02:00
3,email,2025-06-02T10:00:00+02:00,
4,chat,2025-06-02T09:00:00+02:00,2025-06-02T09:00:40+02:00
5,chat,2025-06-02 09:30,2025-06-02 09:30:10
"""


def run(*args, stdin=None, files=None):
    with tempfile.TemporaryDirectory() as d:
        argv = []
        for a in args:
            if isinstance(a, tuple):  # (name, content): a file in the temporary directory
                path = os.path.join(d, a[0])
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(a[1])
                argv.append(path)
            else:
                argv.append(a)
        p = subprocess.run([sys.executable, TOOL] + argv, capture_output=True, text=True)
        return p.returncode, p.stdout, p.stderr.replace(d + os.sep, "")


class ComplianceTest(unittest.TestCase):
    def assert_one_line_error(self, rc, err, status, *words):
        self.assertEqual(rc, status, err)
        self.assertNotIn("Traceback", err)
        for w in words:
            self.assertIn(w, err)
        for line in err.splitlines():
            self.assertTrue(line.startswith("sla-compliance: ") or line.startswith("Try "),
                            line)

    def test_figures(self):
        rc, out, err = run(("t.csv", GOOD), *OSLO, "--now", "2025-06-02T10:10:00+02:00",
                           "--format", "json")
        self.assertEqual(rc, 0, err)
        rep = json.loads(out)
        ch = {r["channel"]: r for r in rep["channels"]}
        # email: 5 business minutes Mon + 5 Tue = 10m met; 20m breached; 10m waiting < 15m
        self.assertEqual((ch["email"]["met"], ch["email"]["breached"], ch["email"]["waiting"]),
                         (1, 1, 1))
        self.assertEqual(ch["email"]["target"], 900)
        self.assertEqual(ch["email"]["calendar"], "business")
        self.assertEqual((ch["email"]["median"], ch["email"]["p90"]), (600, 1200))
        # chat, 24/7, 30s: 40s breached, 10s met
        self.assertEqual((ch["chat"]["met"], ch["chat"]["breached"]), (1, 1))
        self.assertEqual(ch["chat"]["calendar"], "24/7")
        self.assertEqual(rep["judged_at"], "2025-06-02T10:10:00+02:00")
        # the waiting email breaches once 15 business minutes have passed
        rc, out, _ = run(("t.csv", GOOD), *OSLO, "--now", "2025-06-02T10:16:00+02:00",
                         "--format", "json")
        ch = {r["channel"]: r for r in json.loads(out)["channels"]}
        self.assertEqual((ch["email"]["breached"], ch["email"]["waiting"]), (2, 0))

    def test_csv_output_loads(self):
        rc, out, err = run(("t.csv", GOOD), *OSLO, "--now", "2025-06-02T10:10:00+02:00",
                           "--format", "csv")
        self.assertEqual(rc, 0, err)
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertEqual([r["channel"] for r in rows], ["chat", "email"])
        self.assertEqual(rows[1]["target_seconds"], "900")
        self.assertEqual(rows[1]["target"], "15m")
        self.assertEqual(rows[1]["met_percent"], "50.0")
        self.assertEqual(rows[1]["judged_at_epoch"], "1748851800")
        self.assertEqual(rows[1]["judged_at"], "2025-06-02T10:10:00+02:00")

    def test_columns_by_name_and_alias(self):
        text = ("answered,opened,id,via\n"
                "2025-06-02T09:20:00+02:00,2025-06-02T09:00:00+02:00,2,email\n")
        rc, out, err = run(("t.csv", text), *OSLO, "--format", "json")
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["channels"][0]["breached"], 1)
        text = ("Case ID,Opened At,Reply Time\n"
                "7,2025-06-02T09:00:00+02:00,2025-06-02T09:05:00+02:00\n")
        rc, out, err = run(("t.csv", text), *OSLO, "--column", "first_reply=Reply Time",
                           "--format", "json")
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["channels"][0]["met"], 1)
        rc, _, err = run(("t.csv", text), *OSLO, "--column", "first_reply=Nope")
        self.assert_one_line_error(rc, err, 2, "no column 'Nope'", "Reply Time")

    def test_missing_column_is_an_error(self):
        rc, out, err = run(("t.csv", "ticket,channel,created\n1,email,2025-06-02T10:05:00Z\n"))
        self.assert_one_line_error(rc, err, 1, "missing column 'first_reply'",
                                   "ticket, channel, created", "--column first_reply=")
        self.assertEqual(out, "")
        rc, _, err = run(("t.csv", "id,channel,answered\n1,email,2025-06-02T10:05:00Z\n"))
        self.assert_one_line_error(rc, err, 1, "missing column 'created'")

    def test_every_bad_row_with_its_line(self):
        text = ("ticket,channel,created,first_reply\n"
                "1,email,2025-06-02T10:05:00+02:00,2025-06-02T10:00:45+02:00\n"
                "2,email,2025-06-0215:52,\n"
                "3,email,2025-06-02T09:00:00+02:00,2025-06-02T09:10:00+02:00\n"
                "4,email,2025-06-02T09:00:00+02:00,2025-06-02T09:1\x000:00+02:00\n"
                "5,email,,2025-06-02T09:10:00+02:00\n")
        rc, out, err = run(("t.csv", text), *OSLO)
        self.assert_one_line_error(rc, err, 1)
        self.assertEqual(out, "")
        lines = err.splitlines()
        self.assertEqual(len(lines), 4, err)
        self.assertIn("t.csv:2: ticket '1': first reply 2025-06-02T10:00:45+02:00 is before "
                      "the ticket was created", lines[0])
        self.assertIn("t.csv:3: ticket '2': created:", lines[1])
        self.assertIn("t.csv:5: ticket '4': column 'first_reply' holds a NUL byte", lines[2])
        self.assertIn("t.csv:6: ticket '5': 'created' is empty", lines[3])

    def test_bad_rows_stop_after_the_cap(self):
        text = "ticket,channel,created,first_reply\n" + "".join(
            f"{i},email,nonsense,\n" for i in range(30))
        rc, _, err = run(("t.csv", text), *OSLO)
        self.assert_one_line_error(rc, err, 1, "stopped after 20 bad rows")
        self.assertEqual(len(err.splitlines()), 21)
        self.assertIn("t.csv:21:", err.splitlines()[19])

    def test_negative_target_refused(self):
        rc, _, err = run(("t.csv", GOOD), "--target", "email=-4h")
        self.assert_one_line_error(rc, err, 1, "-4h is negative")
        rc, _, err = run(("t.csv", GOOD), "--default-target=-1h")
        self.assert_one_line_error(rc, err, 1, "negative")

    def test_bad_options_are_one_line(self):
        for args, status, words in (
                (["--tz", "Europe/Olso"], 1, ["--tz", "Europe/Olso"]),
                (["--hours", "Mo-Fri 08:00-16:00"], 1, ["--hours", "Fri"]),
                (["--target", "email=4hours"], 1, ["--target", "4hours"]),
                (["--target", "email"], 2, ["CHANNEL=DURATION"]),
                (["--holidays", "/nonexistent/h.ics"], 1, ["--holidays", "No such file"]),
                (["--now", "9999-01-01T00:00:00Z"], 1, ["--now", "range"]),
                (["--holiday", "2025-02-30"], 1, ["2025-02 has no day 30"]),
                (["--format", "xml"], 2, ["--format"]),
                (["--bogus"], 2, ["--bogus"]),
                (["/nonexistent/t.csv"], 1, ["cannot read", "No such file"])):
            with self.subTest(args=args):
                rc, out, err = run(*args)
                self.assert_one_line_error(rc, err, status, *words)
                self.assertEqual(out, "")

    def test_demo_data_has_no_early_reply(self):
        rc, out, err = run("--format", "json")
        self.assertEqual(rc, 0, err)
        self.assertEqual(err, "")
        ch = {r["channel"]: r for r in json.loads(out)["channels"]}
        self.assertEqual(ch["phone"]["median"], 12)
        self.assertEqual(ch["phone"]["p90"], 45)

    def test_help_documents_the_columns(self):
        rc, out, _ = run("--help")
        self.assertEqual(rc, 0)
        for w in ("created", "first_reply", "channel", "--column", "Exit status", "--format"):
            self.assertIn(w, out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
