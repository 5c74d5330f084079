"""Hostile arguments at every public function: an embedded NUL in any text, and any
instant or duration outside int64 or the supported range, are refused with an error
naming the argument; never truncated at the NUL, never wrapped by ctypes.

The table below has a row for every public function or method that takes text, an
instant or a duration; test_every_public_function_has_a_row checks that it stays so.
A new wrapper gets its rows here.
"""

import dataclasses
import datetime as dt
import inspect
import os
import tempfile
import unittest

import libsla
from libsla import (Calendar, CalendarBuilder, IcsOptions, Policy, predict, read_ics)
from libsla import calendar as _calendar, ics as _ics, policy as _policy, text as _text

from .support import utc

VALID = utc(2025, 4, 14, 9, 0)        # a Monday in the supported range
TIME_MAX = libsla.TIME_MAX
OSLO = "Europe/Oslo"

# Instants that must raise RangeError: the first three would wrap in ctypes (to VALID, to
# a negative number, to a large positive one); the others are int64 but outside the range.
BAD_INSTANTS = [2**64 + VALID, 2**63, -(2**63) - 1, 2**200, -1, TIME_MAX + 1,
                dt.datetime(9999, 1, 1, tzinfo=dt.timezone.utc)]
# Durations that must raise RangeError (2**64 + 60 wraps to one minute).
BAD_DURATIONS = [2**64 + 60, 2**63, -(2**63) - 1, 2**100, TIME_MAX + 1,
                 dt.timedelta(days=999999999)]
# Text with a NUL: what follows the NUL would be lost in a C string.
NUL_SUFFIX = "\x00tail"


def _oslo():
    return Calendar(OSLO, "Mo-Fr 08:00-16:00")


def _policy_obj():
    return Policy.default(_oslo())


def _ticket():
    return _policy_obj().ticket(VALID, "email", "normal")


def _saved():
    """(old policy, saved bytes, new policy) for rebase_saved; the new policy is the
    same policy (rebase needs the same channels)."""
    pol = _policy_obj()
    return pol, pol.ticket(VALID).save(), pol


def _builder():
    return CalendarBuilder(OSLO).set_hours("Mo-Fr 08:00-16:00")


def _roster():
    r = predict.Roster(OSLO)
    r.add_shift("email", "Mo-Fr 08:00-16:00", 2)
    r.set_handle_time("email", 600, 300)
    return r


def _forecast():
    return _roster().forecast(VALID, channel="email", priority="normal", arrival=[VALID],
                              deadline=VALID + 900)


def _exists(name):
    """Whether a row's function is in this version of the package (rows may be written
    for a function another branch adds)."""
    for root in (libsla, _policy, _text, _ics, _calendar):
        obj = root
        for part in name.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                break
        else:
            return True
    return False


# ---- rows: (public name, function of the bad value) --------------------------------

# Text arguments: each gets "<valid text>\0tail" and must raise InvalidError (or, for the
# length-aware iCalendar calls, the library's own error) saying NUL.
TEXT_ROWS = [
    ("Calendar", lambda s: Calendar("Europe/Oslo" + s)),                 # zone
    ("Calendar", lambda s: Calendar(OSLO, "Mo-Fr 08:00-16:00" + s)),     # hours
    ("Calendar", lambda s: Calendar(OSLO, tzdir="/usr/share/zoneinfo" + s)),
    ("Calendar", lambda s: Calendar(OSLO, holidays=["2025-12-25" + s])),
    ("Calendar", lambda s: Calendar(OSLO, closures=[("2025-12-24 12:00" + s, VALID)])),
    ("Calendar", lambda s: Calendar(OSLO, ics=["/nonexistent/h.ics" + s])),
    ("CalendarBuilder", lambda s: CalendarBuilder("UTC" + s)),
    ("CalendarBuilder.set_hours", lambda s: _builder().set_hours("24/7" + s)),
    ("CalendarBuilder.add_holiday", lambda s: _builder().add_holiday("2025-12-25" + s)),
    ("CalendarBuilder.add_closure", lambda s: _builder().add_closure("2025-12-24 12:00" + s,
                                                                     "2025-12-24 16:00")),
    ("CalendarBuilder.add_opening", lambda s: _builder().add_opening("2025-12-24 12:00",
                                                                     "2025-12-24 16:00" + s)),
    ("CalendarBuilder.add_ics", lambda s: _builder().add_ics(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + s + "\r\nEND:VCALENDAR\r\n")),
    ("CalendarBuilder.add_ics_file", lambda s: _builder().add_ics_file("/tmp/h.ics" + s)),
    ("Calendar.parse_instant", lambda s: _oslo().parse_instant("2025-04-14 09:00" + s)),
    ("Calendar.format_instant", lambda s: _oslo().format_instant("2025-04-14 09:00" + s)),
    ("Calendar.utc_offset", lambda s: _oslo().utc_offset("2025-04-14 09:00" + s)),
    ("Calendar.is_open", lambda s: _oslo().is_open("2025-04-14 09:00" + s)),
    ("Calendar.is_holiday", lambda s: _oslo().is_holiday("2025-04-14 09:00" + s)),
    ("Calendar.add", lambda s: _oslo().add("2025-04-14 09:00" + s, 60)),
    ("Calendar.add", lambda s: _oslo().add(VALID, "1" + s)),           # '1\0h' is not 1 s
    ("Calendar.sub", lambda s: _oslo().sub("2025-04-14 09:00" + s, 60)),
    ("Calendar.sub", lambda s: _oslo().sub(VALID, "1" + s)),
    ("Calendar.diff", lambda s: _oslo().diff("2025-04-14 09:00" + s, VALID)),
    ("Calendar.diff", lambda s: _oslo().diff(VALID, "2025-04-14 09:00" + s)),
    ("Calendar.next_open", lambda s: _oslo().next_open("2025-04-14 09:00" + s)),
    ("Calendar.next_close", lambda s: _oslo().next_close("2025-04-14 09:00" + s)),
    ("Calendar.add_many", lambda s: _oslo().add_many([VALID], "1" + s)),
    ("Calendar.sub_many", lambda s: _oslo().sub_many([VALID], "1" + s)),
    ("Calendar.diff_many", lambda s: _oslo().diff_many([VALID], "2025-04-14 09:00" + s)),
    ("Calendar.prev_open", lambda s: _oslo().prev_open("2025-04-14 09:00" + s)),
    ("Calendar.prev_close", lambda s: _oslo().prev_close("2025-04-14 09:00" + s)),
    ("Calendar.add_days", lambda s: _oslo().add_days("2025-04-14 09:00" + s, 1)),
    ("Calendar.sub_days", lambda s: _oslo().sub_days("2025-04-14 09:00" + s, 1)),
    ("Calendar.count_days", lambda s: _oslo().count_days("2025-04-14 09:00" + s, VALID)),
    ("Calendar.add", lambda s: _oslo().add(VALID, "1" + s + "bd")),
    ("parse_duration_unit", lambda s: libsla.parse_duration_unit("3" + s + "bd")),
    ("parse_instant", lambda s: libsla.parse_instant("2025-04-16T15:00:00Z" + s)),
    ("parse_duration", lambda s: libsla.parse_duration("1" + s)),
    ("read_ics", lambda s: read_ics("/nonexistent/h.ics" + s, OSLO)),
    ("read_ics", lambda s: read_ics(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", OSLO + s)),
    ("read_ics", lambda s: read_ics(("BEGIN:VCALENDAR\r\n" + s + "\r\nEND:VCALENDAR\r\n")
                                    .encode(), OSLO)),
    ("IcsOptions", lambda s: IcsOptions(keep_categories=["holiday" + s])),
    ("IcsOptions", lambda s: IcsOptions(drop_categories=["holiday" + s])),
    ("IcsOptions", lambda s: IcsOptions(keep_summaries=["party" + s])),
    ("IcsOptions", lambda s: IcsOptions(drop_summaries=["party" + s])),
    ("Policy", lambda s: Policy("first_reply chat * 1" + s + "h")),
    ("Policy", lambda s: Policy("first_reply email * 15m calendar=b",
                                calendars={"b" + s: _oslo()})),
    ("Policy.parse", lambda s: Policy().parse("first_reply email * 15m" + s + "\n"
                                              "first_reply chat * 1h")),
    ("Policy.add_channel", lambda s: Policy().add_channel("wa" + s)),
    ("Policy.channel", lambda s: Policy().channel("email" + s)),
    ("Policy.add_calendar", lambda s: Policy().add_calendar("business" + s, _oslo())),
    ("Policy.add_target", lambda s: Policy().add_target("first_reply" + s, 60)),
    ("Policy.add_target", lambda s: Policy().add_target("first_reply", "1" + s)),
    ("Policy.add_target", lambda s: Policy().add_target("first_reply", 60, channel="email" + s)),
    ("Policy.add_target", lambda s: Policy().add_target("first_reply", 60, priority="high" + s)),
    ("Policy.add_target", lambda s: Policy().add_target("first_reply", 60, pause=["pending" + s])),
    ("Policy.lookup", lambda s: _policy_obj().lookup("first_reply", "email" + s, "normal")),
    ("Policy.ticket", lambda s: _policy_obj().ticket("2025-04-14T09:00:00Z" + s)),
    ("Policy.ticket", lambda s: _policy_obj().ticket(VALID, "email" + s)),
    ("Policy.ticket", lambda s: _policy_obj().ticket(VALID, "email", "normal" + s)),
    ("Ticket", lambda s: libsla.Ticket(_policy_obj(), "2025-04-14T09:00:00Z" + s)),
    ("Ticket.apply", lambda s: _ticket().apply("2025-04-14T10:00:00Z" + s, libsla.Event.NOTE)),
    ("Ticket.customer_message", lambda s: _ticket().customer_message("2025-04-14T10:00:00Z" + s)),
    ("Ticket.customer_message", lambda s: _ticket().customer_message(VALID + 60, "chat" + s)),
    ("Ticket.reply", lambda s: _ticket().reply("2025-04-14T10:00:00Z" + s)),
    ("Ticket.agent_reply", lambda s: _ticket().agent_reply("2025-04-14T10:00:00Z" + s)),
    ("Ticket.note", lambda s: _ticket().note("2025-04-14T10:00:00Z" + s)),
    ("Ticket.set_status", lambda s: _ticket().set_status(VALID + 60, "pending" + s)),
    ("Ticket.set_status", lambda s: _ticket().set_status("2025-04-14T10:00:00Z" + s, "open")),
    ("Ticket.set_priority", lambda s: _ticket().set_priority(VALID + 60, "high" + s)),
    ("Ticket.set_channel", lambda s: _ticket().set_channel(VALID + 60, "chat" + s)),
    ("Ticket.status", lambda s: _ticket().status("2025-04-14T10:00:00Z" + s)),
    ("Ticket.status", lambda s: _ticket().status(VALID + 60, tz="Europe/Oslo" + s)),
    ("Ticket.timeline", lambda s: _ticket().timeline("2025-04-14T10:00:00Z" + s, "first_reply")),
    ("Ticket.timeline", lambda s: _ticket().timeline(VALID + 60, "first_reply" + s)),
    ("Ticket.next_change", lambda s: _ticket().next_change("2025-04-14T10:00:00Z" + s)),
    ("Ticket.crossings", lambda s: _ticket().crossings(VALID, "2025-04-14T10:00:00Z" + s)),
    ("Ticket.rebase", lambda s: _ticket().rebase(_policy_obj(), "2025-04-14T10:00:00Z" + s)),
    ("Ticket.rebase_saved", lambda s: libsla.Ticket.rebase_saved(
        *_saved(), "2025-04-14T10:00:00Z" + s)),
    ("name_lookup", lambda s: _policy.name_lookup("status", "pending" + s)),
    ("Report", lambda s: _ticket().status(VALID + 60)["first_reply" + s]),
    ("predict.erlang_c_agents", lambda s: predict.erlang_c_agents(0.05, "3m" + s, 20, 0.8)),
    ("predict.erlang_c_service_level",
     lambda s: predict.erlang_c_service_level(0.05, 180, 14, "20s" + s)),
    ("predict.erlang_a_wait", lambda s: predict.erlang_a_wait(0.05, 180, "1m" + s, 10)),
    ("predict.staffing_table", lambda s: predict.staffing_table([1.0], "30m" + s, 180, 20, 0.8)),
    ("predict.coverage_gap",
     lambda s: predict.coverage_gap(_oslo(), "2025-04-14 09:00" + s, [1.0] * 336)),
    ("predict.scan", lambda s: predict.scan(_oslo(), "2025-04-14 09:00" + s, [VALID])),
    ("predict.erlang_a_agents", lambda s: predict.erlang_a_agents(0.05, "3m" + s, 60, 20, 0.8)),
    ("predict.Roster", lambda s: predict.Roster("Europe/Oslo" + s)),
    ("predict.Roster.add_shift", lambda s: _roster().add_shift("email", "Mo-Fr 08:00-16:00" + s,
                                                               1)),
    ("predict.Roster.add_holiday", lambda s: _roster().add_holiday("2025-12-25" + s)),
    ("predict.Roster.set_handle_time", lambda s: _roster().set_handle_time("email", "10m" + s)),
    ("predict.Roster.set_arrivals",
     lambda s: _roster().set_arrivals("email", [1.0] * 168, "normal", "15m" + s)),
    ("predict.Roster.set_arrivals",
     lambda s: _roster().set_arrivals("email", [1.0] * 168, "normal" + s)),
    ("predict.Roster.forecast", lambda s: _roster().forecast(
        VALID, channel="email", priority="normal" + s, arrival=[VALID], deadline=VALID + 900)),
    ("predict.Roster.advise", lambda s: _roster().advise(
        VALID, channel="email", priority="normal" + s, arrival=[VALID], deadline=VALID + 900)),
    ("predict.Roster.promise", lambda s: _roster().promise(
        VALID, VALID + 900, new_priority="normal" + s)),
]

# Instant arguments: each gets every value of BAD_INSTANTS and must raise RangeError.
INSTANT_ROWS = [
    ("Calendar", lambda t: Calendar(OSLO, closures=[(VALID, t)])),
    ("Calendar", lambda t: Calendar(OSLO, openings=[(t, VALID)])),
    ("CalendarBuilder.add_closure", lambda t: _builder().add_closure(VALID, t)),
    ("CalendarBuilder.add_opening", lambda t: _builder().add_opening(t, VALID)),
    ("Calendar.datetime", lambda t: _oslo().datetime(t)),
    ("Calendar.format_instant", lambda t: _oslo().format_instant(t)),
    ("Calendar.utc_offset", lambda t: _oslo().utc_offset(t)),
    ("Calendar.is_open", lambda t: _oslo().is_open(t)),
    ("Calendar.is_holiday", lambda t: _oslo().is_holiday(t)),
    ("Calendar.add", lambda t: _oslo().add(t, 3600)),
    ("Calendar.sub", lambda t: _oslo().sub(t, 3600)),
    ("Calendar.diff", lambda t: _oslo().diff(t, VALID)),
    ("Calendar.diff", lambda t: _oslo().diff(VALID, t)),
    ("Calendar.next_open", lambda t: _oslo().next_open(t)),
    ("Calendar.next_close", lambda t: _oslo().next_close(t)),
    ("Calendar.is_open_many", lambda t: _oslo().is_open_many([VALID, t])),
    ("Calendar.add_many", lambda t: _oslo().add_many([VALID, t], 60)),
    ("Calendar.sub_many", lambda t: _oslo().sub_many([VALID, t], 60)),
    ("Calendar.diff_many", lambda t: _oslo().diff_many([VALID, t], VALID)),
    ("Calendar.diff_many", lambda t: _oslo().diff_many([VALID], t)),
    ("Calendar.next_open_many", lambda t: _oslo().next_open_many([VALID, t])),
    ("Calendar.next_close_many", lambda t: _oslo().next_close_many([VALID, t])),
    ("Calendar.prev_open", lambda t: _oslo().prev_open(t)),
    ("Calendar.prev_close", lambda t: _oslo().prev_close(t)),
    ("Calendar.prev_open_many", lambda t: _oslo().prev_open_many([VALID, t])),
    ("Calendar.prev_close_many", lambda t: _oslo().prev_close_many([VALID, t])),
    ("Calendar.add_days", lambda t: _oslo().add_days(t, 1)),
    ("Calendar.sub_days", lambda t: _oslo().sub_days(t, 1)),
    ("Calendar.count_days", lambda t: _oslo().count_days(VALID, t)),
    ("format_instant", lambda t: libsla.format_instant(t)),
    ("Policy.ticket", lambda t: _policy_obj().ticket(t)),
    ("Ticket", lambda t: libsla.Ticket(_policy_obj(), t)),
    ("Ticket.apply", lambda t: _ticket().apply(t, libsla.Event.NOTE)),
    ("Ticket.customer_message", lambda t: _ticket().customer_message(t)),
    ("Ticket.reply", lambda t: _ticket().reply(t)),
    ("Ticket.agent_reply", lambda t: _ticket().agent_reply(t)),
    ("Ticket.note", lambda t: _ticket().note(t)),
    ("Ticket.set_status", lambda t: _ticket().set_status(t, "pending")),
    ("Ticket.set_priority", lambda t: _ticket().set_priority(t, "high")),
    ("Ticket.set_channel", lambda t: _ticket().set_channel(t, "chat")),
    ("Ticket.status", lambda t: _ticket().status(t)),
    ("Ticket.timeline", lambda t: _ticket().timeline(t, "first_reply")),
    ("Ticket.next_change", lambda t: _ticket().next_change(t)),
    ("Ticket.crossings", lambda t: _ticket().crossings(VALID, t)),
    ("Ticket.crossings", lambda t: _ticket().crossings(t, VALID + 60)),
    ("Ticket.rebase", lambda t: _ticket().rebase(_policy_obj(), t)),
    ("Ticket.rebase_saved", lambda t: libsla.Ticket.rebase_saved(*_saved(), t)),
    ("predict.coverage_gap", lambda t: predict.coverage_gap(_oslo(), t, [1.0] * 336)),
    ("predict.scan", lambda t: predict.scan(_oslo(), t, [VALID])),
    ("predict.scan", lambda t: predict.scan(_oslo(), VALID, [VALID, t])),
    ("predict.Roster.forecast", lambda t: _roster().forecast(
        t, channel="email", priority="normal", arrival=[VALID], deadline=VALID + 900)),
    ("predict.Roster.forecast", lambda t: _roster().forecast(
        VALID, channel="email", priority="normal", arrival=[VALID], deadline=t)),
    ("predict.Roster.forecast", lambda t: _roster().forecast(
        VALID, channel="email", priority="normal", arrival=[t], deadline=VALID + 900)),
    ("predict.Roster.advise", lambda t: _roster().advise(
        t, channel="email", priority="normal", arrival=[VALID], deadline=VALID + 900)),
    ("predict.Roster.advise", lambda t: _roster().advise(
        VALID, channel="email", priority="normal", arrival=[VALID], deadline=t)),
    ("predict.Forecast.promise_for", lambda t: _forecast().promise_for(t)),
    ("predict.Roster.promise", lambda t: _roster().promise(t, VALID + 900)),
    ("predict.Roster.promise", lambda t: _roster().promise(VALID, t)),
]

# Duration arguments: each gets every value of BAD_DURATIONS and must raise RangeError.
DURATION_ROWS = [
    ("Calendar.add", lambda d: _oslo().add(VALID, d)),
    ("Calendar.sub", lambda d: _oslo().sub(VALID, d)),
    ("Calendar.add_many", lambda d: _oslo().add_many([VALID], d)),
    ("Calendar.add_many", lambda d: _oslo().add_many([VALID], [d])),
    ("Calendar.sub_many", lambda d: _oslo().sub_many([VALID], d)),
    ("format_duration", lambda d: libsla.format_duration(d)),
    ("Policy.add_target", lambda d: Policy().add_target("first_reply", d)),
    ("predict.staffing_table", lambda d: predict.staffing_table([1.0], d, 180, 20, 0.8)),
    ("predict.coverage_gap", lambda d: predict.coverage_gap(_oslo(), VALID, [1.0], d)),
    ("predict.scan", lambda d: predict.scan(_oslo(), VALID, [VALID], counting=[0],
                                            remaining=d)),
    ("predict.scan", lambda d: predict.scan(_oslo(), VALID, [VALID], target=d, warn_at=0.5)),
    ("predict.Roster.set_arrivals", lambda d: _roster().set_arrivals("email", [1.0] * 168,
                                                                     "normal", d)),
    ("predict.Forecast.promise_for", lambda d: _forecast().promise_for(VALID + 900, step=d)),
]

# Plain C ints (years, counts, enum numbers): ctypes would wrap them too.
INT_ROWS = [
    ("Calendar", lambda i: Calendar(OSLO, holidays=[(i, 12, 25)])),
    ("CalendarBuilder.add_holiday", lambda i: _builder().add_holiday((i + 2025, 12, 25))),
    ("CalendarBuilder.local_time", lambda i: _builder().local_time(i + 2025, 1, 1)),
    ("Calendar.local_time", lambda i: _oslo().local_time(i + 2025, 1, 1)),
    ("Calendar.add_days", lambda i: _oslo().add_days(VALID, i * 2**32)),   # beyond int64
    ("Calendar.sub_days", lambda i: _oslo().sub_days(VALID, i * 2**32)),
    ("IcsOptions", lambda i: IcsOptions(window=(i + 2025, 2026))),
    ("Policy.channel", lambda i: Policy().channel(i)),
    ("Policy.channel_name", lambda i: Policy().channel_name(i)),
    ("Policy.add_target", lambda i: Policy().add_target(i, 60)),
    ("Policy.add_target", lambda i: Policy().add_target("first_reply", 60, warn=[i + 50])),
    ("Policy.lookup", lambda i: _policy_obj().lookup(i, "email", "normal")),
    ("Ticket.apply", lambda i: _ticket().apply(VALID + 60, i + libsla.Event.NOTE)),
    ("Ticket.set_status", lambda i: _ticket().set_status(VALID + 60, i + 2)),
    ("Ticket.timeline", lambda i: _ticket().timeline(VALID + 60, i)),
    ("metric_name", lambda i: _policy.metric_name(i)),
    ("ticket_status_name", lambda i: _policy.ticket_status_name(i)),
    ("priority_name", lambda i: _policy.priority_name(i)),
    ("clock_state_name", lambda i: _policy.clock_state_name(i)),
    ("predict.erlang_b", lambda i: predict.erlang_b(0.05, 180, i + 10)),
    ("predict.erlang_c", lambda i: predict.erlang_c(0.05, 180, i + 14)),
    ("predict.erlang_c_asa", lambda i: predict.erlang_c_asa(0.05, 180, i + 14)),
    ("predict.erlang_c_occupancy", lambda i: predict.erlang_c_occupancy(0.05, 180, i + 14)),
    ("predict.erlang_c_service_level",
     lambda i: predict.erlang_c_service_level(0.05, 180, i + 14, 20)),
    ("predict.erlang_c_stats", lambda i: predict.erlang_c_stats(0.05, 180, i + 14, 20)),
    ("predict.erlang_a_wait", lambda i: predict.erlang_a_wait(0.05, 180, 60, i + 10)),
    ("predict.erlang_a_abandon", lambda i: predict.erlang_a_abandon(0.05, 180, 60, i + 10)),
    ("predict.erlang_a_asa", lambda i: predict.erlang_a_asa(0.05, 180, 60, i + 10)),
    ("predict.erlang_a_occupancy", lambda i: predict.erlang_a_occupancy(0.05, 180, 60, i + 10)),
    ("predict.erlang_a_service_level",
     lambda i: predict.erlang_a_service_level(0.05, 180, 60, i + 10, 20)),
    ("predict.erlang_a_stats", lambda i: predict.erlang_a_stats(0.05, 180, 60, i + 10, 20)),
    ("predict.Forecast.promise_for", lambda i: _forecast().promise_for(VALID + 900, channel=i)),
    ("predict.scan", lambda i: predict.scan(_oslo(), VALID, [VALID], cal_index=[i])),
    ("predict.Roster.add_shift", lambda i: _roster().add_shift("email", "Mo-Fr 08:00-16:00",
                                                               i + 1)),
    ("predict.Roster.add_shift", lambda i: _roster().add_shift(i, "Mo-Fr 08:00-16:00", 1)),
    ("predict.Roster.set_handle_model", lambda i: _roster().set_handle_model("email", i)),
    ("predict.Roster.forecast", lambda i: _roster().forecast(
        VALID, channel="email", priority="normal", arrival=[VALID], deadline=VALID + 900,
        samples=i + 10)),
]
# i + small is still out of a C int for every one of these (2**32 wraps to 0).
BAD_INTS = [2**32, 2**64, -(2**32)]


class HostileInputTest(unittest.TestCase):
    def _run(self, rows, values, expected):
        for name, call in rows:
            if not _exists(name):
                continue
            for v in values:
                with self.subTest(function=name, value=v):
                    with self.assertRaises(expected) as cm:
                        call(v)
                    self.assertNotIn("invalid argument", str(cm.exception))

    def test_text_with_nul_is_refused(self):
        for name, call in TEXT_ROWS:
            if not _exists(name):
                continue
            with self.subTest(function=name):
                with self.assertRaises((libsla.SlaError, ValueError)) as cm:
                    call(NUL_SUFFIX)
                self.assertIn("NUL", str(cm.exception))

    def test_text_with_nul_is_refused_as_invalid(self):
        # The binding's own check (the iCalendar text is refused by the library, with
        # the line of the NUL, a ParseError).
        for name, call in TEXT_ROWS:
            if not _exists(name):
                continue
            if name in ("CalendarBuilder.add_ics",) or (name == "read_ics" and
                                                        "VCALENDAR" in inspect.getsource(call)):
                continue
            with self.subTest(function=name):
                with self.assertRaises(libsla.InvalidError):
                    call(NUL_SUFFIX)

    def test_instants_outside_the_range(self):
        self._run(INSTANT_ROWS, BAD_INSTANTS, libsla.RangeError)

    def test_durations_outside_the_range(self):
        self._run(DURATION_ROWS, BAD_DURATIONS, libsla.RangeError)

    def test_c_ints_outside_their_range(self):
        self._run(INT_ROWS, BAD_INTS, libsla.RangeError)

    def test_the_range_edges_still_work(self):
        cal = Calendar("UTC")
        self.assertEqual(cal.add(0, 0), 0)
        self.assertEqual(cal.add(TIME_MAX - 60, 59), TIME_MAX - 1)
        self.assertEqual(cal.diff(0, TIME_MAX - 1), TIME_MAX - 1)
        with Calendar("UTC", closures=[(0, TIME_MAX)]) as shut:  # a span may end at the edge
            self.assertFalse(shut.is_open(VALID))
        with self.assertRaises(libsla.RangeError):
            cal.add(TIME_MAX, 0)  # the library refuses the edge as an instant

    def test_rows_name_functions(self):
        rows = TEXT_ROWS + INSTANT_ROWS + DURATION_ROWS + INT_ROWS
        absent = sorted({n for n, _ in rows if not _exists(n)})
        # Only functions other branches of this release add may be absent.
        self.assertLessEqual(set(absent), {"predict.erlang_a_agents",
                                           "predict.Forecast.promise_for"}, absent)

    def test_every_public_function_has_a_row(self):
        rows = TEXT_ROWS + INSTANT_ROWS + DURATION_ROWS + INT_ROWS
        covered = {name for name, _ in rows}
        missing = sorted(set(_needing_rows()) - covered)
        self.assertEqual(missing, [], "public functions taking text, instants or durations "
                         "without a row in tests/test_hostile_input.py")


# Parameter names that carry text, instants, durations or C ints.
_HOSTILE_PARAMS = {
    "zone", "hours", "text", "name", "tzdir", "path", "data", "source", "date", "tz",
    "channel", "priority", "status", "metric", "kind", "mode", "key", "holidays", "closures",
    "openings", "ics", "keep_categories", "drop_categories", "keep_summaries",
    "drop_summaries", "window", "calendars", "pause", "warn", "event", "arg",
    "t", "a", "b", "d", "time", "now", "created", "start", "end", "week_of", "deadline",
    "new_deadline", "arrival", "remaining", "target", "aht", "answer_time", "patience",
    "mean", "sd", "bucket", "year", "agents", "cal_index", "counting", "concurrency",
    "model", "per_hour", "new_channel", "new_priority", "samples", "seed", "max_extra",
}
# Public callables whose only such parameters are checked elsewhere or are not passed to C.
_NO_ROW = {
    "load",            # a path for the dynamic loader, which refuses NUL itself
    "Library", "Library.error",  # the loaded library and its error helper
    "error_name", "strerror",
    "Report.get",      # Mapping mixin over __getitem__ (row: Report)
    "IcsList.index", "IcsList.count",  # Sequence mixins, no C call
    "Calendar.union", "Calendar.intersect",
    "Ticket.save", "Policy.restore",   # bytes, length-aware
    "predict.Roster.set_handle_model",  # covered by INT_ROWS under its name
    "predict.Forecast.results",
    "predict.ScanResult.breached", "predict.ScanResult.warned",
    "ics.is_ics_text",
}


def _needing_rows():
    """Qualified names of public functions and methods with a hostile-looking parameter."""
    mods = [(libsla, ""), (_text, ""), (_ics, ""), (_calendar, ""), (_policy, ""),
            (predict, "predict.")]
    seen = {}
    for mod, prefix in mods:
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name, None)
            if obj is None or inspect.ismodule(obj):
                continue
            if inspect.isclass(obj):
                if issubclass(obj, BaseException) or not obj.__module__.startswith("libsla") \
                        or dataclasses.is_dataclass(obj):
                    continue  # dataclasses hold results; they call no C function
                cls_prefix = prefix + obj.__name__
                if _takes_hostile(getattr(obj, "__init__", None)) and \
                        "__init__" in vars(obj):
                    seen[cls_prefix] = True
                for mname, member in inspect.getmembers(obj):
                    if mname.startswith("_") and mname != "__getitem__":
                        continue
                    if inspect.isfunction(member) and _takes_hostile(member):
                        key = cls_prefix if mname == "__getitem__" else f"{cls_prefix}.{mname}"
                        if mname == "__getitem__" and not obj.__name__ == "Report":
                            continue
                        seen[key] = True
            elif callable(obj) and _takes_hostile(obj):
                seen[prefix + name] = True
    names = set(seen) - _NO_ROW
    # ics.is_ics_text and friends appear under their module-less names
    return sorted(n for n in names if n.split(".")[-1] not in ("is_ics_text",))


def _takes_hostile(fn):
    if fn is None:
        return False
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return any(p in _HOSTILE_PARAMS for p in params if p != "self")


if __name__ == "__main__":
    unittest.main()
