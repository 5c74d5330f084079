#!/usr/bin/env python3
"""sla-calc with iCalendar files: --holidays, filters, --open-ics, the
holidays command, and errors. Expected instants are worked out by hand in
the comments. The real Norwegian feed is used when the shared data is there.
"""
import os
import subprocess
import sys
import tempfile

SLA_CALC = sys.argv[1]
SHARED = os.environ.get("SLA_SHARED_DIR", "")

FIXTURE = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//libsla tests//EN\r
BEGIN:VEVENT\r
UID:maundy@example\r
DTSTART;VALUE=DATE:20250417\r
DTEND;VALUE=DATE:20250418\r
SUMMARY:Maundy Thursday\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:easter@example\r
DTSTART;VALUE=DATE:20250418\r
DTEND;VALUE=DATE:20250422\r
SUMMARY:Good Friday to Easter Monday\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:valentine@example\r
DTSTART;VALUE=DATE:20250214\r
DTEND;VALUE=DATE:20250215\r
SUMMARY:Valentine's Day\r
END:VEVENT\r
END:VCALENDAR\r
"""

OPENINGS = """BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VEVENT
UID:sat@example
DTSTART;TZID=Europe/Oslo:20250419T100000
DTEND;TZID=Europe/Oslo:20250419T120000
SUMMARY:Easter Saturday shift
END:VEVENT
END:VCALENDAR
"""

failures = 0


def run(*args):
    p = subprocess.run([SLA_CALC, *args], capture_output=True, text=True)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


def expect(what, args, code, out=None, err_part=None):
    global failures
    rc, so, se = run(*args)
    ok = rc == code and (out is None or so == out) and (err_part is None or err_part in se)
    print(("ok  " if ok else "FAIL") + f"  {what}: exit {rc}, out {so!r}, err {se[:200]!r}")
    if not ok:
        failures += 1


with tempfile.TemporaryDirectory() as d:
    hol = os.path.join(d, "easter.ics")
    with open(hol, "w", newline="") as f:
        f.write(FIXTURE)
    opn = os.path.join(d, "shift.ics")
    with open(opn, "w") as f:
        f.write(OPENINGS)
    bad = os.path.join(d, "bad.ics")
    with open(bad, "w") as f:
        f.write("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2025XX17\nEND:VEVENT\nEND:VCALENDAR\n")

    base = ["--tz", "Europe/Oslo", "--hours", "Mo-Fr 08:00-16:00"]
    # Wed 15:00-16:00 is 1 h; Thu 17 to Mon 21 are holidays; Tue 22 08:00 + 1 h.
    expect("holidays from a file", base + ["--holidays", hol, "add", "2025-04-16T15:00:00+02:00", "2h"],
           0, "2025-04-22T09:00:00+02:00")
    # Dropping Maundy Thursday by name: Thu 17 08:00 + 1 h.
    expect("a summary filter", base + ["--holidays", hol, "--ics-drop", "maundy",
                                       "add", "2025-04-16T15:00:00+02:00", "2h"],
           0, "2025-04-17T09:00:00+02:00")
    # Keeping only Valentine's Day: Easter is a working week again.
    expect("a keep filter", base + ["--holidays", hol, "--ics-keep", "valentine",
                                    "add", "2025-04-16T15:00:00+02:00", "2h"],
           0, "2025-04-17T09:00:00+02:00")
    # An extra opening on Easter Saturday 10:00-12:00 (holidays still closed).
    expect("openings from a file", base + ["--holidays", hol, "--open-ics", opn,
                                           "add", "2025-04-16T15:00:00+02:00", "2h"],
           0, "2025-04-19T11:00:00+02:00")
    expect("the holidays command", ["--tz", "Europe/Oslo", "--ics-drop", "valentine",
                                    "holidays", hol, "2025"],
           0, "2025-04-17             Maundy Thursday\n"
              "2025-04-18..2025-04-21 Good Friday to Easter Monday")
    expect("a malformed file names its line", base + ["--holidays", bad, "add", "2025-04-16T15:00:00+02:00", "2h"],
           1, None, "line 3")
    expect("a missing file", base + ["--holidays", os.path.join(d, "nope.ics"), "add", "2025-04-16T15:00:00+02:00", "2h"],
           1)
    expect("a bad year range", ["holidays", hol, "2026-2025"], 2)

feed = os.path.join(SHARED, "data", "holidays-ics", "tb-autogen-NorwegianHolidays.ics")
if os.path.exists(feed):
    # The done-criterion: the Tuesday after Easter.
    expect("the Norwegian feed", ["--tz", "Europe/Oslo", "--hours", "Mo-Fr 08:00-16:00",
                                  "--holidays", feed, "add", "2025-04-16T15:00:00+02:00", "2h"],
           0, "2025-04-22T09:00:00+02:00")
else:
    print("skip  the Norwegian feed: shared data not present")

print(f"{failures} failed")
sys.exit(1 if failures else 0)
