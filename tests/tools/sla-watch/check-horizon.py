#!/usr/bin/env python3
"""sla-watch and sla-staff warn on standard error, and still succeed, when
the report lies past the last date the holiday sources cover (hand-given
dates cover the years they mention; an iCalendar feed the year of its last
holiday)."""
import os
import subprocess
import sys
import tempfile

WATCH, STAFF = sys.argv[1], sys.argv[2]
failures = []


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def check(name, p, warn, text=None):
    if p.returncode != 0:
        failures.append(f"{name}: exit {p.returncode}: {p.stderr}")
    has = "warning:" in p.stderr and "holiday sources" in p.stderr
    if has != warn:
        failures.append(f"{name}: warning {'missing' if warn else 'unexpected'}: {p.stderr!r}")
    if text and text not in p.stderr:
        failures.append(f"{name}: {text!r} not in {p.stderr!r}")


# The demo reports at 2025-04-16.
check("watch no holidays", run(WATCH, "--demo"), False)
check("watch holidays 2020", run(WATCH, "--demo", "--holiday", "business=2020-01-01"), True,
      "2020-12-31")
check("watch holidays 2025", run(WATCH, "--demo", "--holiday", "business=2025-12-25"), False)
FEED = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//libsla tests//EN\r\n"
        "BEGIN:VEVENT\r\nUID:ny@example\r\nDTSTART;VALUE=DATE:20200101\r\n"
        "RRULE:FREQ=YEARLY;COUNT=3\r\nSUMMARY:New Year\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "feed.ics")
    open(path, "w", newline="").write(FEED)
    check("watch feed", run(WATCH, "--demo", "--holidays", "business=" + path), True,
          "2022-12-31")

check("staff inside", run(STAFF, "--tz", "Europe/Oslo", "--holiday", "2025-03-12",
                          "--week", "2025-03-10"), False)
check("staff past", run(STAFF, "--tz", "Europe/Oslo", "--holiday", "2024-12-25",
                        "--week", "2025-03-10"), True, "2024-12-31")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("holiday horizon warnings: all checks passed")
