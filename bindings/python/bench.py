#!/usr/bin/env python3
"""Benchmark of the Python bindings: the overhead of one scalar call over the
C call, and the throughput of the many-at-once calls.

The C reference is measured in the same process: the many-at-once C call
runs the same queries in a C loop, so its ns per element is what the C
library costs per query without any Python. Targets: a scalar call within
1000 ns of that; an array call within 1.5x of it.

Usage: bench.py [N]   (default 200000 calls per row; best of 5 runs)
"""

from __future__ import annotations

import array
import ctypes
import math
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))

import libsla  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
REPS = 5
YEAR = 365 * 86400


def best(fn):
    times = []
    for _ in range(REPS):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times) * 1e9 / N


def main() -> int:
    rng = random.Random(42)
    holidays = ["2025-01-01", "2025-01-20", "2025-02-17", "2025-05-26", "2025-07-04",
                "2025-09-01", "2025-11-27", "2025-12-25", "2026-01-01", "2026-05-25",
                "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"]
    cal = libsla.Calendar("America/New_York", "Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00",
                          holidays=holidays)
    t0 = libsla.parse_instant("2025-01-01T00:00:00Z")
    ts = [t0 + rng.randrange(2 * YEAR) for _ in range(N)]
    ds = [int(math.exp(rng.uniform(math.log(30), math.log(YEAR)))) for _ in range(N)]
    ta, da = array.array("q", ts), array.array("q", ds)
    out = array.array("q", bytes(8 * N))
    outi = array.array("i", bytes(4 * N))
    pairs = list(zip(ts, ds))
    lib = libsla.library()
    print(f"libsla {lib.version} Python bindings benchmark ({sys.implementation.name} "
          f"{sys.version.split()[0]}), {N} queries per row, best of {REPS}")
    print(f"  library: {lib.path}")
    if hasattr(os, "getloadavg"):
        print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
              "(figures are inflated on a busy machine)")
    print()

    c_add = best(lambda: cal.add_many(ta, da, out=out))
    tb = array.array("q", [t + d for t, d in pairs])
    c_diff = best(lambda: cal.diff_many(ta, tb, out=out))
    c_open = best(lambda: cal.is_open_many(ta, out=outi))

    add = cal.add
    diff = cal.diff
    is_open = cal.is_open

    def scalar_add():
        for t, d in pairs:
            add(t, d)

    def scalar_diff():
        for t, u in zip(ts, tb):
            diff(t, u)

    def scalar_open():
        for t in ts:
            is_open(t)

    def loop_only():
        for t, d in pairs:
            pass

    raw = lib.sla_calendar_add
    h = cal._h
    v = ctypes.c_int64()

    def raw_ctypes():
        for t, d in pairs:
            raw(h, t, d, v)

    vnum = lib.sla_version_number

    def floor_call():
        for t, d in pairs:
            vnum()

    loop = best(loop_only)
    py_floor = best(floor_call) - loop
    py_add = best(scalar_add) - loop
    py_diff = best(scalar_diff) - loop
    py_open = best(scalar_open) - loop
    py_raw = best(raw_ctypes) - loop

    def row(name, value, target, unit="ns"):
        ok = "ok" if value <= target else "MISSED"
        print(f"  {name:<44} {value:10.1f} {unit:<8} <= {target:<8.0f} {ok}")

    def info(name, value, unit="ns"):
        print(f"  {name:<44} {value:10.1f} {unit}")

    print("C reference (many-at-once call, ns per element):")
    info("add", c_add)
    info("diff", c_diff)
    info("is_open", c_open)
    print("\nScalar calls (ns per call, Python loop cost removed):")
    info("cal.add(int, int)", py_add)
    info("cal.diff(int, int)", py_diff)
    info("cal.is_open(int)", py_open)
    info("bare ctypes call of sla_calendar_add", py_raw)
    info("ctypes floor: sla_version_number()", py_floor)
    info("the bindings' own share of cal.add", py_add - py_raw)
    row("overhead of cal.add over C", py_add - c_add, 1000)
    row("overhead of cal.diff over C", py_diff - c_diff, 1000)
    row("overhead of cal.is_open over C", py_open - c_open, 1000)
    print("\nArray calls through the bindings (ns per element, incl. argument checks):")
    a_add = best(lambda: cal.add_many(ta, da))
    a_add_b = best(lambda: cal.add_many(ta, 900, out=out))
    a_diff = best(lambda: cal.diff_many(ta, tb))
    row("add_many (new output array)", a_add, 1.5 * c_add + 2)
    row("add_many (scalar duration, given output)", a_add_b, 1.5 * c_add + 2)
    row("diff_many (new output array)", a_diff, 1.5 * c_diff + 2)
    try:
        import numpy
    except ImportError:
        print("  (numpy not installed: numpy rows skipped)")
    else:
        nt, nd = numpy.array(ts, dtype=numpy.int64), numpy.array(ds, dtype=numpy.int64)
        row("add_many (numpy int64 in and out)", best(lambda: cal.add_many(nt, nd)),
            1.5 * c_add + 2)
    cal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
