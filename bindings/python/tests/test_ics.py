"""iCalendar import."""

import datetime as dt
import os
import tempfile
import unittest

import libsla
from libsla import Calendar, IcsOptions, read_ics

from .support import local

ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:1\r
DTSTART;VALUE=DATE:20251225\r
DTEND;VALUE=DATE:20251227\r
SUMMARY:Christmas\r
CATEGORIES:Holiday\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:2\r
DTSTART;TZID=Europe/Oslo:20251223T120000\r
DTEND;TZID=Europe/Oslo:20251223T160000\r
SUMMARY:Staff party\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:3\r
DTSTART;VALUE=DATE:20250101\r
RRULE:FREQ=YEARLY;COUNT=3\r
SUMMARY:New year\r
CATEGORIES:Holiday\r
END:VEVENT\r
END:VCALENDAR\r
"""

OSLO = "Europe/Oslo"


class IcsTest(unittest.TestCase):
    def test_read(self):
        lst = read_ics(ICS, OSLO)
        self.assertEqual(len(lst), 5)
        starts = [i.start for i in lst]
        self.assertEqual(starts, sorted(starts))
        xmas = [i for i in lst if i.summary == "Christmas"][0]
        self.assertTrue(xmas.all_day)
        self.assertEqual((xmas.first_date, xmas.last_date), (dt.date(2025, 12, 25), dt.date(2025, 12, 26)))
        self.assertEqual((xmas.start, xmas.end), (local(OSLO, 2025, 12, 25), local(OSLO, 2025, 12, 27)))
        self.assertEqual(xmas.line, 4)
        party = [i for i in lst if i.summary == "Staff party"][0]
        self.assertFalse(party.all_day)
        self.assertEqual(party.start, local(OSLO, 2025, 12, 23, 12))
        self.assertEqual(lst[-1], lst[len(lst) - 1])
        self.assertEqual(len(read_ics(ICS.encode(), OSLO, IcsOptions(keep_categories=["holiday"]))), 4)
        self.assertEqual(len(read_ics(ICS, OSLO, IcsOptions(window=(2026, 2027)))), 2)
        self.assertEqual(len(read_ics(ICS, OSLO, IcsOptions(drop_summaries=["party"]))), 4)
        self.assertEqual(len(read_ics(ICS, OSLO, IcsOptions(keep_summaries="party"))), 1)
        self.assertEqual(len(read_ics(ICS, OSLO, IcsOptions(drop_categories=["HOLIDAY"]))), 1)

    def test_calendar_from_ics(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "h.ics")
            with open(path, "w", newline="") as f:
                f.write(ICS)
            for src in (path, ICS):
                with Calendar(OSLO, "Mo-Fr 08:00-16:00", ics=[src]) as cal:
                    # Dec 23 closed 12-16, Dec 24 open, Dec 25-26 holidays
                    self.assertEqual(cal.diff(local(OSLO, 2025, 12, 23), local(OSLO, 2025, 12, 29)),
                                     4 * 3600 + 8 * 3600)
            self.assertEqual(len(read_ics(path, OSLO)), 5)
            with libsla.CalendarBuilder(OSLO) as b:
                b.set_hours("off").add_ics_file(path, "opening_hours")
                with b.compile() as cal:
                    self.assertTrue(cal.is_open(local(OSLO, 2025, 12, 23, 13)))
                    self.assertFalse(cal.is_open(local(OSLO, 2025, 12, 23, 17)))

    def test_errors(self):
        bad = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:2025XX\nEND:VEVENT\nEND:VCALENDAR\n"
        with self.assertRaises(libsla.ParseError) as cm:
            read_ics(bad, OSLO)
        self.assertEqual(cm.exception.line, 3)
        with self.assertRaises(libsla.ParseError):
            Calendar(OSLO, ics=[bad])
        with self.assertRaises(libsla.SlaIOError) as cm:
            read_ics("/nonexistent/h.ics", OSLO)
        self.assertIsInstance(cm.exception, OSError)
        with self.assertRaises(libsla.NoZoneError):
            read_ics(ICS, "Nowhere/Zone")
        with self.assertRaises(libsla.InvalidError):
            IcsOptions(window=(2030, 2020))
        with self.assertRaises(libsla.RangeError):
            IcsOptions(window=(1900, 2020))
        with self.assertRaises(ValueError):
            IcsOptions("sometimes")


if __name__ == "__main__":
    unittest.main()
