#!/usr/bin/env python3
"""Tests of `sla-watch --forecast` (table, csv, json), run as a user would.

Usage: test-sla-watch.py PATH-TO-sla-watch

The demo is checked for shape and consistency; a small hand-made queue is
checked against values computed by hand (mean-value mode: every handle time
equals its mean, so replies fall at exact instants).
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
from datetime import datetime, timezone

EXE = None


def run(*args, check=True):
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    p = subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=60)
    if check and p.returncode != 0:
        raise AssertionError(f"sla-watch {args} exited {p.returncode}: {p.stderr}")
    return p


def epoch(text):
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


class Demo(unittest.TestCase):
    def test_json_shape(self):
        d = json.loads(run("--demo", "--forecast", "--format", "json").stdout)
        fc = d["forecast"]
        self.assertEqual(fc["order"], "edf")
        self.assertEqual(fc["samples"], 500)
        self.assertGreater(len(fc["tickets"]), 10)
        total = 0.0
        for t in fc["tickets"]:
            self.assertGreaterEqual(t["p_breach"], 0.0)
            self.assertLessEqual(t["p_breach"], 1.0)
            self.assertIn(t["metric"], ("first_reply", "next_reply"))
            self.assertGreaterEqual(t["deadline"], t["arrival"])
            self.assertLessEqual(t["arrival"], d["now"])
            if t["late"]:
                self.assertLess(t["deadline"], d["now"])
                self.assertEqual(t["p_breach"], 1.0)
            if t["reply_low"] != -1:
                self.assertLessEqual(t["reply_low"], t["reply_high"])
                self.assertGreaterEqual(t["reply_low"], d["now"])
            total += t["p_breach"]
        # expected breaches = sum of the probabilities (rounding to 4 places)
        self.assertAlmostEqual(fc["expected_breaches"], total, delta=0.001 * len(fc["tickets"]))
        adv = fc["advice"]
        self.assertEqual(len(adv["shifts"]), 3)
        for s in adv["shifts"]:
            for key in ("channel", "hours", "agents", "concurrency", "extra_agents"):
                self.assertIn(key, s)
            self.assertGreaterEqual(s["extra_agents"], 0)
        self.assertGreaterEqual(adv["breaches_left"], 0)
        chans = [p["channel"] for p in fc["promises"]]
        self.assertEqual(chans, ["email", "chat"])
        for p in fc["promises"]:
            self.assertGreaterEqual(p["promise"], d["now"])
            self.assertLessEqual(p["promise"], p["sla_deadline"])
            self.assertEqual(p["at_risk"], p["forecast_p90"] == -1 or p["forecast_p90"] > p["sla_deadline"])
        # the story: social has nobody on duty, so its tickets are never answered
        social = [t for t in fc["tickets"] if t["channel"] == "social"]
        self.assertTrue(social)
        for t in social:
            self.assertEqual(t["reply_high"], -1)
            self.assertEqual(t["p_breach"], 1.0)

    def test_same_seed_same_output(self):
        for fmt in ("table", "csv", "json"):
            a = run("--demo", "--forecast", "--format", fmt, "--seed", "7").stdout
            b = run("--demo", "--forecast", "--format", fmt, "--seed", "7").stdout
            self.assertEqual(a, b, fmt)
        a = run("--demo", "--forecast", "--format", "json", "--seed", "7").stdout
        c = run("--demo", "--forecast", "--format", "json", "--seed", "8").stdout
        self.assertNotEqual(a, c)

    def test_table(self):
        out = run("--demo", "--forecast").stdout
        self.assertNotIn("\033[", out)  # not a terminal: no colour
        for text in ("Open clocks at", "Forecast:", "Expected breaches:", "Staffing advice",
                     "What to promise", "REPLY (P10 - P90)"):
            self.assertIn(text, out)

    def test_csv_sections_agree_with_json(self):
        text = run("--demo", "--forecast", "--format", "csv").stdout
        sections = [s for s in text.split("\n\n") if s.strip()]
        self.assertEqual(len(sections), 5)
        tables = [list(csv.DictReader(io.StringIO(s))) for s in sections]
        d = json.loads(run("--demo", "--forecast", "--format", "json").stdout)
        fc = d["forecast"]
        self.assertEqual(len(tables[0]), len(d["open"]))
        self.assertEqual([r["ticket"] for r in tables[1]], [t["ticket"] for t in fc["tickets"]])
        for r, t in zip(tables[1], fc["tickets"]):
            self.assertAlmostEqual(float(r["p_breach"]), t["p_breach"], places=4)
            self.assertEqual(int(r["reply_high"]), t["reply_high"])
        self.assertEqual([int(r["extra_agents"]) for r in tables[2]],
                         [s["extra_agents"] for s in fc["advice"]["shifts"]])
        self.assertEqual(len(tables[3]), 2)
        self.assertEqual(int(tables[4][0]["breaches_left"]), fc["advice"]["breaches_left"])

    def test_plain_demo_has_no_forecast(self):
        d = json.loads(run("--demo", "--format", "json").stdout)
        self.assertNotIn("forecast", d)


class Usage(unittest.TestCase):
    def test_bad_shift(self):
        for bad in ("email", "email=3", "email=x@Mo-Fr 09:00-17:00", "email=3x0@24/7",
                    "email=3@", "=3@24/7", "email=-1@24/7", "fax=2@24/7",
                    "email=3@Mo-Fr 25:00-26:00", "email=3@sunrise-sunset"):
            p = run("--demo", "--forecast", "--shift", bad, check=False)
            self.assertEqual(p.returncode, 2, bad)
            self.assertIn("--shift", p.stderr, bad)
            self.assertEqual(p.stdout, "", bad)

    def test_bad_handle_and_options(self):
        for args in (["--handle", "email"], ["--handle", "email=abc"], ["--handle", "email=0s"],
                     ["--handle", "email=7m/"], ["--order", "lifo"], ["--samples", "-1"],
                     ["--samples", "many"], ["--seed", "x"], ["--roster-tz", "Nowhere/City"]):
            p = run("--demo", "--forecast", *args, check=False)
            self.assertEqual(p.returncode, 2, args)
        # forecast options without --forecast are a usage error
        p = run("--demo", "--shift", "email=1@24/7", check=False)
        self.assertEqual(p.returncode, 2)
        # --forecast needs a roster
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write("A,2025-01-06T09:00:00Z,created,email,normal\n")
        try:
            p = run("--forecast", f.name, check=False)
            self.assertEqual(p.returncode, 2)
        finally:
            os.unlink(f.name)


class SmallQueue(unittest.TestCase):
    """One email agent around the clock, 10-minute replies, 15-minute target.

    Emails A, B, C (C high priority) arrive at 09:00, 09:01, 09:02 (UTC,
    Monday 6 January 2025); D got a first reply at 08:40 and wrote again at
    08:50 (next reply, 1 h); E is solved. At 09:04 the agent takes them
    earliest deadline first: A (due 09:15), B (09:16), C (09:17), D (09:50),
    replying at 09:14, 09:24, 09:34 and 09:44. So A and D make it, B and C
    breach; two extra agents answer A, B and C at 09:14. A new email at 09:04
    is due at 09:19: it goes after A, B and C and before D, so the forecast
    reply is 09:44, later than its deadline: promise 09:19, at risk.
    """

    POLICY = "first_reply email * 15m\nnext_reply email * 1h\n"
    LOG = """ticket,time,event,channel,priority
A,2025-01-06T09:00:00Z,created,email,normal
B,2025-01-06T09:01:00Z,created,email,normal
C,2025-01-06T09:02:00Z,created,email,high
D,2025-01-06T08:30:00Z,created,email,normal
D,2025-01-06T08:40:00Z,reply,,
D,2025-01-06T08:50:00Z,customer,email,
E,2025-01-06T08:00:00Z,created,email,normal
E,2025-01-06T08:05:00Z,reply,,
E,2025-01-06T08:06:00Z,status:solved,,
"""

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.policy = os.path.join(self.dir, "policy.txt")
        self.log = os.path.join(self.dir, "events.csv")
        with open(self.policy, "w") as f:
            f.write(self.POLICY)
        with open(self.log, "w") as f:
            f.write(self.LOG)

    def tearDown(self):
        for name in os.listdir(self.dir):
            os.unlink(os.path.join(self.dir, name))
        os.rmdir(self.dir)

    def forecast(self, *extra):
        out = run("--policy", self.policy, "--calendar", "main=UTC;24/7", "--now",
                  "2025-01-06T09:04:00Z", "--forecast", "--shift", "email=1@24/7", "--handle",
                  "email=10m/0s", "--samples", "0", "--format", "json", *extra, self.log).stdout
        return json.loads(out)

    def test_mean_value_replies(self):
        d = self.forecast()
        t = {x["ticket"]: x for x in d["forecast"]["tickets"]}
        self.assertEqual(sorted(t), ["A", "B", "C", "D"])  # E is solved
        self.assertEqual(t["D"]["metric"], "next_reply")
        self.assertEqual(t["D"]["arrival"], epoch("2025-01-06T08:50:00Z"))
        self.assertEqual(t["D"]["deadline"], epoch("2025-01-06T09:50:00Z"))
        want = {"A": "09:14", "B": "09:24", "C": "09:34", "D": "09:44"}
        for k, hm in want.items():
            at = epoch(f"2025-01-06T{hm}:00Z")
            self.assertEqual(t[k]["reply_expected"], at, k)
            self.assertEqual(t[k]["reply_low"], at, k)
            self.assertEqual(t[k]["reply_high"], at, k)
        self.assertEqual(t["A"]["pickup"], epoch("2025-01-06T09:04:00Z"))
        self.assertEqual([t[k]["p_breach"] for k in "ABCD"], [0.0, 1.0, 1.0, 0.0])
        self.assertAlmostEqual(d["forecast"]["expected_breaches"], 2.0)
        adv = d["forecast"]["advice"]
        self.assertEqual(adv["shifts"][0]["extra_agents"], 2)
        self.assertEqual(adv["breaches_left"], 0)
        p = d["forecast"]["promises"][0]
        self.assertEqual(p["channel"], "email")
        self.assertEqual(p["sla_deadline"], epoch("2025-01-06T09:19:00Z"))
        # the newcomer (due 09:19) goes after A, B, C and before D (due 09:50)
        self.assertEqual(p["forecast_p90"], epoch("2025-01-06T09:44:00Z"))
        self.assertEqual(p["promise"], epoch("2025-01-06T09:19:00Z"))
        self.assertTrue(p["at_risk"])

    def test_priority_order(self):
        d = self.forecast("--order", "priority")
        t = {x["ticket"]: x for x in d["forecast"]["tickets"]}
        # C is high priority: first; then A, D, B by arrival (D waited since 08:50)
        self.assertEqual(t["C"]["reply_expected"], epoch("2025-01-06T09:14:00Z"))
        self.assertEqual(t["D"]["reply_expected"], epoch("2025-01-06T09:24:00Z"))
        self.assertEqual(t["A"]["reply_expected"], epoch("2025-01-06T09:34:00Z"))
        self.assertEqual(t["B"]["reply_expected"], epoch("2025-01-06T09:44:00Z"))

    def test_two_agents(self):
        d = self.forecast("--shift", "email=1@Mo-Fr 00:00-24:00")
        t = {x["ticket"]: x for x in d["forecast"]["tickets"]}
        self.assertEqual(t["A"]["reply_expected"], epoch("2025-01-06T09:14:00Z"))
        self.assertEqual(t["B"]["reply_expected"], epoch("2025-01-06T09:14:00Z"))
        self.assertEqual(t["C"]["reply_expected"], epoch("2025-01-06T09:24:00Z"))
        self.assertEqual(len(d["forecast"]["advice"]["shifts"]), 2)


if __name__ == "__main__":
    EXE = sys.argv.pop(1)
    unittest.main(verbosity=2)
