#!/usr/bin/env python3
"""sla-staff on a real arrival stream: the twcs customer messages addressed
to one brand, read from $SLA_SHARED_DIR when present (skipped otherwise).

The expected profile is computed here independently: the timestamps are
found with a regular expression over the raw text (Python's csv module
splits some records of this file at bare CRs), the busy window and the
per-weekday averages follow the rule sla-staff documents.

usage: check-twcs.py SLA_STAFF
"""
import collections
import datetime
import os
import re
import statistics
import subprocess
import sys
import time

EXE = sys.argv[1]
shared = os.environ.get("SLA_SHARED_DIR", "")
candidates = [os.path.join(shared, sub, "support-tickets", "twcs-spotifycares-inbound.csv")
              for sub in ("data", "")]
path = next((c for c in candidates if shared and os.path.exists(c)), None)
if path is None:
    print("SKIP: twcs-spotifycares-inbound.csv not found under $SLA_SHARED_DIR")
    sys.exit(77)

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


start = time.monotonic()
p = subprocess.run([EXE, "--log", path, "--csv"], capture_output=True, text=True)
elapsed = time.monotonic() - start
check(p.returncode == 0, f"exit {p.returncode}: {p.stderr}")
print(f"sla-staff read and analysed the log in {elapsed:.3f} s")

# Skipped rows: at most 1 % (sla-staff reports them as "skipped N of M rows").
m = re.search(r"skipped (\d+) of (\d+) rows", p.stderr)
skipped, rows = (int(m.group(1)), int(m.group(2))) if m else (0, None)
check(rows is None or skipped <= 0.01 * rows, f"skipped {skipped} of {rows}")

# Independent expectation.
stamp = re.compile(r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|"
                   r"Oct|Nov|Dec) \d\d \d\d:\d\d:\d\d [+-]\d{4} \d{4}")
text = open(path, encoding="utf-8", errors="replace").read()
times = [datetime.datetime.strptime(s, "%a %b %d %H:%M:%S %z %Y") for s in stamp.findall(text)]
check(len(times) >= 15000, f"only {len(times)} timestamps in the file")
days = collections.Counter(t.date() for t in times)
thr = statistics.median(days.values()) / 4
busy = sorted(d for d, n in days.items() if n >= thr)
first, last = busy[0], busy[-1]
span = (last - first).days + 1
occ = [span // 7] * 7
for k in range(span % 7):
    occ[(first + datetime.timedelta(days=k)).weekday()] += 1
per_day = [0.0] * 7
for t in times:
    if first <= t.date() <= last:
        per_day[t.weekday()] += 1
want = [per_day[d] / occ[d] for d in range(7)]

got = [0.0] * 7
lines = p.stdout.splitlines()[1:]
check(len(lines) == 336, f"{len(lines)} csv rows")
for line in lines:
    d, _, c, a, s, o = line.split(",")
    got[DAYS.index(d)] += float(c)
for d in range(7):
    check(abs(got[d] - want[d]) < 0.05, f"{DAYS[d]}: {got[d]:.2f} contacts, expected {want[d]:.2f}")
    check(got[d] > 0, f"{DAYS[d]} has no contacts")
print("window", first, "..", last, "per weekday:", " ".join(f"{w:.1f}" for w in want))

# The report names the window and the tail it left out.
r = subprocess.run([EXE, "--log", path], capture_output=True, text=True)
check(r.returncode == 0, "report run")
check(f"window {first} .. {last}" in r.stdout, "report: window")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("twcs checks passed")
