"""The reference golden cases ($SLA_SHARED_DIR/cases), when present."""

import array
import csv
import datetime as dt
import glob
import os
import unittest

from libsla import Calendar

from .support import shared_dir, source_dir


def load_cal(path):
    """Read a NAME.cal file: tz, hours, holiday, closed/open DATE HH:MM-HH:MM."""
    zone, hours = "UTC", "24/7"
    holidays, closures, openings = [], [], []
    for raw in open(path, encoding="utf-8"):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        key, _, rest = line.partition(" ")
        rest = rest.strip()
        if key == "tz":
            zone = rest
        elif key == "hours":
            hours = rest
        elif key == "holiday":
            holidays.append(rest)
        elif key in ("closed", "open"):
            date, span = rest.split()
            a, b = span.split("-")
            day = dt.date.fromisoformat(date)
            end_day = day
            if b == "24:00" or b <= a:
                end_day = day + dt.timedelta(days=1)
                if b == "24:00":
                    b = "00:00"
            pair = (f"{day} {a}", f"{end_day} {b}")
            (closures if key == "closed" else openings).append(pair)
        else:
            raise ValueError(f"{path}: unknown setting {key!r}")
    return Calendar(zone, hours, holidays=holidays, closures=closures, openings=openings)


def rows(path):
    with open(path, newline="") as f:
        return [[int(x) for x in r] for r in list(csv.reader(f))[1:]
            if r and not r[0].lstrip().startswith("#")]


class GoldenTest(unittest.TestCase):
    def setUp(self):
        d = shared_dir()
        if d is None or not os.path.isdir(os.path.join(d, "cases")):
            self.skipTest("golden cases not present (SLA_SHARED_DIR)")
        self.cases = os.path.join(d, "cases")

    def test_cases(self):
        self.check(sorted(glob.glob(os.path.join(self.cases, "*.cal"))))

    def check(self, cals):
        self.assertTrue(cals)
        checked = 0
        for calpath in cals:
            name = os.path.splitext(calpath)[0]
            with load_cal(calpath) as cal:
                if os.path.exists(name + "_add.csv"):
                    r = rows(name + "_add.csv")
                    for s, d, want in r:
                        self.assertEqual(cal.add(s, d), want, f"{name} add({s}, {d})")
                    out = cal.add_many(array.array("q", [x[0] for x in r]),
                                       array.array("q", [x[1] for x in r]))
                    self.assertEqual(list(out), [x[2] for x in r], f"{name} add_many")
                    checked += len(r)
                if os.path.exists(name + "_diff.csv"):
                    r = rows(name + "_diff.csv")
                    for a, b, want in r:
                        self.assertEqual(cal.diff(a, b), want, f"{name} diff({a}, {b})")
                    out = cal.diff_many(array.array("q", [x[0] for x in r]),
                                        array.array("q", [x[1] for x in r]))
                    self.assertEqual(list(out), [x[2] for x in r], f"{name} diff_many")
                    checked += len(r)
        self.assertGreater(checked, 0)


class ProjectTableTest(GoldenTest):
    """The project's own table (tests/golden/data), read by the C, Python,
    Ruby and Perl golden tests alike."""

    def setUp(self):
        self.cases = os.path.join(source_dir(), "tests", "golden", "data")

    def test_cases(self):
        self.check(sorted(glob.glob(os.path.join(self.cases, "*.cal"))))


if __name__ == "__main__":
    unittest.main()
