#!/usr/bin/env python3
"""sla-compliance: first-reply SLA compliance per channel, in business time.

Reads a CSV of tickets, one row a ticket, and prints per channel how many got their first
reply within the target, how many breached, how many are still waiting within it, and the
median and 90th percentile first-reply time counted in business hours.
"""

from __future__ import annotations

import argparse
import array
import csv
import io
import json
import math
import os
import sys
from typing import Dict, List, Optional, Sequence, Tuple

# Set when `meson install` installs this tool (examples/sla-compliance/meson.build): where the
# private copy of the Python package and the library are, relative to the installed script.
# In the source tree the placeholders stay as they are and the tree's own package is used.
_INSTALLED_PYTHON_DIR = "@SLA_COMPLIANCE_PYTHON_DIR@"
_INSTALLED_LIBDIR = "@SLA_COMPLIANCE_LIBDIR@"

PROG = "sla-compliance"
#: Bad rows reported before the tool stops reading (as sla-watch does).
MAX_BAD_ROWS = 20

# Column names and their aliases: the same as sla-watch and sla-staff (README, "CSV columns").
COLUMNS = {
    "ticket": ["ticket", "id", "ticket_id", "case", "case_id", "caseid", "issue", "issue_id",
               "number"],
    "channel": ["channel", "via", "source", "medium"],
    "created": ["created", "created_at", "createdat", "creation_time", "opened", "opened_at",
                "arrival", "arrived_at", "arrival_time", "received_at"],
    "first_reply": ["first_reply", "first_reply_at", "first_response", "first_response_at",
                    "replied_at", "answered", "answered_at"],
}
REQUIRED = ("created", "first_reply")

HELP_EPILOG = f"""\
The CSV needs a header row. Columns are found by name (case and the separators ' ', '-',
'.' and '_' do not matter), first match wins:
  created       when the ticket arrived (required); also {', '.join(COLUMNS['created'][1:])}
  first_reply   when the first agent reply went out, empty while unanswered (required);
                also {', '.join(COLUMNS['first_reply'][1:])}
  channel       email, chat, phone, social... (optional; empty or absent: email); also
                {', '.join(COLUMNS['channel'][1:])}
  ticket        the ticket's id, used in messages (optional); also
                {', '.join(COLUMNS['ticket'][1:5])}...
Map any other header with --column NAME=HEADER. Instants are RFC 3339
(2025-06-02T09:01:00+02:00), epoch seconds, or local times (2025-06-02 09:01) read in --tz.

Targets come from the default policy (email 15m and social 1h in business hours, chat
30s and phone 20s in --live-hours, 24/7 by default) unless --target CHANNEL=DURATION sets
one (counted in the calendar the policy gives that channel); other channels get
--default-target in business hours. A ticket still waiting counts as breached once its
business age at --now exceeds the target, and as waiting otherwise.

Every bad row is reported as FILE:LINE: message on stderr (up to {MAX_BAD_ROWS}, then the tool
stops); a row is bad when an instant does not parse, a field holds a NUL byte, or the
first reply is before the ticket was created. A bad row prints no report.

Exit status: 0 report printed; 1 bad input (an option's value, the file, its rows);
2 bad usage (unknown option, malformed argument).

Without a file, a small built-in demo dataset is used.
  {PROG} tickets.csv --tz Europe/Oslo --hours 'Mo-Fr 08:00-16:00; PH off' \\
      --holidays holidays.ics --target email=4h --target chat=2m --format json
"""

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
16,phone,2025-06-02T10:05:00+02:00,2025-06-02T10:05:45+02:00
17,whatsapp,2025-06-02T10:00:00+02:00,2025-06-02T10:20:00+02:00
"""


class Failure(Exception):
    """A one-line message for stderr and the exit status that goes with it."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def _import_libsla():
    """The libsla package and library: the installed private copy, or the source tree's."""
    here = os.path.dirname(os.path.realpath(__file__))
    installed = not _INSTALLED_PYTHON_DIR.startswith("@")
    if installed:
        sys.path.insert(0, os.path.normpath(os.path.join(here, _INSTALLED_PYTHON_DIR)))
    else:
        sys.path.insert(0, os.path.join(here, "..", "..", "bindings", "python", "src"))
    import libsla
    if not (os.environ.get("LIBSLA_PATH") or os.environ.get("LIBSLA_BUILD_DIR")):
        try:
            if installed:
                libsla.load(os.path.normpath(os.path.join(here, _INSTALLED_LIBDIR)))
            else:
                libsla.load(source_tree=True)
        except libsla.LoadError:
            pass  # the usual search (and its message) when the library is used
    return libsla


libsla = _import_libsla()


def norm(name: str) -> str:
    """A header name as compared: lower case, ' ', '-' and '.' as '_'."""
    n = name.strip().lower()
    for c in " -.":
        n = n.replace(c, "_")
    return n


def percentile(sorted_vals: Sequence[int], p: float) -> Optional[int]:
    """Nearest-rank percentile of sorted values."""
    if not sorted_vals:
        return None
    k = max(1, math.ceil(p / 100 * len(sorted_vals)))
    return sorted_vals[k - 1]


def fmt(d: Optional[int]) -> str:
    return "-" if d is None else libsla.format_duration(d)


class UsageParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as the C tools
        raise Failure(f"{message}\nTry '{PROG} --help' for the options.", 2)


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    ap = UsageParser(prog=PROG, description=__doc__.split("\n\n")[1].replace("\n", " "),
                     epilog=HELP_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv", nargs="?", metavar="FILE",
                    help="tickets CSV (default: built-in demo data)")
    ap.add_argument("--tz", default="Europe/Oslo", metavar="ZONE",
                    help="IANA time zone of the team (default Europe/Oslo)")
    ap.add_argument("--hours", default="Mo-Fr 08:00-16:00; PH off", metavar="TEXT",
                    help="business hours, opening-hours text (default 'Mo-Fr 08:00-16:00; PH off')")
    ap.add_argument("--live-hours", default=None, metavar="TEXT",
                    help="hours of the live channels (chat, phone); default 24/7")
    ap.add_argument("--holiday", action="append", default=[], metavar="DATE",
                    help="a closed local date YYYY-MM-DD (repeatable)")
    ap.add_argument("--holidays", "--ics", action="append", default=[], metavar="FILE",
                    dest="holidays", help="an iCalendar (.ics) file of holidays and closures "
                    "(repeatable; --ics is the old name)")
    ap.add_argument("--target", action="append", default=[], metavar="CHANNEL=DURATION",
                    help="first-reply target of a channel, e.g. email=4h (repeatable)")
    ap.add_argument("--default-target", default="1h", metavar="DURATION",
                    help="target of channels the policy does not know (default 1h)")
    ap.add_argument("--now", default=None, metavar="INSTANT",
                    help="instant at which waiting tickets are judged (default: the latest "
                    "instant in the data)")
    ap.add_argument("--column", action="append", default=[], metavar="NAME=HEADER",
                    help="read column NAME (ticket, channel, created, first_reply) from "
                    "HEADER (repeatable)")
    ap.add_argument("--format", choices=("table", "csv", "json"), default="table",
                    help="output: a table (default), CSV (one row per channel) or JSON")
    return ap.parse_args(argv)


def duration_option(opt: str, spec: str, text: str) -> int:
    try:
        d = libsla.parse_duration(text.strip())
    except libsla.SlaError as exc:
        raise Failure(f"{opt} '{spec}': {exc}") from None
    if d < 0:
        raise Failure(f"{opt} '{spec}': the target {libsla.format_duration(d)} is negative; a "
                      f"target is a duration >= 0 such as {libsla.format_duration(-d)}")
    return d


def build_calendars(args: argparse.Namespace):
    try:
        business = libsla.Calendar(args.tz, args.hours, holidays=args.holiday,
                                   ics=list(args.holidays))
    except libsla.SlaError as exc:
        raise Failure(_calendar_message(args, exc)) from None
    live = None
    if args.live_hours:
        try:
            live = libsla.Calendar(args.tz, args.live_hours)
        except libsla.SlaError as exc:
            raise Failure(f"--live-hours: {exc}") from None
    return business, live


def _calendar_message(args: argparse.Namespace, exc: Exception) -> str:
    msg = str(exc)
    if isinstance(exc, libsla.NoZoneError):
        return (f"--tz: unknown time zone '{args.tz}'; use an IANA name such as Europe/Oslo, "
                "America/New_York or UTC")
    if msg.startswith("hours "):
        return "--hours: " + msg.split(": ", 1)[1]
    if msg.startswith("holiday "):
        return "--holiday: " + msg[len("holiday "):]
    if msg.startswith("iCalendar file "):
        return "--holidays: " + msg[len("iCalendar file "):]
    return msg


def find_columns(header: List[str], mapping: Dict[str, str], path: str) -> Dict[str, int]:
    normed = [norm(h) for h in header]
    cols: Dict[str, int] = {}
    for name, header_name in mapping.items():
        try:
            cols[name] = normed.index(norm(header_name))
        except ValueError:
            raise Failure(f"--column {name}={header_name}: {path} has no column "
                          f"'{header_name}' (the header has: {', '.join(header)})", 2) from None
    for name, aliases in COLUMNS.items():
        if name in cols:
            continue
        for alias in aliases:
            if alias in normed:
                cols[name] = normed.index(alias)
                break
    for name in REQUIRED:
        if name not in cols:
            raise Failure(f"{path}: missing column '{name}' (the header has: "
                          f"{', '.join(h.strip() for h in header) or 'nothing'}; map another "
                          f"with --column {name}=HEADER)")
    return cols


def read_rows(text: str, path: str, mapping: Dict[str, str], business):
    """(groups, latest): per channel the created and reply instants of answered tickets
    and the created instants of waiting ones. Every bad row is collected first."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise Failure(f"{path}: empty file (a header row and one row per ticket are needed)")
    cols = find_columns(header, mapping, path)
    groups: Dict[str, Dict[str, list]] = {}
    latest = 0
    bad: List[str] = []
    rows = 0
    for fields in reader:
        line = reader.line_num
        if not fields or all(not f.strip() for f in fields):
            continue
        rows += 1
        try:
            channel, created, reply = _row(fields, cols, header, business)
        except ValueError as exc:
            bad.append(f"{path}:{line}: {exc}")
            if len(bad) >= MAX_BAD_ROWS:
                bad.append(f"{path}: stopped after {MAX_BAD_ROWS} bad rows")
                break
            continue
        g = groups.setdefault(channel, {"created": [], "reply": [], "waiting": []})
        if reply is None:
            g["waiting"].append(created)
        else:
            g["created"].append(created)
            g["reply"].append(reply)
        latest = max(latest, created, reply or 0)
    if bad:
        raise Failure("\n".join(bad))
    if not rows:
        raise Failure(f"{path}: no tickets (only a header)")
    return groups, latest


def _row(fields: List[str], cols: Dict[str, int], header: List[str], business):
    who = ""

    def get(name: str) -> str:
        i = cols.get(name)
        if i is None:
            return ""
        if i >= len(fields):
            raise ValueError(f"{who}{len(fields)} fields, the header has {len(header)} (no "
                             f"column '{header[i].strip()}')")
        v = fields[i]
        if "\0" in v:
            raise ValueError(f"{who}column '{header[i].strip()}' holds a NUL byte")
        return v.strip()

    ticket = get("ticket")
    who = f"ticket '{ticket}': " if ticket else ""
    channel = get("channel").lower() or "email"
    created_text = get("created")
    if not created_text:
        raise ValueError(f"{who}'{header[cols['created']].strip()}' is empty (when was the "
                         "ticket created?)")
    reply_text = get("first_reply")
    created = _instant(business, created_text, header[cols["created"]].strip(), who)
    reply = _instant(business, reply_text, header[cols["first_reply"]].strip(), who) \
        if reply_text else None
    if reply is not None and reply < created:
        raise ValueError(f"{who}first reply {business.format_instant(reply)} is before the "
                         f"ticket was created ({business.format_instant(created)})")
    return channel, created, reply


def _instant(business, text: str, column: str, who: str) -> int:
    try:
        return business.parse_instant(text)
    except libsla.SlaError as exc:
        raise ValueError(f"{who}{column}: {exc}") from None


def compliance(args: argparse.Namespace) -> Tuple[dict, List[dict]]:
    business, live = build_calendars(args)
    policy = libsla.Policy.default(business, live)
    overrides: Dict[str, int] = {}
    for spec in args.target:
        ch, sep, dur = spec.partition("=")
        if not sep or not ch.strip():
            raise Failure(f"--target '{spec}': expected CHANNEL=DURATION, e.g. email=4h", 2)
        overrides[ch.strip().lower()] = duration_option("--target", spec, dur)
    default_target = duration_option("--default-target", args.default_target,
                                     args.default_target)
    mapping: Dict[str, str] = {}
    for spec in args.column:
        name, sep, header = spec.partition("=")
        name = norm(name)
        if not sep or not header.strip():
            raise Failure(f"--column '{spec}': expected NAME=HEADER, e.g. created=opened_at", 2)
        if name not in COLUMNS:
            raise Failure(f"--column '{spec}': unknown column '{name}' (one of "
                          f"{', '.join(COLUMNS)})", 2)
        mapping[name] = header

    if args.csv:
        path = args.csv
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as exc:
            raise Failure(f"cannot read '{path}': {exc.strerror or exc}") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            raise Failure(f"{path}:{line}: not UTF-8 text (byte {exc.start})") from None
    else:
        path, text = "demo", DEMO
    groups, latest = read_rows(text, path, mapping, business)
    if args.now:
        try:
            now = business.parse_instant(args.now)
        except libsla.SlaError as exc:
            raise Failure(f"--now: {exc}") from None
    else:
        now = latest

    utc = libsla.Calendar("UTC")  # 24/7
    out = []
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
        cal = cal or utc
        waits = sorted(cal.diff_many(array.array("q", g["created"]),
                                     array.array("q", g["reply"])))
        met = sum(1 for w in waits if w <= target)
        late_waiting = 0
        if g["waiting"]:
            try:
                ages = cal.diff_many(array.array("q", g["waiting"]), now)
            except libsla.SlaError as exc:
                raise Failure(f"--now: {exc}") from None
            late_waiting = sum(1 for a in ages if a > target)
        judged = len(waits) + late_waiting
        out.append({
            "channel": ch,
            "target": target,
            "calendar": "24/7" if cal is utc else ("live" if cal is live else "business"),
            "tickets": len(waits) + len(g["waiting"]),
            "met": met,
            "breached": len(waits) - met + late_waiting,
            "waiting": len(g["waiting"]) - late_waiting,
            "met_percent": round(100 * met / judged, 1) if judged else None,
            "median": percentile(waits, 50),
            "p90": percentile(waits, 90),
        })
    meta = {"zone": args.tz, "hours": args.hours, "live_hours": args.live_hours or "24/7",
            "judged_at": business.format_instant(now), "judged_at_epoch": now}
    return meta, out


def print_table(meta: dict, rows: List[dict]) -> None:
    print(f"First-reply compliance, business hours '{meta['hours']}' in {meta['zone']}"
          + (f", live channels '{meta['live_hours']}'" if meta["live_hours"] != "24/7" else "")
          + "\n")
    head = ["CHANNEL", "TARGET", "HOURS", "TICKETS", "MET", "BREACHED", "WAITING", "MET %",
            "MEDIAN", "P90"]
    body = [[r["channel"], fmt(r["target"]), r["calendar"], str(r["tickets"]), str(r["met"]),
             str(r["breached"]), str(r["waiting"]),
             "-" if r["met_percent"] is None else f"{r['met_percent']:.1f}",
             fmt(r["median"]), fmt(r["p90"])] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(head, *body)]
    line = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w)  # noqa: E731
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(head))
    for b in body:
        print(line(b))
    print(f"\njudged at {meta['judged_at']}; WAITING = unanswered and still within target; "
          "BREACHED includes unanswered tickets past it")


def print_csv(meta: dict, rows: List[dict]) -> None:
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["channel", "target_seconds", "target", "calendar", "tickets", "met", "breached",
                "waiting", "met_percent", "median_seconds", "median", "p90_seconds", "p90",
                "judged_at", "judged_at_epoch"])
    for r in rows:
        w.writerow([r["channel"], r["target"], fmt(r["target"]), r["calendar"], r["tickets"],
                    r["met"], r["breached"], r["waiting"],
                    "" if r["met_percent"] is None else r["met_percent"],
                    "" if r["median"] is None else r["median"], fmt(r["median"]),
                    "" if r["p90"] is None else r["p90"], fmt(r["p90"]),
                    meta["judged_at"], meta["judged_at_epoch"]])


def main(argv: Optional[List[str]] = None) -> int:
    try:
        args = parse_args(argv)
        meta, rows = compliance(args)
    except Failure as exc:
        print("\n".join(f"{PROG}: {m}" if not m.startswith("Try ") else m
                        for m in str(exc).split("\n")), file=sys.stderr)
        return exc.status
    except libsla.LoadError as exc:
        print(f"{PROG}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    try:
        if args.format == "json":
            json.dump({**meta, "channels": rows}, sys.stdout, indent=2)
            print()
        elif args.format == "csv":
            print_csv(meta, rows)
        else:
            print_table(meta, rows)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (| head): not an error of this tool
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
