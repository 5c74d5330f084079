#!/usr/bin/env python3
"""Run `sla-calc batch` over the golden cases and compare its output lines.

usage: batch-golden.py SLA_CALC DIR [DIR...]

Every NAME.cal in each DIR becomes sla-calc calendar options; the rows of
NAME_add.csv and NAME_diff.csv become batch lines. A DIR that does not exist
is skipped; exit status 77 (skipped) when no case at all was found.
"""
import os
import subprocess
import sys


def cal_args(path):
    args = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            key, _, rest = line.partition(" ")
            rest = rest.strip()
            if key == "tz":
                args += ["--tz", rest]
            elif key == "hours":
                args += ["--hours", rest]
            elif key == "holiday":
                args += ["--holiday", rest]
            elif key in ("closed", "open"):
                args += ["--" + key, rest]
            else:
                raise SystemExit(f"{path}: unknown setting {key!r}")
    return args


def csv_rows(path):
    if not os.path.exists(path):
        return []
    rows = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#") or line[0].isalpha():
                continue
            rows.append([int(x) for x in line.split(",")])
    return rows


def run(exe, args, lines):
    data = "".join(lines).encode()
    p = subprocess.run([exe, *args, "batch"], input=data, capture_output=True, check=False)
    if p.returncode != 0:
        raise SystemExit(f"sla-calc {' '.join(args)} batch: exit {p.returncode}: "
                         f"{p.stderr.decode(errors='replace')}")
    return p.stdout.decode().splitlines()


def main():
    exe, dirs = sys.argv[1], sys.argv[2:]
    cases = 0
    bad = 0
    for d in dirs:
        if not os.path.isdir(d):
            print(f"{d}: absent, skipped")
            continue
        for name in sorted(n[:-4] for n in os.listdir(d) if n.endswith(".cal")):
            args = cal_args(os.path.join(d, name + ".cal"))
            lines, want = [], []
            # Vary the line form: CRLF, surrounding spaces, blank lines.
            for i, (s, dur, dl) in enumerate(csv_rows(os.path.join(d, name + "_add.csv"))):
                lines.append(f"add,{s},{dur}\n" if i % 3 else f"  add , {s} ,{dur} \r\n")
                want.append(str(dl))
                if i % 7 == 0:
                    lines.append("\n")
            for i, (a, b, df) in enumerate(csv_rows(os.path.join(d, name + "_diff.csv"))):
                lines.append(f"diff,{a},{b}\n" if i % 2 else f"diff,{a},{b}\r\n")
                want.append(str(df))
            got = run(exe, args, lines)
            cases += len(want)
            if len(got) != len(want):
                print(f"{name}: {len(got)} output lines for {len(want)} inputs")
                bad += 1
                continue
            for inp, g, w in zip((l for l in lines if l.strip()), got, want):
                if g != w:
                    bad += 1
                    if bad < 25:
                        print(f"{name}: {inp.strip()!r}: expected {w}, got {g}")
            print(f"{d}/{name}: {len(want)} lines")
    if cases == 0:
        print("no golden cases found")
        return 77
    print(f"{cases} lines, {bad} mismatches")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
