#!/usr/bin/env python3
"""Cross-check libsla's time-zone rules against Python's zoneinfo.

Random (zone, instant) pairs over every zone of the system database and the
supported range 1970-2200, plus instants and wall-clock times right at and
around every transition of a random sample of zones (gaps and folds).
Usage: crosscheck.py PROBE [SAMPLES]. Exit 77 (skip) without zoneinfo data.
"""
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone

try:
    from zoneinfo import ZoneInfo, available_timezones
except ImportError:
    sys.exit(77)

TIME_MAX = 7258118400
EPOCH = datetime(1970, 1, 1)


def main():
    probe = sys.argv[1]
    samples = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    zones = sorted(z for z in available_timezones() if not z.startswith(("posix", "right")))
    if not zones:
        sys.exit(77)
    rng = random.Random(20250328)

    # transitions of a sample of zones, from the probe
    tz_sample = rng.sample(zones, min(len(zones), 120))
    out = subprocess.run([probe], input="".join(f"t {z}\n" for z in tz_sample),
                         capture_output=True, text=True, check=True).stdout.splitlines()
    reqs = []  # (kind, zone, value)
    for z, line in zip(tz_sample, out):
        nums = [int(x) for x in line.split()] if line != "nozone" else []
        trans = [nums[i:i + 3] for i in range(0, len(nums), 3)]
        for u, b, a in rng.sample(trans, min(len(trans), 40)):
            for t in (u - 1, u, u + 1):
                reqs.append(("o", z, t))
            for loc in {u + b - 1, u + b, u + a - 1, u + a, u + (b + a) // 2}:
                reqs.append(("l", z, loc))
    for _ in range(samples):
        reqs.append(("o", rng.choice(zones), rng.randrange(0, TIME_MAX)))
        reqs.append(("l", rng.choice(zones), rng.randrange(86400, TIME_MAX - 86400)))
    reqs = [r for r in reqs if 0 <= r[2] < TIME_MAX]
    reqs.sort(key=lambda r: r[1])

    out = subprocess.run([probe], input="".join(f"{k} {z} {v}\n" for k, z, v in reqs),
                         capture_output=True, text=True, check=True).stdout.splitlines()
    if len(out) != len(reqs):
        print(f"probe answered {len(out)} of {len(reqs)} requests")
        return 1
    bad = 0
    cache = {}
    for (k, z, v), got in zip(reqs, out):
        zi = cache.setdefault(z, ZoneInfo(z))
        if k == "o":
            want = int(datetime.fromtimestamp(v, zi).utcoffset().total_seconds())
        else:
            want = int((EPOCH + timedelta(seconds=v)).replace(tzinfo=zi).timestamp())
        if got != str(want):
            bad += 1
            if bad <= 20:
                print(f"MISMATCH {k} {z} {v}: libsla {got}, zoneinfo {want}")
    print(f"{len(reqs)} checks, {bad} mismatches")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
