import datetime as dt
import unittest

import libsla

from .support import UTC, local


class TextTest(unittest.TestCase):
    def test_parse_instant(self):
        self.assertEqual(libsla.parse_instant("2025-03-28T15:50:00Z"),
                         int(dt.datetime(2025, 3, 28, 15, 50, tzinfo=UTC).timestamp()))
        self.assertEqual(libsla.parse_instant("2025-03-28T16:50:00+01:00"),
                         libsla.parse_instant("2025-03-28T15:50:00Z"))
        self.assertEqual(libsla.parse_instant("1743177000"), 1743177000)
        with libsla.Calendar("America/New_York") as c:
            self.assertEqual(libsla.parse_instant("2025-03-09 02:30", c),
                             local("America/New_York", 2025, 3, 9, 2, 30))
        with self.assertRaises(libsla.RangeError):
            libsla.parse_instant("2200-01-01T00:00:00Z")

    def test_parse_duration(self):
        cases = {"90": 90, "90s": 90, "15m": 900, "2h": 7200, "1h30m": 5400, "3d": 259200,
                 "1w": 604800, "PT15M": 900, "P1DT2H": 93600, "-15m": -900}
        for text, want in cases.items():
            self.assertEqual(libsla.parse_duration(text), want, text)
        with self.assertRaises(libsla.ParseError):
            libsla.parse_duration("soon")

    def test_format(self):
        self.assertEqual(libsla.format_instant(0), "1970-01-01T00:00:00Z")
        t = dt.datetime(2025, 3, 28, 15, 50, tzinfo=UTC)
        self.assertEqual(libsla.format_instant(t), "2025-03-28T15:50:00Z")
        with libsla.Calendar("Europe/Oslo") as c:
            self.assertEqual(libsla.format_instant(t, c), "2025-03-28T16:50:00+01:00")
        for d, text in ((0, "0s"), (45, "45s"), (900, "15m"), (5400, "1h30m"),
                        (3 * 86400 + 7200, "3d2h"), (-900, "-15m")):
            self.assertEqual(libsla.format_duration(d), text)
        self.assertEqual(libsla.format_duration(dt.timedelta(minutes=90)), "1h30m")
        with self.assertRaises(libsla.RangeError):
            libsla.format_instant(-1)


if __name__ == "__main__":
    unittest.main()
