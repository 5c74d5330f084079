#!/usr/bin/env python3
"""sla-calc: a NUL byte in a batch field is refused (never a different
answer), and the hints of the zone, holiday and hours errors point the right
way. usage: check-calc.py SLA_CALC"""
import os
import subprocess
import sys
import tempfile

EXE = sys.argv[1]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(args, stdin=b"", expect=0):
    p = subprocess.run([EXE, *args], input=stdin, capture_output=True, timeout=60)
    check(p.returncode == expect, f"{args}: exit {p.returncode}, expected {expect}: {p.stderr}")
    return p.stdout.decode(), p.stderr.decode()


# Batch: the NUL line answers error:parse (not a 1970 instant) and stderr names
# the field and the line; the lines around it are answered as usual.
out, err = run(["--tz", "Europe/Oslo", "batch"],
               b"is_open,1743177000\nadd,17434\x0065600,60\nadd,1743177000,60\nsub,1,\x00\n")
lines = out.splitlines()
check(len(lines) == 4, f"one answer per line: {lines}")
check(lines[1] == "error:parse", f"NUL in X: {lines}")
check(lines[3] == "error:parse", f"NUL in Y: {lines}")
check(lines[2] != "error:parse", f"the next line is answered: {lines}")
check("line 2: field 2 (X) holds a NUL byte" in err, f"names line and field: {err}")
check("line 4: field 3 (Y) holds a NUL byte" in err, f"names line and field: {err}")

with tempfile.TemporaryDirectory() as tmp:
    _, err = run(["--tzdir", os.path.join(tmp, "none"), "--tz", "Europe/Oslo", "open", "now"],
                 expect=1)
    check("--tzdir" in err and "No such file or directory" in err, f"tzdir: {err}")
_, err = run(["--tz", "right/Europe/Oslo", "open", "now"], expect=1)
check("leap seconds" in err and "'Europe/Oslo'" in err, f"right/: {err}")
_, err = run(["--tz", "Europe/Oslo", "--holiday", "2025-02-30", "open", "now"], expect=1)
check("2025-02 has no day 30" in err, f"holiday: {err}")
_, err = run(["--hours", "Mo-Fr 25:00-26:00", "open", "now"], expect=1)
check("24:00" in err and "23:59" not in err, f"hours: {err}")
_, err = run(["--hours", "Mon-Fri 08:00-16:00", "open", "now"], expect=1)
check("'Mo' instead of 'Mon'" in err, f"three letters: {err}")

if failures:
    sys.exit(1)
print("all sla-calc checks passed")
