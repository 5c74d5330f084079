#!/usr/bin/env python3
"""First-reply SLA compliance per channel, in business time.

Reads a CSV of tickets with the columns ticket,channel,created,first_reply
(instants as RFC 3339, epoch seconds, or local times read in --tz; an empty
first_reply means not yet answered) and prints, per channel, how many
tickets got their first reply within the target, and the median and 90th
percentile first-reply time counted in business hours.

Targets come from the market-leading default policy (email 15m, chat 30s,
phone 20s, social 1h; email and social in business hours, chat and phone
24/7) unless --target CHANNEL=DURATION overrides them. A ticket still
waiting counts as breached once its business age at --now exceeds the
target, and is left out otherwise.

Without a file, a small built-in demo dataset is used.

    sla-compliance.py tickets.csv --tz Europe/Oslo --hours "Mo-Fr 08:00-16:00; PH off" \\
        --holiday 2025-12-25 --target email=4h --target chat=2m
"""

from __future__ import annotations

import argparse
import array
import csv
import io
import math
import os
import sys
from typing import Dict, List, Optional

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "bindings", "python", "src"))

import libsla  # noqa: E402

DEMO = """ticket,channel,created,first_reply
1,email,2025-06-02T09:01:00+02:00,2025-06-02T09:09:00+02:00
2,email,2025-06-02T15:52:00+02:00,2025-06-03T08:04:00+02:00
3,email,2025-06-02T15:58:00+02:00,2025-06-03T09:30:00+02:00
4,email,2025-06-03 10:15,2025-06-03 10:31
5,email,2025-06-06T15:55:00+02:00,2025-06-09T08:05:00+02:00
6,email,2025-06-07T11:00:00+02:00,2025-06-09T08:20:00+02:00
7,email,2025-06-04T12:00:00+02:00,
8,chat,2025-06-02T09:00:00+02:00,2025-06-02T09:00:20+02:00
9,chat,2025-06-02T13:10:00+02:00,2025-06-02T13:11:10+02:00
10,chat,2025-06-03T22:45:00+02:00,2025-06-03T22:45:25+02:00
11,chat,2025-06-04T08:30:00+02:00,2025-06-04T08:30:05+02:00
12,social,2025-06-02T17:30:00+02:00,2025-06-03T08:40:00+02:00
13,social,2025-06-03T09:00:00+02:00,2025-06-03T11:30:00+02:00
14,social,2025-06-05T14:00:00+02:00,2025-06-05T14:45:00+02:00
15,phone,2025-06-02T10:00:00+02:00,2025-06-02T10:00:12+02:00
16,phone,2025-06-02T10:05:00+02:00,2025-06-02T10:00:45+02:00
17,whatsapp,2025-06-02T10:00:00+02:00,2025-06-02T10:20:00+02:00
"""


def percentile(sorted_vals: List[int], p: float) -> Optional[int]:
    """Nearest-rank percentile of sorted values."""
    if not sorted_vals:
        return None
    k = max(1, math.ceil(p / 100 * len(sorted_vals)))
    return sorted_vals[k - 1]


def fmt(d: Optional[int]) -> str:
    return "-" if d is None else libsla.format_duration(d)


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="?", help="tickets CSV (default: built-in demo data)")
    ap.add_argument("--tz", default="Europe/Oslo", help="IANA time zone of the team")
    ap.add_argument("--hours", default="Mo-Fr 08:00-16:00; PH off",
                    help="business hours (opening-hours text)")
    ap.add_argument("--live-hours", default=None,
                    help="hours of the live channels (chat, phone); default 24/7")
    ap.add_argument("--holiday", action="append", default=[], metavar="YYYY-MM-DD")
    ap.add_argument("--ics", action="append", default=[], metavar="FILE",
                    help="iCalendar holiday feed")
    ap.add_argument("--target", action="append", default=[], metavar="CHANNEL=DURATION",
                    help="first-reply target of a channel, counted in business hours")
    ap.add_argument("--default-target", default="1h",
                    help="target of channels the policy does not know (business hours)")
    ap.add_argument("--now", default=None,
                    help="instant at which waiting tickets are judged (default: latest in data)")
    args = ap.parse_args(argv)

    business = libsla.Calendar(args.tz, args.hours, holidays=args.holiday, ics=args.ics)
    live = libsla.Calendar(args.tz, args.live_hours) if args.live_hours else None
    policy = libsla.Policy.default(business, live)
    overrides: Dict[str, int] = {}
    for spec in args.target:
        ch, sep, dur = spec.partition("=")
        if not sep:
            ap.error(f"--target {spec!r}: expected CHANNEL=DURATION")
        overrides[ch.strip().lower()] = libsla.parse_duration(dur.strip())
    default_target = libsla.parse_duration(args.default_target)

    text = open(args.csv, newline="", encoding="utf-8").read() if args.csv else DEMO
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        print("no tickets", file=sys.stderr)
        return 1

    # Group instants per channel into int64 arrays for one C call each.
    groups: Dict[str, Dict[str, list]] = {}
    latest = 0
    for lineno, r in enumerate(rows, start=2):
        try:
            created = business.parse_instant(r["created"].strip())
            fr = (r.get("first_reply") or "").strip()
            reply = business.parse_instant(fr) if fr else None
        except (libsla.SlaError, KeyError) as exc:
            print(f"line {lineno}: {exc}", file=sys.stderr)
            return 1
        g = groups.setdefault(r["channel"].strip().lower(),
                              {"created": [], "reply": [], "waiting": []})
        if reply is None:
            g["waiting"].append(created)
        else:
            g["created"].append(created)
            g["reply"].append(max(reply, created))  # a reply logged early counts as instant
        latest = max(latest, created, reply or 0)
    now = business.parse_instant(args.now) if args.now else latest

    print(f"First-reply compliance, business hours '{args.hours}' in {args.tz}"
          + (f", live channels '{args.live_hours}'" if args.live_hours else "") + "\n")
    head = f"{'channel':<10} {'target':>7} {'hours':>9} {'tickets':>7} {'met':>5} " \
           f"{'breached':>8} {'waiting':>7} {'met %':>6} {'median':>8} {'p90':>8}"
    print(head)
    print("-" * len(head))
    for ch in sorted(groups):
        g = groups[ch]
        try:
            target, cal = policy.lookup("first_reply", ch, "normal")
        except libsla.InvalidError:  # a channel the policy does not know
            target, cal = None, business
        if ch in overrides:
            target = overrides[ch]  # counted in the calendar the policy gives the channel
        if target is None:
            target, cal = default_target, business
        cal = cal or libsla.Calendar("UTC")  # 24/7
        waits = cal.diff_many(array.array("q", g["created"]), array.array("q", g["reply"]))
        waits = sorted(waits)
        met = sum(1 for w in waits if w <= target)
        breached = len(waits) - met
        late_waiting = 0
        if g["waiting"]:
            ages = cal.diff_many(array.array("q", g["waiting"]), now)
            late_waiting = sum(1 for a in ages if a > target)
        judged = len(waits) + late_waiting
        share = f"{100 * met / judged:5.1f}" if judged else "    -"
        hours = "24/7" if cal is not business else "business"
        print(f"{ch:<10} {fmt(target):>7} {hours:>9} {len(waits) + len(g['waiting']):>7} "
              f"{met:>5} {breached + late_waiting:>8} {len(g['waiting']) - late_waiting:>7} "
              f"{share:>6} {fmt(percentile(waits, 50)):>8} {fmt(percentile(waits, 90)):>8}")
    print(f"\njudged at {business.format_instant(now)}; 'waiting' = unanswered, within target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
