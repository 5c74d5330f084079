#!/usr/bin/env python3
"""`sla-calc batch` line handling: one output line per non-empty input line,
in order, with error:NAME for bad lines. Expected values worked out by hand
(local times converted with Python zoneinfo).

usage: batch-errors.py SLA_CALC
"""
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo


def oslo(s):
    return int(datetime.fromisoformat(s).replace(tzinfo=ZoneInfo("Europe/Oslo")).timestamp())


MON_0900 = oslo("2025-03-24 09:00")   # 1742803200
MON_0915 = oslo("2025-03-24 09:15")
MON_1700 = oslo("2025-03-24 17:00")
SAT_1000 = oslo("2025-03-29 10:00")
NEXT_MON_0900 = oslo("2025-03-31 09:00")  # after the change to summer time

CASES = [
    (f"add,{MON_0900},900", str(MON_0915)),
    (f"add,2025-03-24T08:00:00Z,15m", str(MON_0915)),      # RFC 3339 + unit duration
    (f"add,2025-03-24 09:00,PT15M", str(MON_0915)),          # local time in the zone
    (f"sub,{MON_0915},900", str(MON_0900)),
    (f"diff,{MON_0900},{MON_1700}", "28800"),
    (f"diff,{MON_1700},{MON_0900}", "-28800"),
    (f"is_open,{MON_0900}", "1"),
    (f"is_open,{MON_1700}", "0"),
    (f"next_close,{MON_0900}", str(MON_1700)),
    (f"next_open,{SAT_1000}", str(NEXT_MON_0900)),
    (f"next_open,{MON_0900}", str(MON_0900)),
    ("  add , 1742803200 , 900 \r", str(MON_0915)),
    ("frobnicate,1,2", "error:invalid"),
    ("add,1742803200", "error:invalid"),
    ("is_open,1742803200,5", "error:invalid"),
    ("add,1,2,3", "error:invalid"),
    ("add,yesterday,900", "error:parse"),
    ("add,1742803200,soon", "error:parse"),
    ("diff,1742803200,", "error:parse"),
    ("add,1742803200,-900", "error:invalid"),
    ("add,7258118400,0", "error:range"),
    ("is_open,99999999999", "error:range"),
    ("", None),
    ("   \r", None),
    ("ADD,1,2", "error:invalid"),
    ("x" * 5000, "error:invalid"),
    ("add," + "1" * 1500000 + ",900", "error:invalid"),   # longer than the input buffer
    (f"is_open,{MON_0900}", "1"),
]


def main():
    exe = sys.argv[1]
    text = "\n".join(c for c, _ in CASES)  # no final newline: the last line still counts
    p = subprocess.run([exe, "--tz", "Europe/Oslo", "--hours", "Mo-Fr 09:00-17:00", "batch"],
                       input=text.encode(), capture_output=True, check=False)
    want = [w for _, w in CASES if w is not None]
    got = p.stdout.decode().splitlines()
    bad = p.returncode != 0
    if bad:
        print(f"exit status {p.returncode}: {p.stderr.decode()}")
    if len(got) != len(want):
        print(f"{len(got)} output lines, expected {len(want)}:\n" + "\n".join(got))
        return 1
    inputs = [c for c, w in CASES if w is not None]
    for i, g, w in zip(inputs, got, want):
        if g != w:
            print(f"{i[:60]!r}: expected {w}, got {g}")
            bad = True
    # A huge input streams in constant memory: 300k lines.
    n = 300000
    big = (f"add,{MON_0900},900\n" * n).encode()
    p = subprocess.run([exe, "--tz", "Europe/Oslo", "batch"], input=big, capture_output=True,
                       check=False)
    lines = p.stdout.split(b"\n")
    if p.returncode != 0 or len(lines) != n + 1 or set(lines[:-1]) != {str(MON_0915).encode()}:
        print("bulk run failed")
        bad = True
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
