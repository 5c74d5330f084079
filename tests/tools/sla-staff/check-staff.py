#!/usr/bin/env python3
"""sla-staff end to end: profiles, logs, coverage gap, errors and the SVG.

Expected agent counts come from an Erlang C written out here from the
textbook formula (sums of a^k/k!), independent of libsla; coverage shares
and log averages are worked out by hand in the comments.

usage: check-staff.py SLA_STAFF DATA_DIR
"""
import math
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

EXE, DATA = sys.argv[1], sys.argv[2]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(*args, expect=0):
    p = subprocess.run([EXE, *args], capture_output=True, text=True,
                       env={**os.environ, "NO_COLOR": "1"})
    check(p.returncode == expect,
          f"{' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stderr}")
    return p


def table(*args):
    """--csv output as {(day, 'HH:MM'): (contacts, agents, scheduled, open)}."""
    p = run("--csv", *args)
    lines = p.stdout.splitlines()
    check(lines[0] == "day,start,contacts,agents,scheduled,open_fraction", "csv header")
    out = {}
    for line in lines[1:]:
        d, t, c, a, s, o = line.split(",")
        out[(d, t)] = (float(c), int(a), int(s), float(o))
    check(len(out) == 336, f"csv has {len(out)} rows")
    return out, p


def erlang_c_agents(contacts, aht, answer, level, max_occ, shrink):
    """Least N with service level >= level and occupancy <= max_occ."""
    if contacts == 0:
        return 0, 0
    a = contacts / 1800.0 * aht
    n = int(math.floor(a)) + 1
    while True:
        terms = [a ** k / math.factorial(k) for k in range(n)]
        top = a ** n / math.factorial(n) * n / (n - a)
        c = top / (sum(terms) + top)
        sl = 1 - c * math.exp(-(n - a) * answer / aht)
        if sl >= level and a / n <= max_occ:
            break
        n += 1
    s = n / (1 - shrink)
    sched = math.floor(s) if s - math.floor(s) <= 1e-9 * s else math.ceil(s)
    return n, sched


def profile_file(path, cells):
    """Write a profile: cells maps (day index, 'HH:MM') -> contacts."""
    v = [0.0] * 336
    for (d, hm), c in cells.items():
        h, m = map(int, hm.split(":"))
        v[d * 48 + h * 2 + m // 30] = c
    with open(path, "w") as f:
        f.write("\n".join(f"{x:g}" for x in v) + "\n")


one = os.path.join(DATA, "one-bucket.profile")
log = os.path.join(DATA, "arrivals.csv")
tmp = tempfile.mkdtemp(prefix="sla-staff-test.")

n_c = erlang_c_agents(50, 240, 20, 0.8, 0.85, 0.3)[0]

# --- 1. One busy half hour: Erlang C by hand, the rest needs nobody. -------
for opts, aht, answer, level, occ, shrink in [
        ([], 240, 20, 0.8, 0.85, 0.3),
        (["--aht", "300", "--target", "80/30", "--max-occupancy", "0.9",
          "--shrinkage", "25%"], 300, 30, 0.8, 0.9, 0.25),
        (["--aht", "5m", "--target", "90%/10s"], 300, 10, 0.9, 0.85, 0.3)]:
    t, _ = table("--profile", one, *opts)
    n, s = erlang_c_agents(50, aht, answer, level, occ, shrink)
    check(t[("Tue", "10:00")] == (50.0, n, s, 1.0),
          f"one bucket {opts}: {t[('Tue', '10:00')]} != {(50.0, n, s, 1.0)}")
    others = [k for k, row in t.items() if k != ("Tue", "10:00") and row[:3] != (0.0, 0, 0)]
    check(not others, f"one bucket {opts}: other buckets staffed: {others[:3]}")
    # Mo-Fr 09:00-17:00 in UTC, by hand.
    check(t[("Mon", "08:30")][3] == 0.0 and t[("Mon", "09:00")][3] == 1.0 and
          t[("Fri", "16:30")][3] == 1.0 and t[("Fri", "17:00")][3] == 0.0 and
          t[("Sat", "12:00")][3] == 0.0, f"open fractions {opts}")

# Erlang A (--patience): contacts who abandon lighten the load, so never more
# agents than Erlang C; with a patience far beyond any wait, the same count.
t, _ = table("--profile", one, "--patience", "60")
check(0 < t[("Tue", "10:00")][1] <= n_c, f"Erlang A: {t[('Tue', '10:00')]} vs C {n_c}")
t, _ = table("--profile", one, "--patience", "10000000")
check(t[("Tue", "10:00")][1] == n_c, f"Erlang A, endless patience: {t[('Tue', '10:00')]}")

# The report: peak, coverage gap (the bucket is open -> 0 %; opening at
# 11:00 -> 100 %, waiting 45 min from the middle of 10:00-10:30).
n, s = erlang_c_agents(50, 240, 20, 0.8, 0.85, 0.3)
p = run("--profile", one)
check(f"peak half hour         Tue 10:00-10:30, 50.0 contacts, {n} agents ({s} to schedule)"
      in p.stdout, "report: peak line")
check("arriving while closed  0.0 % of contacts (0.0 per week)" in p.stdout, "report: 0 %")
check(f"agent-hours per week   {n * 0.5:.1f} needed around the clock, {s * 0.5:.1f} to schedule"
      in p.stdout, "report: agent-hours")
check(p.stdout.count("Mon |") == 2 and p.stdout.count("Sun |") == 2, "report: two heat maps")
p = run("--profile", one, "--hours", "Mo-Fr 11:00-17:00")
check("arriving while closed  100.0 % of contacts (50.0 per week)" in p.stdout, "report: 100 %")
check("their wait to opening  45m on average" in p.stdout, "report: wait 45m")
check("busiest closed slot    Tue 10:00-10:30: 50.0 contacts" in p.stdout, "report: closed slot")

# --- 2. Two buckets: 30 open (Tue 10:00), 10 closed (Sat 12:00): 25 %. ------
two = os.path.join(tmp, "two.profile")
profile_file(two, {(1, "10:00"): 30, (5, "12:00"): 10})
for opts in ([], ["--tz", "Europe/Oslo"], ["--tz", "America/New_York", "--week", "2025-07-09"]):
    p = run("--profile", two, *opts)
    check("arriving while closed  25.0 % of contacts (10.0 per week)" in p.stdout,
          f"two buckets {opts}: 25 %")
    # Sat 12:15 -> Mon 09:00 is 44h45m.
    check("their wait to opening  44h45m on average" in p.stdout, f"two buckets {opts}: wait")
# A holiday on the Tuesday of the reference week closes it: 100 %.
p = run("--profile", two, "--holiday", "2025-01-14")
check("arriving while closed  100.0 % of contacts (40.0 per week)" in p.stdout, "holiday: 100 %")
check("week of 2025-01-13" in p.stdout, "holiday: reference week")
p = run("--profile", two, "--holiday", "2025-01-14", "--week", "2025-02-05")
check("arriving while closed  25.0 % of contacts" in p.stdout, "holiday outside week")
check("outside the reference week" in p.stderr, "holiday outside week: note")

# --- 3. The hand-made log. -----------------------------------------------
# 14 days (Mon 2025-01-06 .. Sun 2025-01-19), so every bucket occurs twice:
# Mon 09:00-09:30 has rows 1-4 and 8-11 -> 8 / 2 = 4.0; Wed 14:00 row 5
# -> 0.5; Sun 21:30 rows 12-13 -> 1.0. Rows 6 and 7 are junk (lines 7, 8).
expected = {"UTC": {("Mon", "09:00"): 4.0, ("Wed", "14:00"): 0.5, ("Sun", "21:30"): 1.0},
            # Oslo is UTC+1 in January; row 5 is a local time, read in the zone.
            "Europe/Oslo": {("Mon", "10:00"): 4.0, ("Wed", "14:00"): 0.5,
                            ("Sun", "22:30"): 1.0}}
for tz, want in expected.items():
    t, p = table("--log", log, "--time-column", "when", "--tz", tz)
    got = {k: row[0] for k, row in t.items() if row[0] != 0.0}
    check(got == want, f"log {tz}: {got} != {want}")
    check("skipped 2 of 13 rows" in p.stderr, f"log {tz}: skipped count\n{p.stderr}")
    check("arrivals.csv:7:" in p.stderr and "arrivals.csv:8:" in p.stderr,
          f"log {tz}: bad line numbers\n{p.stderr}")
# The column is found by its name too ('when' is not a known name, but it is
# the first column that holds a timestamp).
t, _ = table("--log", log)
check(t[("Mon", "09:00")][0] == 4.0, "log: column found without --time-column")
p = run("--log", log)
check("13 rows" not in p.stdout and "11 arrivals read" in p.stdout, "log: report header")
check("window 2025-01-06 .. 2025-01-19 (2.00 weeks, UTC)" in p.stdout, "log: window")

# A partial week, epoch seconds, no header: 10 days Mon 01-06 .. Wed 01-15,
# so Mon-Wed occur twice and Thu-Sun once. Mon 09:00: 4 / 2 = 2.0;
# Fri 12:00: 1 / 1 = 1.0; Wed 08:00: 1 / 2 = 0.5.
part = os.path.join(tmp, "partial.csv")
with open(part, "w") as f:
    for ts in ["2025-01-06T09:05:00Z", "2025-01-06T09:25:00Z", "2025-01-10T12:10:00Z",
               "2025-01-13T09:05:00Z", "2025-01-13T09:06:00Z", "2025-01-15T08:10:00Z"]:
        from datetime import datetime
        e = int(datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp())
        f.write(f"{e},x\n")
t, p = table("--log", part)
got = {k: row[0] for k, row in t.items() if row[0] != 0.0}
check(got == {("Mon", "09:00"): 2.0, ("Fri", "12:00"): 1.0, ("Wed", "08:00"): 0.5},
      f"partial week: {got}")

# A sparse tail: 8 arrivals a day for 14 days, plus 2 stray old ones that
# are left out; each day's 10:00 bucket then averages 8.0.
tail = os.path.join(tmp, "tail.csv")
with open(tail, "w") as f:
    f.write("created_at\n2024-06-01T10:00:00Z\n2024-06-20T10:00:00Z\n")
    for day in range(6, 20):
        for k in range(8):
            f.write(f"2025-01-{day:02d}T10:{k * 3:02d}:00Z\n")
t, _ = table("--log", tail)
got = {k: row[0] for k, row in t.items() if row[0] != 0.0}
check(got == {(d, "10:00"): 8.0 for d in DAYS}, f"sparse tail: {got}")
p = run("--log", tail)
check("left out 2 before and 0 after" in p.stdout, "sparse tail: reported")
t, _ = table("--log", tail, "--from", "2025-01-06", "--to", "2025-01-12")
check(t[("Mon", "10:00")][0] == 8.0 and t[("Sun", "10:00")][0] == 8.0, "--from/--to")

# --- 4. Errors and exit codes. -------------------------------------------
junk = os.path.join(tmp, "junk.csv")
with open(junk, "w") as f:
    f.write("created_at,x\nyesterday,1\nsoon,2\n")
p = run("--log", junk, expect=1)
check("no usable rows" in p.stderr, "junk log: message")
run("--log", os.path.join(tmp, "missing.csv"), expect=1)
run("--bogus", expect=2)
run("--target", "80", expect=2)
run("--shrinkage", "1.5", expect=2)
run("--log", log, "--profile", one, expect=2)
run("--tz", "Mars/Olympus", expect=2)
p = run("--hours", "Mo-Fr sunrise-sunset", expect=2)
check("--hours" in p.stderr, "bad hours: message")
short = os.path.join(tmp, "short.profile")
with open(short, "w") as f:
    f.write("1\n" * 335)
p = run("--profile", short, expect=1)
check("335 numbers" in p.stderr, "short profile: message")
bad = os.path.join(tmp, "bad.profile")
with open(bad, "w") as f:
    f.write("1\n2\nthree\n")
p = run("--profile", bad, expect=1)
check("bad.profile:3:" in p.stderr, f"bad profile: line number\n{p.stderr}")
p = run("--help")
check("Usage:" in p.stdout, "help")

# --- 5. The SVG: well-formed, self-contained, one bar per busy bucket. ------
svg = os.path.join(tmp, "chart.svg")
run("--profile", two, "--svg", svg)
root = ET.parse(svg).getroot()
ns = "{http://www.w3.org/2000/svg}"
check(root.tag == ns + "svg", "svg root")
text = open(svg).read()
check("href" not in text and "url(" not in text, "svg has no external references")
bars = [r for r in root.iter(ns + "rect") if r.get("fill") is None and
        r.get("fill-opacity") is None and r.get("width") not in ("100%", "14")]
check(len(bars) == 2, f"svg: {len(bars)} bars, expected 2")
check(len(list(root.iter(ns + "path"))) == 2, "svg: two step lines")
check(sum(1 for t in root.iter(ns + "text") if t.text in DAYS) == 7, "svg: day labels")

# --- 6. The demo runs without input. -------------------------------------
p = run()
check("Built-in demo profile" in p.stdout and "evening peak (17:00+)" in p.stdout, "demo")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("all sla-staff checks passed")
