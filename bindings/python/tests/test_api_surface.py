"""What the package shows: each module its API only, overloads where the result type
follows the input, iCalendar sources told apart by type, messages that say what is wrong."""

import datetime as dt
import inspect
import os
import sys
import tempfile
import typing
import unittest
import warnings

import libsla
from libsla import Calendar, Policy, predict, read_ics
from libsla import calendar as _calendar, errors as _errors, ics as _ics
from libsla import policy as _policy, text as _text

from .support import UTC, ZoneInfo, local

MODULES = [libsla, _calendar, _text, _ics, _policy, predict, _errors]
OSLO = "Europe/Oslo"
ICS = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
       b"DTSTART;VALUE=DATE:20251225\r\nDTEND;VALUE=DATE:20251227\r\nSUMMARY:Christmas\r\n"
       b"END:VEVENT\r\nEND:VCALENDAR\r\n")


class ModuleSurfaceTest(unittest.TestCase):
    def test_dir_lists_only_the_api(self):
        for mod in MODULES:
            with self.subTest(module=mod.__name__):
                shown = set(dir(mod)) - {"__version__"}
                self.assertEqual(shown, set(mod.__all__))
                for helper in ("Any", "byref", "c_double", "buffer_in", "Optional", "ctypes"):
                    self.assertNotIn(helper, dir(mod))

    def test_all_names_exist_and_cover_what_the_module_defines(self):
        for mod in MODULES:
            with self.subTest(module=mod.__name__):
                for name in mod.__all__:
                    self.assertTrue(hasattr(mod, name), name)
                defined = {n for n, o in vars(mod).items()
                           if not n.startswith("_")
                           and (inspect.isfunction(o) or inspect.isclass(o))
                           and getattr(o, "__module__", "") == mod.__name__}
                self.assertEqual(sorted(defined - set(mod.__all__)), [])

    def test_star_import_gives_the_api(self):
        ns = {}
        exec("from libsla.predict import *", ns)
        self.assertNotIn("byref", ns)
        self.assertIn("erlang_c_agents", ns)


@unittest.skipIf(sys.version_info < (3, 11), "typing.get_overloads needs Python 3.11")
class OverloadTest(unittest.TestCase):
    def test_result_type_follows_input(self):
        fns = [Calendar.add, Calendar.sub, Calendar.diff, Calendar.next_open,
               Calendar.next_close, Calendar.utc_offset, Calendar.local_time]
        fns += [getattr(Calendar, n) for n in ("prev_open", "prev_close", "add_days",
                                               "sub_days") if hasattr(Calendar, n)]
        for fn in fns:
            with self.subTest(fn=fn.__name__):
                sigs = typing.get_overloads(fn)
                self.assertGreaterEqual(len(sigs), 2)
                hints = [typing.get_type_hints(s, globalns=vars(_calendar)) for s in sigs]
                returns = [h["return"] for h in hints]
                self.assertIn(int, returns)
                self.assertTrue(any(r in (dt.datetime, dt.timedelta) for r in returns))

    def test_behaviour_matches_the_overloads(self):
        cal = Calendar(OSLO, "Mo-Fr 08:00-16:00")
        t = local(OSLO, 2025, 4, 14, 9)
        self.assertIsInstance(cal.add(t, 60), int)
        self.assertIsInstance(cal.add("2025-04-14 09:00", 60), dt.datetime)
        self.assertIsInstance(cal.diff(t, t + 60), int)
        self.assertIsInstance(cal.diff("2025-04-14 09:00", t), dt.timedelta)
        self.assertIsInstance(cal.diff(t, "2025-04-14 09:00"), dt.timedelta)
        self.assertIsInstance(cal.utc_offset(t), int)
        self.assertIsInstance(cal.utc_offset("2025-04-14 09:00"), dt.timedelta)


class IcsSourceTypeTest(unittest.TestCase):
    def test_bytes_are_text_paths_are_files(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "h.ics")
            with open(path, "wb") as f:
                f.write(ICS)
            for src in (ICS, bytearray(ICS), path, __import__("pathlib").Path(path)):
                with self.subTest(source=type(src).__name__):
                    with warnings.catch_warnings():
                        warnings.simplefilter("error")
                        self.assertEqual(len(read_ics(src, OSLO)), 1)
                        with Calendar(OSLO, "Mo-Fr 08:00-16:00", ics=[src]) as cal:
                            self.assertTrue(cal.is_holiday(local(OSLO, 2025, 12, 25, 12)))
                        with Calendar(OSLO, "Mo-Fr 08:00-16:00", ics=src) as cal:
                            self.assertTrue(cal.is_holiday(local(OSLO, 2025, 12, 26, 12)))
            self.assertEqual(_ics.is_ics_text(ICS), True)
            self.assertEqual(_ics.is_ics_text(path), False)

    def test_a_str_is_a_path_even_if_it_looks_like_nothing(self):
        # No sniffing: a str without iCalendar text is a file name, and says so when absent.
        with self.assertRaises(libsla.SlaIOError) as cm:
            read_ics("holidays.ics", OSLO)
        self.assertIn("holidays.ics", str(cm.exception))

    def test_text_as_str_still_works_but_is_deprecated(self):
        text = ICS.decode()
        with self.assertWarns(DeprecationWarning) as cm:
            self.assertEqual(len(read_ics(text, OSLO)), 1)
        self.assertIn("bytes", str(cm.warning))
        with self.assertWarns(DeprecationWarning):
            Calendar(OSLO, ics=[text]).close()
        # the explicit text call takes str without a warning
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            libsla.CalendarBuilder(OSLO).add_ics(text).close()

    def test_wrong_types(self):
        with self.assertRaises(TypeError):
            read_ics(12, OSLO)
        with self.assertRaises(TypeError) as cm:
            libsla.CalendarBuilder(OSLO).add_ics(__import__("pathlib").Path("/x.ics"))
        self.assertIn("add_ics_file", str(cm.exception))


class MessageTest(unittest.TestCase):
    """As precise as sla-calc's (newcomer trial, D16)."""

    def test_negative_duration_says_negative(self):
        cal = Calendar(OSLO, "Mo-Fr 08:00-16:00")
        for call in (lambda: cal.add("2025-04-14T09:00:00+02:00", "-15m"),
                     lambda: cal.add(local(OSLO, 2025, 4, 14, 9), -900),
                     lambda: cal.sub(local(OSLO, 2025, 4, 14, 9), dt.timedelta(minutes=-15))):
            with self.assertRaises(libsla.InvalidError) as cm:
                call()
            self.assertIn("-15m is negative", str(cm.exception))
            self.assertIn("'15m'", str(cm.exception))
        with self.assertRaises(libsla.InvalidError) as cm:
            Policy().add_target("first_reply", "-15m")
        self.assertIn("negative", str(cm.exception))
        with self.assertRaises(libsla.ParseError) as cm:
            Policy("first_reply email * -15m")
        self.assertIn("'-15m' is negative", str(cm.exception))
        self.assertEqual(cm.exception.column, 21)

    def test_unknown_status_lists_the_valid_ones(self):
        t = Policy.default().ticket(local(OSLO, 2025, 4, 14, 9))
        with self.assertRaises(libsla.InvalidError) as cm:
            t.set_status(local(OSLO, 2025, 4, 14, 10), "waiting")
        msg = str(cm.exception)
        self.assertIn("'waiting'", msg)
        for s in ("new", "open", "pending", "on_hold", "solved", "closed"):
            self.assertIn(s, msg)
        with self.assertRaises(libsla.InvalidError) as cm:
            Policy().add_target("first_replies", 60)
        self.assertIn("first_reply", str(cm.exception))

    def test_impossible_holiday_names_the_day(self):
        for date, words in (("2025-02-30", "2025-02 has no day 30"),
                            ((2025, 2, 29), "2025-02 has no day 29"),
                            ("2025-13-01", "no month 13"),
                            ("25/12/2025", "YYYY-MM-DD")):
            with self.subTest(date=date):
                with self.assertRaises(libsla.InvalidError) as cm:
                    Calendar("UTC", holidays=[date])
                self.assertIn(words, str(cm.exception))
        Calendar("UTC", holidays=["2024-02-29"]).close()  # a leap day exists

    def test_status_before_last_event_is_a_query_message(self):
        t = Policy.default().ticket(local(OSLO, 2025, 4, 14, 9))
        t.reply(local(OSLO, 2025, 4, 14, 10))
        with self.assertRaises(libsla.OrderError) as cm:
            t.status(local(OSLO, 2025, 4, 14, 9, 30))
        self.assertIn("before the ticket's last event", str(cm.exception))

    def test_restore_of_foreign_bytes(self):
        with self.assertRaises(libsla.ParseError) as cm:
            Policy.default().restore(b"\0" * 40)
        self.assertIn("not a saved ticket state", str(cm.exception))
        self.assertNotIn("text", str(cm.exception))


class PredictDurationTextTest(unittest.TestCase):
    def test_duration_text_like_the_rest_of_the_package(self):
        num = predict.erlang_c_agents(100 / 1800, 180, 20, 0.8, 0.85, 0.3)
        text = predict.erlang_c_agents(100 / 1800, "3m", "20s", 0.8, 0.85, 0.3)
        td = predict.erlang_c_agents(100 / 1800, dt.timedelta(minutes=3), 20, 0.8, 0.85, 0.3)
        self.assertEqual(num, text)
        self.assertEqual(num, td)
        self.assertEqual(predict.erlang_a_wait(0.05, "3m", "1m", 10),
                         predict.erlang_a_wait(0.05, 180, 60, 10))
        st = predict.staffing_table([10.0, 20.0], "30m", "3m", "20s", 0.8)
        self.assertEqual(list(st.agents), list(predict.staffing_table([10.0, 20.0], 1800, 180,
                                                                      20, 0.8).agents))
        with self.assertRaises(libsla.ParseError):
            predict.erlang_c(0.05, "3 minutes", 14)


class ReportZoneTest(unittest.TestCase):
    def setUp(self):
        self.biz = Calendar(OSLO, "Mo-Fr 08:00-16:00")
        self.pol = Policy.default(self.biz)
        self.t = self.pol.ticket("2025-04-14T08:05:00+02:00")

    def test_default_is_the_policy_first_calendar(self):
        fr = self.t.status("2025-04-14T08:10:00+02:00").first_reply
        self.assertEqual(fr.deadline.utcoffset(), dt.timedelta(hours=2))
        self.assertEqual(fr.deadline.replace(tzinfo=None), dt.datetime(2025, 4, 14, 8, 20))
        # local text without offset is read in that zone too
        fr2 = self.t.status("2025-04-14 08:10").first_reply
        self.assertEqual(fr2.deadline, fr.deadline)

    def test_explicit_zone(self):
        for tz in ("America/New_York", ZoneInfo("America/New_York"),
                   Calendar("America/New_York")):
            with self.subTest(tz=tz):
                fr = self.t.status("2025-04-14T08:10:00+02:00", tz=tz).first_reply
                self.assertEqual(fr.deadline.utcoffset(), dt.timedelta(hours=-4))
                self.assertEqual(fr.deadline, dt.datetime(2025, 4, 14, 6, 20, tzinfo=UTC))
        fr = self.t.status(local(OSLO, 2025, 4, 14, 8, 10), tz=UTC).first_reply
        self.assertEqual(fr.deadline, dt.datetime(2025, 4, 14, 6, 20, tzinfo=UTC))
        self.assertEqual(fr.elapsed, dt.timedelta(minutes=5))
        seg = self.t.timeline("2025-04-14T08:10:00+02:00", "first_reply", tz="UTC")
        self.assertEqual(seg[0].start.utcoffset(), dt.timedelta(0))
        with self.assertRaises(libsla.NoZoneError):
            self.t.status("2025-04-14T08:10:00+02:00", tz="Mars/Olympus")

    def test_int_now_stays_int(self):
        fr = self.t.status(local(OSLO, 2025, 4, 14, 8, 10)).first_reply
        self.assertEqual(fr.deadline, local(OSLO, 2025, 4, 14, 8, 20))

    def test_without_calendars_utc(self):
        t = Policy("first_reply email * 15m").ticket("2025-04-14T08:05:00+02:00")
        fr = t.status("2025-04-14T08:10:00+02:00").first_reply
        self.assertEqual(fr.deadline.utcoffset(), dt.timedelta(0))


if __name__ == "__main__":
    unittest.main()
