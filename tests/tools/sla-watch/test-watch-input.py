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

    def test_feed_closes_the_roster(self):
        # Monday 14 April is a holiday of the feed: the email agent of the
        # first calendar's roster answers on Tuesday at 08:10, not on Monday.
        log = self.write("one.csv", "ticket,time,event\nT1,2025-04-14T09:00:00+02:00,created\n")
        ics = self.write("h.ics", self.ICS)
        pol = self.write("p.txt", "first_reply email * 15m calendar=business\n")
        base = ["--policy", pol, "--calendar", BIZ, "--now", "2025-04-14T09:00:00+02:00",
                "--forecast", "--shift", "email=1@Mo-Fr 08:00-16:00", "--handle",
                "email=10m/0s", "--samples", "0", "--format", "json", log]
        d = json.loads(run("--holidays", "business=" + ics, *base).stdout)
        self.assertEqual(d["forecast"]["tickets"][0]["reply_expected"], 1744697400)
        d = json.loads(run(*base).stdout)
        self.assertEqual(d["forecast"]["tickets"][0]["reply_expected"], 1744614600)

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

    def test_hours_hints(self):
        log = self.write("one.csv", ONE)
        p = run("--calendar", "business=Europe/Oslo;Mo-Fr 25:00-26:00", "--calendar", LIVE, log,
                check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("24:00", p.stderr)
        self.assertNotIn("23:59", p.stderr)
        p = run("--calendar", "business=Europe/Oslo;Mon-Fri 08:00-16:00", "--calendar", LIVE,
                log, check=False)
        self.assertIn("two letters: 'Mo' instead of 'Mon'", p.stderr)
        p = run("--calendar", "business=Europe/Oslo;Mo-Fr 08:00-16:00; PH of", "--calendar",
                LIVE, log, check=False)
        self.assertIn("'off'", p.stderr)

    def test_hours_caret(self):
        log = self.write("one.csv", ONE)
        p = run("--calendar", "business=Europe/Oslo;Mo-Fri 08:00-16:00", "--calendar", LIVE,
                log, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("^", p.stderr)


def png_pixels(path):
    """Width, height and RGBA rows of a PNG (8-bit RGBA or RGB, as rsvg-convert writes)."""
    import struct
    import zlib
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
            bpp = 4 if ctype == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


class Output(Files):
    BPIC = ("ticket,time,event,channel,priority\n"
            "OLD,2011-03-01T12:00:00+01:00,created,email,normal\n"
            "NEW,2012-05-01T11:00:00+02:00,created,email,normal\n"
            "A-VERY-LONG-TICKET-IDENTIFIER-123456,2012-05-01T11:30:00+02:00,created,email,high\n")
    POLICY = "first_reply email * 4h calendar=business\n"

    def run_log(self, *extra, check=True):
        log = self.write("log.csv", self.BPIC)
        pol = self.write("p.txt", self.POLICY)
        return run("--policy", pol, "--calendar", "business=Europe/Stockholm;Mo-Fr 08:00-17:00",
                   "--now", "2012-05-01T12:00:00+02:00", *extra, log, check=check)

    def test_year_shown_when_not_now(self):
        out = self.run_log("--forecast", "--shift", "email=1@Mo-Fr 08:00-17:00", "--samples",
                           "0").stdout
        lines = [ln for ln in out.splitlines() if ln.lstrip("! ").startswith("OLD")]
        self.assertTrue(any("2011-03-01 16:00" in ln for ln in lines), out)
        new = [ln for ln in out.splitlines() if " NEW " in f" {ln} " and "first_reply" in ln]
        self.assertTrue(any("05-01 15:00" in ln and "2012-05-01 15:00" not in ln
                            for ln in new if "email" in ln and "normal" in ln), out)

    def test_columns_fit_the_data(self):
        out = self.run_log().stdout.splitlines()
        head = [ln for ln in out if "TICKET" in ln][0]
        row = [ln for ln in out if "A-VERY-LONG-TICKET-IDENTIFIER-123456" in ln][0]
        # the METRIC column starts at the same place in the header and in the long row
        self.assertEqual(head.index("METRIC"), row.index("first_reply"))

    def test_csv_every_table_loadable(self):
        import csv as csvmod
        import io
        text = self.run_log("--format", "csv").stdout
        rows = list(csvmod.DictReader(io.StringIO(text)))
        self.assertEqual({r["table"] for r in rows}, {"open", "channels", "summary"})
        old = [r for r in rows if r["table"] == "open" and r["ticket"] == "OLD"][0]
        self.assertEqual(old["deadline_iso"], "2011-03-01T16:00:00+01:00")
        self.assertEqual(int(old["deadline"]), 1298991600)
        summary = [r for r in rows if r["table"] == "summary"][0]
        self.assertEqual(summary["now_iso"], "2012-05-01T12:00:00+02:00")

    def test_output_dir(self):
        outdir = os.path.join(self.dir, "out")
        os.mkdir(outdir)
        try:
            self.run_log("--format", "csv", "--output-dir", outdir)
            self.assertEqual(sorted(os.listdir(outdir)), ["channels.csv", "open.csv",
                                                          "summary.csv"])
            with open(os.path.join(outdir, "open.csv")) as f:
                self.assertTrue(f.readline().startswith("ticket,metric,channel,calendar,state"))
        finally:
            for n in os.listdir(outdir):
                os.unlink(os.path.join(outdir, n))
            os.rmdir(outdir)
        p = self.run_log("--output-dir", outdir, check=False)
        self.assertEqual(p.returncode, 2)

    def test_labels(self):
        out = self.run_log().stdout
        self.assertIn("clocks of every metric", out)
        self.assertIn("SOLVED UNANSWERED", out)
        self.assertNotIn("(first reply in business time)", out)

    def test_svg_renders(self):
        import shutil
        rsvg = shutil.which("rsvg-convert")
        if not rsvg:
            self.skipTest("rsvg-convert (Debian librsvg2-bin) not installed")
        svg = os.path.join(self.dir, "w.svg")
        png = os.path.join(self.dir, "w.png")
        # a log with answered tickets (the first-reply panel) and open clocks
        log = self.write("log.csv", "ticket,time,event\n"
                         "A,2025-04-14T09:00:00+02:00,created\nA,2025-04-14T09:05:00+02:00,reply\n"
                         "B,2025-04-14T09:00:00+02:00,created\nB,2025-04-14T10:00:00+02:00,reply\n"
                         "C,2025-04-14T15:00:00+02:00,created\n"
                         "D,2025-04-15T08:00:00+02:00,created\n")
        run("--calendar", BIZ, "--calendar", LIVE, "--now", "2025-04-15T09:00:00+02:00",
            "--svg", svg, log)
        text = open(svg).read()
        self.assertIn('class="seg-0"', text)        # counted time
        self.assertIn('class="seg-2"', text)        # the night: out of hours
        self.assertIn('class="breach"', text)       # C breached at 08:00 + ...
        self.assertIn('class="target"', text)       # the first-reply target line
        self.assertIn('class="late"', text)         # B replied after 15 minutes
        self.assertIn('class="in-time"', text)      # A within them
        subprocess.run([rsvg, "-o", png, svg], check=True, timeout=60)
        w, h, bpp, rows = png_pixels(png)
        self.assertEqual(w, 1000)
        self.assertGreater(h, 300)
        colours = set()
        for r in rows[::4]:
            for x in range(0, w * bpp, bpp * 4):
                colours.add(tuple(r[x:x + 3]))
        for rgb in ((0x4c, 0x78, 0xa8), (0xc0, 0x39, 0x2b), (0x2e, 0x8b, 0x57),
                    (0xd9, 0xd9, 0xd9)):
            self.assertIn(rgb, colours, f"colour {rgb} not drawn")
        white = sum(1 for r in rows for x in range(0, w * bpp, bpp)
                    if r[x:x + 3] == b"\xff\xff\xff")
        self.assertGreater(white, 0.5 * w * h)  # a picture, not a blot


class Advice(Files):
    """Five late emails come first (earliest deadline first); the sixth, due in
    15 minutes, breaches with 1 to 5 agents of 10-minute replies and makes it
    with 6. One more agent saves nothing; five more do."""

    def test_block_of_agents(self):
        rows = "".join(f"L{i},2025-01-06T08:0{i}:00Z,created,email,normal\n" for i in range(5))
        log = self.write("q.csv", "ticket,time,event,channel,priority\n" + rows +
                         "N,2025-01-06T09:00:00Z,created,email,normal\n")
        pol = self.write("p.txt", "first_reply email * 15m\n")
        args = ["--policy", pol, "--now", "2025-01-06T09:00:00Z", "--forecast", "--shift",
                "email=1@24/7", "--handle", "email=10m/0s", "--samples", "0"]
        d = json.loads(run(*args, "--format", "json", log).stdout)
        adv = d["forecast"]["advice"]
        self.assertEqual(adv["shifts"][0]["extra_agents"], 5)
        self.assertEqual(adv["breaches_left"], 0)
        self.assertEqual(adv["breaches_ahead_without_advice"], 1)
        out = run(*args, log).stdout
        self.assertIn("5 more agents on shift 1 (email, 24/7)", out)
        self.assertIn("would prevent 1 of the 1 breaches ahead", out)

    def test_why_none_would(self):
        log = self.write("q.csv", "ticket,time,event,channel,priority\n"
                         "S,2025-01-06T09:00:00Z,created,social,normal\n")
        pol = self.write("p.txt", "first_reply social * 1h\nfirst_reply email * 15m\n")
        out = run("--policy", pol, "--now", "2025-01-06T09:00:00Z", "--forecast", "--shift",
                  "email=1@24/7", "--samples", "0", log).stdout
        self.assertIn("never answered: no shift of social is on duty", out)


if __name__ == "__main__":
    EXE = sys.argv.pop(1)
    unittest.main(verbosity=2)
