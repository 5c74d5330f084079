"""Business days, previous open and close, and the holiday horizon
(SEMANTICS 2.3) through the Python binding."""

import unittest
from array import array

import libsla


def local(cal, text):
    return cal.parse_instant(text)


class BusinessDaysTest(unittest.TestCase):
    def setUp(self):
        self.cal = libsla.Calendar("Europe/Oslo", "Mo-Fr 09:00-17:00",
                                   holidays=["2025-05-01"])

    def test_add_days(self):
        c = self.cal
        # 2025-04-30 is a Wednesday; Thursday 2025-05-01 is a holiday
        self.assertEqual(c.add_days(local(c, "2025-04-30 10:00"), 1),
                         local(c, "2025-05-02 10:00"))
        self.assertEqual(c.add_days(local(c, "2025-04-29 18:00"), 0),
                         local(c, "2025-04-30 09:00"))
        self.assertEqual(c.add(local(c, "2025-04-30 10:00"), "2bd"),
                         local(c, "2025-05-05 10:00"))
        self.assertEqual(c.add_days("2025-04-30 10:00", 1).isoformat(),
                         "2025-05-02T10:00:00+02:00")
        with self.assertRaises(libsla.InvalidError):
            c.add_days(0, -1)
        with self.assertRaises(libsla.RangeError):
            c.add_days(0, 2**64 + 1)
        with self.assertRaises(TypeError):
            c.add_days(0, 1.5)

    def test_sub_days_and_count(self):
        c = self.cal
        self.assertEqual(c.sub_days(local(c, "2025-05-02 10:00"), 1),
                         local(c, "2025-04-30 10:00"))
        self.assertEqual(c.sub(local(c, "2025-05-02 10:00"), "1bd"),
                         local(c, "2025-04-30 10:00"))
        self.assertEqual(c.count_days(local(c, "2025-04-28"), local(c, "2025-05-05")), 4)
        with self.assertRaises(libsla.InvalidError):
            c.count_days(10, 0)

    def test_prev(self):
        c = self.cal
        t = local(c, "2025-04-30 10:00")
        self.assertEqual(c.prev_open(t), local(c, "2025-04-30 09:00"))
        self.assertEqual(c.prev_close(t), local(c, "2025-04-29 17:00"))
        self.assertEqual(c.prev_close(local(c, "2025-04-30 17:00")), local(c, "2025-04-30 17:00"))
        out = c.prev_open_many(array("q", [t, local(c, "2025-05-02 08:00")]))
        self.assertEqual(list(out), [local(c, "2025-04-30 09:00"), local(c, "2025-04-30 09:00")])
        out = c.prev_close_many(array("q", [t]))
        self.assertEqual(list(out), [local(c, "2025-04-29 17:00")])
        always = libsla.Calendar("UTC", "24/7")
        with self.assertRaises(libsla.NeverError):
            always.prev_open(t)
        with self.assertRaises(libsla.NeverError):
            libsla.Calendar("UTC", "off").prev_close(t)

    def test_horizon(self):
        c = self.cal
        self.assertEqual(c.holiday_horizon, local(c, "2026-01-01"))
        self.assertIsNone(libsla.Calendar("UTC", "24/7").holiday_horizon)

    def test_duration_text(self):
        self.assertEqual(libsla.parse_duration_unit("3bd"), (3, "bd"))
        self.assertEqual(libsla.parse_duration_unit("15m"), (900, "s"))
        with self.assertRaises(libsla.ParseError):
            libsla.parse_duration("3bd")
        with self.assertRaises(libsla.ParseError):
            libsla.parse_duration_unit("1bd2h")


if __name__ == "__main__":
    unittest.main()
