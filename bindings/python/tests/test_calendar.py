"""Calendar queries, with expected values computed independently (zoneinfo)."""

import datetime as dt
import unittest

import libsla
from libsla import Calendar, CalendarBuilder

from .support import UTC, ZoneInfo, local, utc

OSLO = "Europe/Oslo"
NY = "America/New_York"


class CalendarTest(unittest.TestCase):
    def setUp(self):
        self.cal = Calendar(OSLO, "Mo-Fr 08:00-16:00")

    def tearDown(self):
        self.cal.close()

    def test_add_over_weekend_and_dst(self):
        fri = local(OSLO, 2025, 3, 28, 15, 50)
        self.assertEqual(self.cal.add(fri, 900), local(OSLO, 2025, 3, 31, 8, 5))

    def test_add_zero_and_closing_time(self):
        sat = local(OSLO, 2025, 3, 29, 12, 0)
        self.assertEqual(self.cal.add(sat, 0), sat)
        fri = local(OSLO, 2025, 3, 28, 15, 0)
        self.assertEqual(self.cal.add(fri, 3600), local(OSLO, 2025, 3, 28, 16, 0))

    def test_sub_diff(self):
        mon = local(OSLO, 2025, 3, 31, 8, 5)
        self.assertEqual(self.cal.sub(mon, 900), local(OSLO, 2025, 3, 28, 15, 50))
        a, b = local(OSLO, 2025, 3, 28, 8, 0), local(OSLO, 2025, 3, 31, 8, 0)
        self.assertEqual(self.cal.diff(a, b), 8 * 3600)
        self.assertEqual(self.cal.diff(b, a), -8 * 3600)

    def test_is_open_next_open_next_close(self):
        self.assertIs(self.cal.is_open(local(OSLO, 2025, 3, 28, 9, 0)), True)
        self.assertIs(self.cal.is_open(local(OSLO, 2025, 3, 29, 9, 0)), False)
        self.assertIs(self.cal.is_open(local(OSLO, 2025, 3, 28, 16, 0)), False)
        self.assertEqual(self.cal.next_open(local(OSLO, 2025, 3, 29, 12, 0)),
                         local(OSLO, 2025, 3, 31, 8, 0))
        self.assertEqual(self.cal.next_close(local(OSLO, 2025, 3, 31, 9, 0)),
                         local(OSLO, 2025, 3, 31, 16, 0))

    def test_zone_offset_local_time(self):
        self.assertEqual(self.cal.zone, OSLO)
        self.assertEqual(self.cal.utc_offset(utc(2025, 3, 28)), 3600)
        self.assertEqual(self.cal.utc_offset(utc(2025, 4, 1)), 7200)
        self.assertEqual(self.cal.utc_offset(dt.datetime(2025, 4, 1, tzinfo=UTC)),
                         dt.timedelta(hours=2))
        # a time in the spring-forward gap uses the offset before the gap
        self.assertEqual(self.cal.local_time(2025, 3, 30, 2, 30), utc(2025, 3, 30, 1, 30))
        self.assertEqual(self.cal.local_time(2025, 3, 30, 2, 30), local(OSLO, 2025, 3, 30, 2, 30))
        # a repeated time is its first occurrence
        self.assertEqual(self.cal.local_time(2025, 10, 26, 2, 30), utc(2025, 10, 26, 0, 30))
        d = self.cal.local_time(dt.datetime(2025, 6, 2, 9, 15))
        self.assertEqual(d, dt.datetime(2025, 6, 2, 9, 15, tzinfo=ZoneInfo(OSLO)))
        self.assertEqual(self.cal.local_time(dt.date(2025, 6, 2)),
                         dt.datetime(2025, 6, 2, tzinfo=ZoneInfo(OSLO)))
        with self.assertRaises(libsla.InvalidError):
            self.cal.local_time(2025, 2, 30)

    def test_memory_size_repr(self):
        self.assertGreater(self.cal.memory_size, 0)
        self.assertIn(OSLO, repr(self.cal))

    def test_datetime_in_datetime_out(self):
        fri = dt.datetime(2025, 3, 28, 14, 50, tzinfo=UTC)  # 15:50 in Oslo
        due = self.cal.add(fri, dt.timedelta(minutes=15))
        self.assertIsInstance(due, dt.datetime)
        self.assertEqual(due, dt.datetime(2025, 3, 31, 8, 5, tzinfo=ZoneInfo(OSLO)))
        self.assertEqual(due.utcoffset(), dt.timedelta(hours=2))
        self.assertEqual(str(due.tzinfo), OSLO)
        self.assertEqual(self.cal.sub(due, 900), fri)
        self.assertEqual(self.cal.diff(fri, due), dt.timedelta(minutes=15))
        self.assertEqual(self.cal.next_open(fri + dt.timedelta(hours=1)),
                         dt.datetime(2025, 3, 31, 8, 0, tzinfo=ZoneInfo(OSLO)))
        self.assertEqual(self.cal.next_close(fri),
                         dt.datetime(2025, 3, 28, 16, 0, tzinfo=ZoneInfo(OSLO)))
        self.assertTrue(self.cal.is_open(fri))
        # sub-second parts are floored
        self.assertEqual(self.cal.add(fri.replace(microsecond=999999), 0), fri)

    def test_text_in(self):
        due = self.cal.add("2025-03-28T15:50:00+01:00", "15m")
        self.assertEqual(due, dt.datetime(2025, 3, 31, 8, 5, tzinfo=ZoneInfo(OSLO)))
        # a local time without offset is read in the calendar's zone
        self.assertEqual(self.cal.add("2025-03-28 15:50", "PT15M"), due)
        self.assertEqual(self.cal.parse_instant("2025-03-28 15:50"), local(OSLO, 2025, 3, 28, 15, 50))
        self.assertEqual(self.cal.format_instant(local(OSLO, 2025, 3, 31, 8, 5)),
                         "2025-03-31T08:05:00+02:00")
        self.assertEqual(self.cal.datetime(0), dt.datetime(1970, 1, 1, tzinfo=UTC))

    def test_naive_datetime_refused(self):
        with self.assertRaises(libsla.InvalidError) as cm:
            self.cal.add(dt.datetime(2025, 3, 28, 15, 50), 900)
        self.assertIsInstance(cm.exception, ValueError)
        self.assertIn("naive", str(cm.exception))
        with self.assertRaises(TypeError):
            self.cal.add(1.5, 900)
        with self.assertRaises(TypeError):
            self.cal.is_open(True)

    def test_holidays_ph_closures_openings(self):
        wed = local(OSLO, 2025, 12, 24, 15, 50)
        with Calendar(OSLO, "Mo-Fr 08:00-16:00",
                      holidays=["2025-12-25", dt.date(2025, 12, 26)]) as c:
            self.assertEqual(c.add(wed, 900), local(OSLO, 2025, 12, 29, 8, 5))
            self.assertTrue(c.is_holiday(local(OSLO, 2025, 12, 25, 0, 0)))
            self.assertTrue(c.is_holiday(local(OSLO, 2025, 12, 26, 23, 59)))
            self.assertFalse(c.is_holiday(local(OSLO, 2025, 12, 24, 23, 59)))
            self.assertFalse(c.is_holiday(local(OSLO, 2025, 12, 27, 0, 0)))
            self.assertTrue(c.is_holiday(dt.datetime(2025, 12, 25, 12, tzinfo=UTC)))
        with Calendar(OSLO, "Mo-Fr 08:00-16:00; PH 10:00-14:00", holidays=[(2025, 12, 25)]) as c:
            self.assertEqual(c.add(wed, 900), local(OSLO, 2025, 12, 25, 10, 5))
        with Calendar(OSLO, "Mo-Fr 08:00-16:00",
                      closures=[("2025-12-23 12:00", "2025-12-23 16:00")],
                      openings=[(local(OSLO, 2025, 12, 27, 10), local(OSLO, 2025, 12, 27, 12))]) as c:
            self.assertEqual(c.diff(local(OSLO, 2025, 12, 23, 8), local(OSLO, 2025, 12, 23, 16)),
                             4 * 3600)
            self.assertEqual(c.diff(local(OSLO, 2025, 12, 26, 16), local(OSLO, 2025, 12, 29, 8)),
                             2 * 3600)

    def test_builder(self):
        with CalendarBuilder(OSLO) as b:
            self.assertEqual(b.local_time(2025, 3, 30, 2, 30), utc(2025, 3, 30, 1, 30))
            b.set_hours("Mo-Fr 08:00-16:00").add_holiday("2025-03-31")
            b.add_closure(local(OSLO, 2025, 4, 1, 8), local(OSLO, 2025, 4, 1, 9))
            b.add_opening("2025-03-29T10:00:00+01:00", "2025-03-29T11:00:00+01:00")
            c1 = b.compile()
            with self.assertRaises(libsla.ParseError):
                b.set_hours("Mo-Fr sunrise-sunset")
            c2 = b.compile()  # the failed call left the builder unchanged
        fri = local(OSLO, 2025, 3, 28, 15, 50)
        for c in (c1, c2):
            self.assertEqual(c.diff(fri, local(OSLO, 2025, 4, 1, 10)), 600 + 3600 + 3600)
            c.close()
        self.assertTrue(b.closed)

    def test_union_intersect(self):
        ny = Calendar(NY, "Mo-Fr 09:00-17:00")
        day0, day1 = utc(2025, 12, 10), utc(2025, 12, 11)  # a Wednesday in UTC
        u = self.cal | ny
        i = self.cal.intersect(ny)
        self.assertEqual(u.zone, OSLO)
        self.assertEqual(u.diff(day0, day1), 15 * 3600)   # 07:00Z-22:00Z
        self.assertEqual(i.diff(day0, day1), 1 * 3600)    # 14:00Z-15:00Z
        self.assertEqual((self.cal & ny).diff(day0, day1), 3600)
        self.assertEqual(self.cal.union(ny).diff(day0, day1), 15 * 3600)
        for c in (u, i, ny):
            c.close()

    def test_close_and_context(self):
        c = Calendar("UTC")
        with c:
            self.assertEqual(c.add(100, 5), 105)
        self.assertTrue(c.closed)
        with self.assertRaises(libsla.StateError):
            c.add(100, 5)
        c.close()  # twice is harmless

    def test_24_7_and_tzdir(self):
        with Calendar("UTC", None, tzdir="/usr/share/zoneinfo") as c:
            self.assertEqual(c.add(1000, 500), 1500)
            self.assertEqual(c.diff(0, 86400), 86400)


if __name__ == "__main__":
    unittest.main()
