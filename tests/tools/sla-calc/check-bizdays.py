#!/usr/bin/env python3
"""sla-calc with business days (3bd, add_days/sub_days in batch), prev-open,
prev-close, days, the holiday-horizon warning and the `never` messages.
Expected instants are worked out by hand from SEMANTICS 2.3 in the comments.
The real Norwegian feed is used when the shared data is there.
"""
import os
import subprocess
import sys
import tempfile

SLA_CALC = sys.argv[1]
SHARED = os.environ.get("SLA_SHARED_DIR", "")
failures = []


def run(*args, stdin=None):
    p = subprocess.run([SLA_CALC, *args], input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")


def expect(name, args, out, rc=0, warn=None, stdin=None):
    code, so, se = run(*args, stdin=stdin)
    check(name, code == rc, f"exit {code}, stderr {se!r}")
    check(name, so == out, f"stdout {so!r}, want {out!r}")
    if warn is True:
        check(name, "warning:" in se, f"no warning in {se!r}")
    elif warn is False:
        check(name, "warning:" not in se, f"unexpected warning {se!r}")
    elif warn:
        check(name, warn in se, f"{warn!r} not in {se!r}")
    return se


OSLO = ["--tz", "Europe/Oslo", "--hours", "Mo-Fr 09:00-17:00", "--holiday", "2025-05-01"]

# 2025-04-30 is a Wednesday, Thursday 2025-05-01 a holiday.
expect("add 1bd", OSLO + ["add", "2025-04-30 10:00", "1bd"], "2025-05-02T10:00:00+02:00\n",
       warn=False)
expect("add 3bd", OSLO + ["add", "2025-04-30 10:00", "3bd"], "2025-05-06T10:00:00+02:00\n")
# closed start: s is the next opening, Wednesday 09:00
expect("add 0bd", OSLO + ["add", "2025-04-29 18:00", "0bd"], "2025-04-30T09:00:00+02:00\n")
expect("sub 1bd", OSLO + ["sub", "2025-05-02 10:00", "1bd"], "2025-04-30T10:00:00+02:00\n")
expect("prev-open", OSLO + ["prev-open", "2025-04-30 10:00"], "2025-04-30T09:00:00+02:00\n")
expect("prev-open at a start", OSLO + ["prev-open", "2025-04-30 09:00"],
       "2025-04-30T09:00:00+02:00\n")
expect("prev-close", OSLO + ["prev-close", "2025-04-30 10:00"], "2025-04-29T17:00:00+02:00\n")
expect("prev-close at an end", OSLO + ["prev-close", "2025-04-30 17:00"],
       "2025-04-30T17:00:00+02:00\n")
expect("days", OSLO + ["days", "2025-04-28", "2025-05-05"], "4\n")
# 3d stays 72 open hours: 9 working days of 8 h
expect("3d is open hours", OSLO + ["add", "2025-04-30 10:00", "3d"],
       "2025-05-14T10:00:00+02:00\n")
expect("bd mixed", OSLO + ["add", "2025-04-30 10:00", "1bd2h"], "", rc=1, warn="stand alone")

# batch: add_days,T,N and add,T,3bd; 1745827200 = 2025-04-28T08:00Z (Monday 10:00 in
# Oslo): 3 business days later is Friday 2025-05-02 10:00 (Thursday is a holiday),
# 1746172800; one before is Friday 2025-04-25 10:00; the open period began at
# 09:00 (1745823600), the last one ended on Friday at 17:00 (1745593200).
expect("batch", OSLO + ["batch"],
       "1746172800\n1746172800\n1745568000\n1745823600\n1745593200\nerror:parse\n",
       stdin="add_days,1745827200,3\nadd,1745827200,3bd\nsub_days,1745827200,1\n"
             "prev_open,1745827200\nprev_close,1745827200\nadd_days,1745827200,x\n")

# never: a calendar that never opens; sub says it looks backwards
se = expect("sub never", ["--hours", "off", "sub", "2025-04-16T15:00:00Z", "1h"], "", rc=1)
check("sub never message", "before" in se and "again" not in se, se)
expect("add_days never", ["--hours", "off", "add", "2025-04-16T15:00:00Z", "1bd"], "", rc=1,
       warn="business days again")
expect("prev-open 24/7", ["--hours", "24/7", "prev-open", "2025-04-16T15:00:00Z"], "", rc=1,
       warn="since before 1970")
# closures: the hour left before a closed evening and a closed day
expect("closures", ["--closed", "2025-04-17 00:00-00:00", "--closed", "2025-04-16 18:00-24:00",
                    "--hours", "Mo-Fr 09:00-17:00", "add", "2025-04-16T15:00:00Z", "1bd"],
       "2025-04-18T15:00:00+00:00\n")

# The holiday horizon: hand-given dates cover their year; a feed the year of
# its last holiday; a warning on stderr, never a failure.
expect("horizon hand", OSLO + ["add", "2025-12-31 16:50", "15m"],
       "2026-01-01T09:05:00+01:00\n", warn="2025-12-31")
expect("horizon hand inside", OSLO + ["add", "2025-12-30 10:00", "15m"],
       "2025-12-30T10:15:00+01:00\n", warn=False)
FEED = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//libsla tests//EN\r\n"
        "BEGIN:VEVENT\r\nUID:xmas@example\r\nDTSTART;VALUE=DATE:20200101\r\n"
        "RRULE:FREQ=YEARLY;COUNT=3\r\nSUMMARY:New Year\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
ENDLESS = FEED.replace(";COUNT=3", "")
with tempfile.TemporaryDirectory() as d:
    f1 = os.path.join(d, "finite.ics")
    f2 = os.path.join(d, "endless.ics")
    open(f1, "w", newline="").write(FEED)
    open(f2, "w", newline="").write(ENDLESS)
    cal = ["--tz", "Europe/Oslo", "--hours", "Mo-Fr 09:00-17:00"]
    expect("feed past", cal + ["--holidays", f1, "add", "2025-12-24 16:50", "15m"],
           "2025-12-25T09:05:00+01:00\n", warn="2022-12-31")
    expect("feed inside", cal + ["--holidays", f1, "add", "2022-06-01 10:00", "15m"],
           "2022-06-01T10:15:00+02:00\n", warn=False)
    expect("feed endless", cal + ["--holidays", f2, "add", "2025-12-24 16:50", "15m"],
           "2025-12-25T09:05:00+01:00\n", warn=False)
    se = expect("feed batch", cal + ["--holidays", f1, "batch"], "1766649900\n",
                stdin="add,1766591400,900\n")
    check("feed batch warning", "1 answer lies past 2022-12-31" in se, se)

nor = os.path.join(SHARED, "data", "holidays-ics", "tb-NorwegianHolidays.ics")
if SHARED and os.path.isfile(nor):
    # The feed stops in 2020: Christmas Day 2025 counts as a working day,
    # and sla-calc says so.
    expect("norwegian", ["--tz", "Europe/Oslo", "--holidays", nor, "add", "2025-12-24 16:50",
                         "15m"], "2025-12-25T09:05:00+01:00\n", warn="2020-12-31")
    expect("norwegian inside", ["--tz", "Europe/Oslo", "--holidays", nor, "add",
                                "2019-12-24 16:50", "15m"], "2019-12-27T09:05:00+01:00\n",
           warn=False)
else:
    print("tb-NorwegianHolidays.ics not found: real feed skipped")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("sla-calc business days: all checks passed")
