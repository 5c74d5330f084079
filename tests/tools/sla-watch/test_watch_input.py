#!/usr/bin/env python3
"""sla-watch as a helpdesk engineer runs it: calendars the policy really uses
(no silent 24/7), reports as of an instant inside the log, CSV logs read by
header name with every bad row reported, NUL bytes refused, holiday feeds.

Usage: test_watch_input.py PATH-TO-sla-watch

Expectations come from SEMANTICS.md and the README (business time of
'Mo-Fr 08:00-16:00' in Oslo; a 15-minute email first reply).
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

EXE = None
BIZ = "business=Europe/Oslo;Mo-Fr 08:00-16:00"
LIVE = "live=Europe/Oslo;24/7"


def run(*args, check=True, stdin=None):
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    p = subprocess.run([EXE, *args], capture_output=True, env=env, timeout=60, input=stdin)
    p.stdout = p.stdout.decode("utf-8", "replace")
    p.stderr = p.stderr.decode("utf-8", "replace")
    if check and p.returncode != 0:
        raise AssertionError(f"sla-watch {args} exited {p.returncode}: {p.stderr}")
    return p


class Files(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        for name in os.listdir(self.dir):
            os.unlink(os.path.join(self.dir, name))
        os.rmdir(self.dir)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(text.encode() if isinstance(text, str) else text)
        return path


ONE = "ticket,time,event,channel,priority\nT1,2025-04-14T15:55:00+02:00,created,email,normal\n"


class NoSilent247(Files):
    def test_no_calendar_with_default_policy(self):
        log = self.write("one.csv", ONE)
        p = run("--now", "2025-04-15T08:05:00+02:00", log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout, "")
        self.assertIn("'business'", p.stderr)
        self.assertIn("--calendar 'business=ZONE;HOURS'", p.stderr)

    def test_calendar_name_the_policy_does_not_use(self):
        log = self.write("one.csv", ONE)
        p = run("--calendar", "support=Europe/Rome;Mo-Fr 09:00-18:00", log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("'support'", p.stderr)    # the side given
        self.assertIn("'business'", p.stderr)   # the side the policy names
        p = run("--calendar", BIZ, "--calendar", LIVE, "--calendar", "extra=UTC;24/7", log,
                check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("calendar 'extra'", p.stderr)
        self.assertIn("used by no target", p.stderr)

    def test_policy_file_names_a_calendar_not_given(self):
        log = self.write("one.csv", ONE)
        pol = self.write("p.txt", "first_reply email * 4h calendar=support\n")
        p = run("--policy", pol, log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("calendar 'support' is not given", p.stderr)
        self.assertIn("--calendar 'support=ZONE;HOURS'", p.stderr)

    def test_business_hours_counted(self):
        # Mon 15:55 + the night: at Tue 08:05 only 5 + 5 business minutes have passed.
        log = self.write("one.csv", ONE)
        d = json.loads(run("--calendar", BIZ, "--calendar", LIVE, "--now",
                           "2025-04-15T08:05:00+02:00", "--format", "json", log).stdout)
        fr = [r for r in d["open"] if r["metric"] == "first_reply"][0]
        self.assertEqual(fr["elapsed"], 600)
        self.assertEqual(fr["state"], "running")


LOG = """ticket,time,event,channel,priority
A,2025-04-14T09:00:00+02:00,created,email,normal
A,2025-04-14T09:10:00+02:00,reply,,
B,2025-04-15T09:00:00+02:00,created,email,normal
A,2025-04-15T10:00:00+02:00,customer,email,
B,2025-04-16T09:00:00+02:00,reply,,
"""


class AsOf(Files):
    def test_now_inside_the_log(self):
        log = self.write("log.csv", LOG)
        p = run("--calendar", BIZ, "--calendar", LIVE, "--now", "2025-04-15T09:05:00+02:00",
                "--format", "json", log)
        self.assertIn("ignored 2 events after --now", p.stderr)
        d = json.loads(p.stdout)
        self.assertEqual(d["now"], 1744700700)
        open_fr = {(r["ticket"], r["metric"]): r for r in d["open"]}
        # B waits for its first reply since 09:00 (5 minutes); A's customer message is later
        self.assertEqual(open_fr[("B", "first_reply")]["elapsed"], 300)
        self.assertNotIn(("A", "next_reply"), open_fr)

    def test_now_at_an_event_includes_it(self):
        log = self.write("log.csv", LOG)
        p = run("--calendar", BIZ, "--calendar", LIVE, "--now", "2025-04-15T10:00:00+02:00",
                "--format", "json", log)
        self.assertIn("ignored 1 event after --now", p.stderr)
        d = json.loads(p.stdout)
        self.assertIn(("A", "next_reply"), {(r["ticket"], r["metric"]) for r in d["open"]})

    def test_without_now_nothing_is_ignored(self):
        log = self.write("log.csv", LOG)
        p = run("--calendar", BIZ, "--calendar", LIVE, log)
        self.assertNotIn("ignored", p.stderr)


class ByHeaderName(Files):
    def base(self, log, *extra, check=True):
        return run("--calendar", BIZ, "--calendar", LIVE, "--format", "json", *extra, log,
                   check=check)

    def test_columns_in_any_order(self):
        log = self.write("swapped.csv", "time,ticket,event,priority,channel\n"
                         "2025-04-14T09:00:00+02:00,T1,created,high,chat\n")
        d = json.loads(self.base(log).stdout)
        self.assertEqual({r["ticket"] for r in d["open"]}, {"T1"})
        self.assertEqual({r["channel"] for r in d["open"]}, {"chat"})

    def test_aliases_and_quoted_fields(self):
        log = self.write("alias.csv", 'Case ID,Timestamp,Type\n'
                         '"T,1",2025-04-14T09:00:00+02:00,created\n')
        d = json.loads(self.base(log).stdout)
        self.assertEqual({r["ticket"] for r in d["open"]}, {"T,1"})

    def test_missing_column_named(self):
        log = self.write("noevent.csv", "ticket,time,channel,priority\n"
                         "T1,2025-04-14T09:00:00+02:00,email,normal\n")
        p = self.base(log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("missing column 'event'", p.stderr)
        self.assertIn("--column", p.stderr)

    def test_no_header(self):
        log = self.write("nohdr.csv", "T1,2025-04-14T09:00:00+02:00,created,email,normal\n")
        p = self.base(log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("no header row", p.stderr)

    def test_column_mapping(self):
        log = self.write("mapped.csv", "CaseID,CompleteTimestamp,What\n"
                         "T1,2025-04-14T09:00:00+02:00,created\n")
        d = json.loads(self.base(log, "--column", "event=What").stdout)
        self.assertEqual({r["ticket"] for r in d["open"]}, {"T1"})
        p = self.base(log, "--column", "colour=What", check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("unknown column 'colour'", p.stderr)
        p = self.base(log, "--column", "event=Nope", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("no column 'Nope'", p.stderr)

    def test_every_bad_row_reported(self):
        log = self.write("bad.csv", "ticket,time,event,channel,priority\n"
                         "T1,2025-04-14T09:00:00+02:00,created,email,normal\n"
                         "T1,2025-04-14T09:05:00+02:00,replied,,\n"
                         "T2,2025-04-14T09:00:00+02:00,created,e-mail,normal\n"
                         "T3,2025-04-14 25:00,created,email,normal\n"
                         "T4,2025-04-14T09:00:00+02:00,created,email,hgh\n")
        p = self.base(log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout, "")
        for ln, text in ((3, "unknown event 'replied'"), (4, "unknown channel 'e-mail'"),
                         (5, "time '2025-04-14 25:00'"), (6, "unknown priority 'hgh'")):
            self.assertIn(f"bad.csv:{ln}: {text}", p.stderr)

    def test_bad_rows_stop_at_the_cap(self):
        rows = "".join(f"T{i},2025-04-14T09:00:00+02:00,bogus,,\n" for i in range(50))
        log = self.write("many.csv", "ticket,time,event\n" + rows)
        p = self.base(log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr.count("unknown event 'bogus'"), 20)
        self.assertIn("stopped after 20 bad rows", p.stderr)

    def test_order_message_says_which_is_older(self):
        log = self.write("order.csv", "ticket,time,event\n"
                         "A,2025-04-15T08:55:00Z,created\nA,2025-04-15T08:54:00Z,reply\n")
        p = self.base(log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("order.csv:3:", p.stderr)
        self.assertIn("older than the ticket's previous one", p.stderr)


class NulBytes(Files):
    def test_nul_in_a_field(self):
        log = self.write("nul.csv", b"ticket,time,event\n"
                         b"A,2025-04-15T08:55:00Z,created\n"
                         b"B,2025-04-15T08:\x0056:00Z,created\n"
                         b"C,2025-04-15T08:57:00Z,created\n")
        p = run("--calendar", BIZ, "--calendar", LIVE, log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("nul.csv:3: column 'time' holds a NUL byte", p.stderr)


class EmptyReport(Files):
    def test_no_open_clock(self):
        # every clock fulfilled: the report has no row (and must not sort a NULL array)
        log = self.write("done.csv", "ticket,time,event\nA,2025-04-15T08:55:00Z,created\n"
                         "A,2025-04-15T08:56:00Z,reply\nA,2025-04-15T08:57:00Z,status:closed\n")
        p = run("--calendar", BIZ, "--calendar", LIVE, log)
        self.assertIn("(0)", p.stdout)


class Holidays(Files):
    ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
           "BEGIN:VEVENT\r\nUID:1@test\r\nDTSTART;VALUE=DATE:20250414\r\n"
           "SUMMARY:Staff day\r\nCATEGORIES:Internal\r\nEND:VEVENT\r\n"
           "END:VCALENDAR\r\n")

    def test_holidays_file_per_calendar(self):
        log = self.write("one.csv", ONE)
        ics = self.write("h.ics", self.ICS)
        args = ["--calendar", BIZ, "--calendar", LIVE, "--now", "2025-04-15T08:05:00+02:00",
                "--format", "json"]
        d = json.loads(run(*args, "--holidays", "business=" + ics, log).stdout)
        fr = [r for r in d["open"] if r["metric"] == "first_reply"][0]
        self.assertEqual(fr["elapsed"], 300)  # Monday was a holiday: only Tuesday 08:00-08:05
        d = json.loads(run(*args, "--holidays", "business=" + ics, "--ics-drop-category",
                           "Internal", log).stdout)
        fr = [r for r in d["open"] if r["metric"] == "first_reply"][0]
        self.assertEqual(fr["elapsed"], 600)

    def test_holiday_errors(self):
        log = self.write("one.csv", ONE)
        base = ["--calendar", BIZ, "--calendar", LIVE]
        p = run(*base, "--holidays", "business=" + os.path.join(self.dir, "none.ics"), log,
                check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("No such file or directory", p.stderr)
        p = run(*base, "--holidays", "support=x.ics", log, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("no calendar 'support'", p.stderr)
        p = run(*base, "--holiday", "business=2025-02-30", log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("2025-02 has no day 30", p.stderr)


class Hints(Files):
    def test_zone_hints(self):
        log = self.write("one.csv", ONE)
        p = run("--calendar", "business=right/Europe/Oslo;Mo-Fr 08:00-16:00", "--calendar",
                LIVE, log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("leap seconds", p.stderr)
        p = run("--tzdir", os.path.join(self.dir, "no-such-dir"), "--calendar", BIZ,
                "--calendar", LIVE, log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("--tzdir", p.stderr)
        self.assertIn("No such file or directory", p.stderr)

    def test_hours_caret(self):
        log = self.write("one.csv", ONE)
        p = run("--calendar", "business=Europe/Oslo;Mo-Fri 08:00-16:00", "--calendar", LIVE,
                log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("^", p.stderr)


if __name__ == "__main__":
    EXE = sys.argv.pop(1)
    unittest.main(verbosity=2)
