"""`sla-watch --since T0`: the warnings and breaches crossed in (T0, now], each
once, and the next change of each ticket in the open-clock table.

Run as a user would: a reminder job that runs sla-watch at irregular times
with --since its previous run sends, over all its runs, exactly what one run
over the whole span lists (every reminder once, never twice, never none)."""

import json
import os
import subprocess
import sys
import unittest

EXE = None

POLICY = """first_reply email * 15m calendar=business warn=50,90
next_reply  email * 10m calendar=business warn=50
periodic_update * * 20m calendar=business warn=50
resolution * * 4h calendar=business pause=pending warn=50,75
"""

# Monday 2025-01-06 in UTC business hours 09:00-17:00.
EVENTS = """ticket,time,event,channel,priority
A,2025-01-06T09:00:00Z,created,email,normal
A,2025-01-06T09:20:00Z,reply,,
A,2025-01-06T09:25:00Z,customer,email,
A,2025-01-06T09:45:00Z,reply,,
A,2025-01-06T10:30:00Z,status:pending,,
A,2025-01-06T11:00:00Z,status:open,,
B,2025-01-06T09:05:00Z,created,email,high
B,2025-01-06T09:10:00Z,reply,,
B,2025-01-06T09:40:00Z,reply,,
B,2025-01-06T12:00:00Z,status:solved,,
C,2025-01-06T13:00:00Z,created,email,normal
"""


def run(*args):
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    p = subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=60)
    if p.returncode != 0:
        raise AssertionError(f"sla-watch {args} exited {p.returncode}: {p.stderr}")
    return p.stdout


class Since(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.dir = tempfile.mkdtemp()
        cls.policy = os.path.join(cls.dir, "policy.txt")
        cls.log = os.path.join(cls.dir, "events.csv")
        with open(cls.policy, "w") as f:
            f.write(POLICY)
        with open(cls.log, "w") as f:
            f.write(EVENTS)

    def watch(self, since, now, fmt="json"):
        out = run("--policy", self.policy, "--calendar", "business=UTC;Mo-Fr 09:00-17:00",
                  "--since", since, "--now", now, "--format", fmt, self.log)
        return json.loads(out) if fmt == "json" else out

    def crossings(self, since, now):
        return [(x["at"], x["ticket"], x["metric"], x["threshold"])
                for x in self.watch(since, now)["crossings"]]

    def test_hand_worked(self):
        got = self.crossings("2025-01-06T09:00:00Z", "2025-01-06T09:30:00Z")
        t = lambda hms: int(__import__("datetime").datetime.fromisoformat(
            "2025-01-06T" + hms + "+00:00").timestamp())
        # A: first reply 50 % at 09:07:30, 90 % at 09:13:30, breached from 09:15:01
        # (replied 09:20); its first update cycle (20 min) passes 50 % at 09:10 and
        # is not breached: the reply at 09:20 is at the deadline itself, in time.
        self.assertIn((t("09:07:30"), "A", "first_reply", 50), got)
        self.assertIn((t("09:13:30"), "A", "first_reply", 90), got)
        self.assertIn((t("09:15:01"), "A", "first_reply", 100), got)
        self.assertIn((t("09:10:00"), "A", "periodic_update", 50), got)
        self.assertNotIn((t("09:20:01"), "A", "periodic_update", 100), got)
        # B replied at 09:10 (in time): no first-reply breach; its first update
        # cycle ran 09:05-09:10 (50 % at 09:15 never came).
        self.assertFalse([x for x in got if x[1] == "B" and x[2] == "first_reply" and
                          x[3] == 100])
        self.assertEqual(got, sorted(got))

    def test_every_reminder_once_over_irregular_runs(self):
        start, end = "2025-01-06T08:00:00Z", "2025-01-06T16:00:00Z"
        whole = self.crossings(start, end)
        self.assertGreater(len(whole), 8)
        cuts = ["2025-01-06T09:07:30Z", "2025-01-06T09:20:00Z", "2025-01-06T09:20:01Z",
                "2025-01-06T09:44:00Z", "2025-01-06T11:00:00Z", "2025-01-06T13:03:45Z"]
        runs = [start] + cuts + [end]
        parts = []
        for a, b in zip(runs, runs[1:]):
            parts += self.crossings(a, b)
        self.assertEqual(parts, whole)

    def test_next_change_in_every_format(self):
        d = self.watch("2025-01-06T09:00:00Z", "2025-01-06T13:00:00Z")
        c = [o for o in d["open"] if o["ticket"] == "C"]
        self.assertTrue(c)
        # C created 13:00: first reply 50 % at 13:07:30
        self.assertEqual(c[0]["next_change"], 1736168850)
        self.assertEqual(c[0]["next_metric"], "first_reply")
        self.assertEqual(c[0]["next_threshold"], 50)
        table = self.watch("2025-01-06T09:00:00Z", "2025-01-06T13:00:00Z", "table")
        self.assertIn("NEXT CHANGE", table)
        self.assertIn("first_reply 50%", table)
        self.assertIn("Crossed since", table)
        out = self.watch("2025-01-06T09:00:00Z", "2025-01-06T13:00:00Z", "csv")
        rows = list(__import__("csv").DictReader(out.splitlines()))
        c = [r for r in rows if r["table"] == "open" and r["ticket"] == "C"]
        self.assertEqual(c[0]["next_change"], "1736168850")
        self.assertEqual(c[0]["next_metric"], "first_reply")
        self.assertEqual(c[0]["next_threshold"], "50")
        xs = [r for r in rows if r["table"] == "crossings"]
        self.assertEqual(len(xs), len(d["crossings"]))
        self.assertEqual([int(r["at"]) for r in xs], [x["at"] for x in d["crossings"]])


if __name__ == "__main__":
    EXE = sys.argv.pop(1)
    unittest.main(verbosity=2)
