import unittest

import libsla
from libsla import Calendar, errors

from .support import local


class ErrorsTest(unittest.TestCase):
    def test_classes_match_library_names(self):
        names = {}
        for code, cls in errors.ERROR_CODES.items():
            self.assertEqual(libsla.error_name(code), cls.name, cls)
            self.assertTrue(issubclass(cls, libsla.SlaError))
            self.assertTrue(libsla.strerror(code))
            names[cls.name] = cls
        self.assertEqual(len(names), 14)
        self.assertEqual(libsla.error_name(0), "ok")
        self.assertEqual(libsla.error_name(-999), "unknown")
        self.assertEqual(libsla.strerror(-999), "unknown error")

    def test_builtin_bases(self):
        self.assertTrue(issubclass(libsla.InvalidError, ValueError))
        self.assertTrue(issubclass(libsla.RangeError, ValueError))
        self.assertTrue(issubclass(libsla.ParseError, ValueError))
        self.assertTrue(issubclass(libsla.NoZoneError, LookupError))
        self.assertTrue(issubclass(libsla.SlaIOError, OSError))
        self.assertTrue(issubclass(libsla.NoMemoryError, MemoryError))

    def test_parse_error_position(self):
        with self.assertRaises(libsla.ParseError) as cm:
            Calendar("UTC", "Mo-Fr sunrise-sunset")
        e = cm.exception
        self.assertEqual((e.code, e.name), (-5, "parse"))
        self.assertEqual(e.line, 1)
        self.assertEqual(e.column, 7)
        self.assertEqual(e.construct, "sunrise")
        self.assertIn("sunrise", str(e))
        self.assertEqual(e.text, "Mo-Fr sunrise-sunset")
        with self.assertRaises(libsla.ParseError) as cm:
            libsla.parse_duration("15x")
        self.assertEqual((cm.exception.line, cm.exception.column), (1, 3))
        with self.assertRaises(libsla.ParseError) as cm:
            libsla.parse_instant("2025-03-28 16:50")  # local time without a calendar
        self.assertGreater(cm.exception.column, 0)

    def test_calendar_errors(self):
        with self.assertRaises(libsla.NoZoneError) as cm:
            Calendar("Mars/Olympus_Mons")
        self.assertEqual(cm.exception.code, -6)
        with self.assertRaises(libsla.InvalidError):
            Calendar("UTC", holidays=["2025-02-30"])
        with self.assertRaises(libsla.RangeError):
            Calendar("UTC", holidays=["2300-01-01"])
        with Calendar("UTC") as c:
            with self.assertRaises(libsla.InvalidError) as cm:
                c.add(0, -1)
            self.assertEqual(cm.exception.code, -1)
            with self.assertRaises(libsla.RangeError):
                c.add(libsla.TIME_MAX - 10, 100)
            with self.assertRaises(libsla.RangeError):
                c.is_open(-1)
            with self.assertRaises(libsla.NeverError):
                c.next_close(0)
            with self.assertRaises(libsla.InvalidError):
                Calendar("UTC", closures=[(100, 50)])
        with Calendar("UTC", "off") as never:
            with self.assertRaises(libsla.NeverError) as cm:
                never.next_open(local("UTC", 2025, 1, 1))
            self.assertEqual(cm.exception.name, "never")
            with self.assertRaises(libsla.NeverError):
                never.add(0, 1)


if __name__ == "__main__":
    unittest.main()
