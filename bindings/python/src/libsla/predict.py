"""Breach prediction and staffing (the ``predict`` section of sla.h).

Erlang B, C (M/M/N) and A (M/M/N+M, with abandonment) for one channel, the
least staffing that meets a service level, staffing tables over an arrival
profile, and the share of an arrival profile that falls outside a calendar's
hours.

Units everywhere: ``rate`` in contacts per SECOND (100 per half hour is
``100 / 1800``); ``aht`` (mean handle time), ``patience`` and
``answer_time`` in seconds, or a ``timedelta``, or duration text as in the
rest of the package (``"3m"``, ``"20s"``). Results are floats;
probabilities lie in [0, 1]. Every function is pure and thread-safe.
"""

from __future__ import annotations

import datetime as _dt
from ctypes import byref, c_double, c_int, c_int64, c_size_t, c_void_p
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence, Tuple, Union

from . import _ffi
from ._convert import (broadcast, buffer_in, buffer_out, duration_text_in, instant_in, int_in,
                       seconds_in, text_in)
from ._handle import Handle
from .calendar import Calendar

__all__ = [
    "ERLANG_MAX_AGENTS", "ERLANG_MAX_RATIO", "STAFFING_MAX_BUCKETS",
    "erlang_b", "erlang_c", "erlang_c_service_level", "erlang_c_asa", "erlang_c_occupancy",
    "erlang_c_agents", "staffing_table", "erlang_a_wait", "erlang_a_abandon",
    "erlang_a_service_level", "erlang_a_asa", "erlang_a_occupancy", "erlang_a_agents",
    "coverage_gap",
    "erlang_c_stats", "erlang_a_stats",
    "Staffing", "StaffingTable", "QueueStats", "CoverageGap",
    "scan", "ScanResult", "SCAN_COUNTING", "SCAN_BREACHED", "SCAN_WARNED",
    "Roster", "Forecast", "ForecastResults", "Advice", "Promise", "KeptPromise", "ORDERS",
    "HANDLE_MODELS",
]


def __dir__():
    """Only the API (``__all__``): the helpers this module imports stay out of ``dir()``."""
    return sorted(__all__)

#: Most agents any staffing function handles.
ERLANG_MAX_AGENTS = 100000
#: Largest ratio patience / aht and answer_time / aht for Erlang A.
ERLANG_MAX_RATIO = 1e9
#: Most buckets in one staffing_table() or coverage_gap() call.
STAFFING_MAX_BUCKETS = 100000

Seconds = Union[float, int, _dt.timedelta, str]


def _sec(x: Seconds, what: str = "seconds") -> float:
    return seconds_in(x, what)


def _agents(n: Any) -> int:
    return int_in(n, "agents")


def _call(fname: str, *args: Any) -> float:
    lib = _ffi.lib()
    out = c_double()
    rc = getattr(lib, fname)(*args, byref(out))
    if rc:
        raise lib.error(rc, what=fname[len("sla_"):])
    return out.value


def erlang_b(rate: float, aht: Seconds, agents: int) -> float:
    """Erlang B: the probability an arrival finds all agents busy (lost calls)."""
    return _call("sla_erlang_b", float(rate), _sec(aht, "aht"), _agents(agents))


def erlang_c(rate: float, aht: Seconds, agents: int) -> float:
    """Erlang C: the probability an arrival has to wait.

    Raises:
        UnstableError: load >= agents. InvalidError.
    """
    return _call("sla_erlang_c", float(rate), _sec(aht, "aht"), _agents(agents))


def erlang_c_service_level(rate: float, aht: Seconds, agents: int,
                           answer_time: Seconds) -> float:
    """Erlang C: the share answered within ``answer_time`` seconds (inclusive)."""
    return _call("sla_erlang_c_service_level", float(rate), _sec(aht, "aht"), _agents(agents),
                 _sec(answer_time, "answer_time"))


def erlang_c_asa(rate: float, aht: Seconds, agents: int) -> float:
    """Erlang C average speed of answer, seconds (over all arrivals)."""
    return _call("sla_erlang_c_asa", float(rate), _sec(aht, "aht"), _agents(agents))


def erlang_c_occupancy(rate: float, aht: Seconds, agents: int) -> float:
    """Erlang C occupancy: load / agents."""
    return _call("sla_erlang_c_occupancy", float(rate), _sec(aht, "aht"), _agents(agents))


@dataclass(frozen=True)
class Staffing:
    """Agents taking contacts, and agents to schedule once shrinkage is allowed for."""
    agents: int
    scheduled: int


def erlang_c_agents(rate: float, aht: Seconds, answer_time: Seconds, level: float,
                    max_occupancy: float = 1.0, shrinkage: float = 0.0) -> Staffing:
    """The least agents N whose Erlang C service level within ``answer_time``
    is at least ``level`` (0.8 for 80 %) and occupancy at most
    ``max_occupancy``; ``scheduled`` is ceil(N / (1 - shrinkage)).

    Raises:
        LimitError: more than ERLANG_MAX_AGENTS needed. InvalidError.
    """
    lib = _ffi.lib()
    a, s = c_int(), c_int()
    rc = lib.sla_erlang_c_agents(float(rate), _sec(aht, "aht"), _sec(answer_time, "answer_time"),
                                 float(level), float(max_occupancy), float(shrinkage), byref(a),
                                 byref(s))
    if rc:
        raise lib.error(rc, what="erlang_c_agents")
    return Staffing(a.value, s.value)


@dataclass(frozen=True)
class StaffingTable:
    """Per-bucket agents (N) and scheduled agents, as int32 buffers."""
    agents: Any
    scheduled: Any


def staffing_table(contacts: Any, bucket: Union[int, _dt.timedelta], aht: Seconds,
                   answer_time: Seconds, level: float, max_occupancy: float = 1.0,
                   shrinkage: float = 0.0, agents_out: Optional[Any] = None,
                   scheduled_out: Optional[Any] = None) -> StaffingTable:
    """:func:`erlang_c_agents` for each bucket of an arrival profile.

    Args:
        contacts: expected contacts per bucket: a float64 buffer
            (``array('d')``, numpy float64) or any sequence of numbers.
        bucket: bucket length in seconds (1800 for half hours).
        agents_out, scheduled_out: optional writable int32 buffers to fill.
    """
    lib = _ffi.lib()
    c = buffer_in(contacts, "d", "contacts")
    agents_out, ao = buffer_out(agents_out, "i", c.n, contacts, "agents_out")
    scheduled_out, so = buffer_out(scheduled_out, "i", c.n, contacts, "scheduled_out")
    rc = lib.sla_staffing_table(c.addr or None, c.n, duration_text_in(bucket, "bucket"),
                                _sec(aht, "aht"), _sec(answer_time, "answer_time"), float(level),
                                float(max_occupancy), float(shrinkage), ao.addr or None,
                                so.addr or None)
    if rc:
        raise lib.error(rc, what="staffing_table")
    return StaffingTable(agents_out, scheduled_out)


def erlang_a_wait(rate: float, aht: Seconds, patience: Seconds, agents: int) -> float:
    """Erlang A: the probability an arrival has to wait (any load allowed)."""
    return _call("sla_erlang_a_wait", float(rate), _sec(aht, "aht"), _sec(patience,
                 "patience"), _agents(agents))


def erlang_a_abandon(rate: float, aht: Seconds, patience: Seconds, agents: int) -> float:
    """Erlang A: the probability an arrival abandons before it is answered."""
    return _call("sla_erlang_a_abandon", float(rate), _sec(aht, "aht"), _sec(patience,
                 "patience"), _agents(agents))


def erlang_a_service_level(rate: float, aht: Seconds, patience: Seconds, agents: int,
                           answer_time: Seconds) -> float:
    """Erlang A: the share of ALL arrivals answered within ``answer_time``."""
    return _call("sla_erlang_a_service_level", float(rate), _sec(aht, "aht"), _sec(patience,
                 "patience"),
                 _agents(agents), _sec(answer_time, "answer_time"))


def erlang_a_asa(rate: float, aht: Seconds, patience: Seconds, agents: int) -> float:
    """Erlang A: mean wait in seconds of the arrivals that are answered."""
    return _call("sla_erlang_a_asa", float(rate), _sec(aht, "aht"), _sec(patience,
                 "patience"), _agents(agents))


def erlang_a_occupancy(rate: float, aht: Seconds, patience: Seconds, agents: int) -> float:
    """Erlang A occupancy: load (1 - P(abandon)) / agents."""
    return _call("sla_erlang_a_occupancy", float(rate), _sec(aht, "aht"), _sec(patience,
                 "patience"),
                 _agents(agents))


def erlang_a_agents(rate: float, aht: Seconds, patience: Seconds, answer_time: Seconds,
                    level: float, max_occupancy: float = 1.0,
                    shrinkage: float = 0.0) -> Staffing:
    """The least agents N whose Erlang A service level within ``answer_time``
    (the share of ALL arrivals) is at least ``level`` and whose Erlang A
    occupancy is at most ``max_occupancy``; ``scheduled`` as for
    :func:`erlang_c_agents`. Needs libsla 1.1.

    Raises:
        LimitError: more than ERLANG_MAX_AGENTS needed. InvalidError.
    """
    lib = _ffi.lib()
    a, s = c_int(), c_int()
    rc = lib.sla_erlang_a_agents(float(rate), _sec(aht, "aht"), _sec(patience, "patience"),
                                 _sec(answer_time, "answer_time"), float(level),
                                 float(max_occupancy), float(shrinkage), byref(a), byref(s))
    if rc:
        raise lib.error(rc, what="erlang_a_agents")
    return Staffing(a.value, s.value)


@dataclass(frozen=True)
class QueueStats:
    """One channel's queue at a staffing level."""
    agents: int
    wait_probability: float
    service_level: float
    asa: float
    occupancy: float
    abandon_probability: float = 0.0


def erlang_c_stats(rate: float, aht: Seconds, agents: int, answer_time: Seconds) -> QueueStats:
    """Every Erlang C figure at once."""
    return QueueStats(_agents(agents), erlang_c(rate, aht, agents),
                      erlang_c_service_level(rate, aht, agents, answer_time),
                      erlang_c_asa(rate, aht, agents), erlang_c_occupancy(rate, aht, agents))


def erlang_a_stats(rate: float, aht: Seconds, patience: Seconds, agents: int,
                   answer_time: Seconds) -> QueueStats:
    """Every Erlang A figure at once."""
    return QueueStats(_agents(agents), erlang_a_wait(rate, aht, patience, agents),
                      erlang_a_service_level(rate, aht, patience, agents, answer_time),
                      erlang_a_asa(rate, aht, patience, agents),
                      erlang_a_occupancy(rate, aht, patience, agents),
                      erlang_a_abandon(rate, aht, patience, agents))


@dataclass(frozen=True)
class CoverageGap:
    """How much of an arrival profile falls while a team is closed."""
    open_fraction: Any
    closed_contacts: float
    closed_share: float


def coverage_gap(calendar: Calendar, week_of: Any, contacts: Any,
                 bucket: Union[int, _dt.timedelta] = 1800,
                 out: Optional[Any] = None) -> CoverageGap:
    """The open fraction of each wall-clock bucket of the week that contains
    ``week_of`` (buckets from Monday 00:00 local time), and the contacts and
    share of contacts that arrive while ``calendar`` is closed.

    Args:
        contacts: expected contacts per bucket (float64 buffer or sequence).
        bucket: seconds, dividing 86400.
        out: optional writable float64 buffer for the open fractions.
    """
    lib = calendar._lib
    c = buffer_in(contacts, "d", "contacts")
    out, o = buffer_out(out, "d", c.n, contacts, "open_fraction")
    cc, cs = c_double(), c_double()
    rc = lib.sla_coverage_gap(calendar._check(), calendar._instant(week_of, "week_of"),
                              c.addr or None, c.n, duration_text_in(bucket, "bucket"),
                              o.addr or None, byref(cc), byref(cs))
    if rc:
        raise lib.error(rc, what="coverage_gap")
    return CoverageGap(out, cc.value, cs.value)


# ---- many clocks at once

#: sla_scan() flags.
SCAN_COUNTING = 1
SCAN_BREACHED = 2
SCAN_WARNED = 4


@dataclass(frozen=True)
class ScanResult:
    """What :func:`scan` found: per-clock remaining business time (int64
    buffer) and ``SCAN_*`` flags (int32 buffer), and the indexes of the
    counting, not yet breached clocks that breach soonest."""
    remaining: Any
    flags: Any
    top: Tuple[int, ...]

    def breached(self) -> List[int]:
        """Indexes of the breached clocks."""
        return [i for i, f in enumerate(self.flags) if f & SCAN_BREACHED]

    def warned(self) -> List[int]:
        """Indexes of the clocks past the warning threshold."""
        return [i for i, f in enumerate(self.flags) if f & SCAN_WARNED]


def _cal_table(calendars: Union[Calendar, Sequence[Calendar]]):
    cals = [calendars] if isinstance(calendars, Calendar) else list(calendars)
    if not cals:
        raise ValueError("scan needs at least one calendar")
    arr = (c_void_p * len(cals))(*[c._check() for c in cals])
    return cals, arr


def scan(calendars: Union[Calendar, Sequence[Calendar]], now: Any, deadline: Any, *,
         cal_index: Any = None, counting: Any = None, remaining: Any = None,
         target: Any = None, warn_at: float = 0.0, k: int = 0,
         out_remaining: Any = None, out_flags: Any = None) -> ScanResult:
    """Scan many SLA clocks at ``now`` in one pass (no allocation per clock).

    Args:
        calendars: one :class:`Calendar` or a sequence of 1..64.
        now: the instant (int, aware datetime or text).
        deadline: int64 buffer of the counting clocks' deadlines.
        cal_index: optional int32 buffer: clock i uses calendars[cal_index[i]].
        counting: optional int32 buffer: nonzero for counting clocks (all
            count when omitted).
        remaining: int64 buffer of the paused clocks' frozen remaining time.
        target: optional int64 buffer of targets, for warnings.
        warn_at: warning threshold as a fraction of the target (0.75).
        k: how many soonest-breaching clocks to list.
        out_remaining, out_flags: optional output buffers (int64, int32).

    Raises:
        InvalidError, RangeError.
    """
    cals, arr = _cal_table(calendars)
    lib = cals[0]._lib
    d = buffer_in(deadline, "q", "deadline")
    n = d.n
    ci = (broadcast(cal_index, n, "i", "cal_index", lambda v: int_in(v, "cal_index"))
          if cal_index is not None else None)
    co = (broadcast(counting, n, "i", "counting", lambda v: int_in(v, "counting"))
          if counting is not None else None)
    re = (broadcast(remaining, n, "q", "remaining", lambda v: duration_text_in(v, "remaining"))
          if remaining is not None else None)
    ta = (broadcast(target, n, "q", "target", lambda v: duration_text_in(v, "target"))
          if target is not None else None)
    out_remaining, ro = buffer_out(out_remaining, "q", n, deadline, "out_remaining")
    out_flags, fo = buffer_out(out_flags, "i", n, deadline, "out_flags")
    top = (c_size_t * max(k, 1))()
    ntop = c_size_t()
    rc = lib.sla_scan(arr, len(cals), ci.addr if ci else None, cals[0]._instant(now, "scan: now"),
                      co.addr if co else None, d.addr or None, re.addr if re else None,
                      ta.addr if ta else None, n, float(warn_at), ro.addr or None,
                      fo.addr or None, k, top if k else None, byref(ntop) if k else None)
    if rc:
        raise lib.error(rc, what="scan")
    return ScanResult(out_remaining, out_flags, tuple(top[i] for i in range(ntop.value)))


# ---- rosters and queue forecast

ORDERS = {"fifo": 0, "edf": 1, "priority": 2}
HANDLE_MODELS = {"lognormal": 0, "exponential": 1}


def _channel(ch: Union[int, str]) -> int:
    if isinstance(ch, str):
        from .policy import Channel
        try:
            return int(Channel[ch.upper()])
        except KeyError:
            raise ValueError(f"unknown built-in channel {ch!r}; pass its number") from None
    return int_in(ch, "channel")


def _priority(p: Union[int, str]) -> int:
    if isinstance(p, str):
        from .policy import name_lookup
        return name_lookup("priority", p)
    return int_in(p, "priority")


def _seed(seed: Any) -> int:
    from ._convert import INT64_MAX, INT64_MIN
    return int_in(seed, "seed", INT64_MIN, INT64_MAX)


def _order(order: Union[int, str]) -> int:
    if isinstance(order, str):
        try:
            return ORDERS[order.lower()]
        except KeyError:
            raise ValueError(f"order must be one of {sorted(ORDERS)}") from None
    return int_in(order, "order")


@dataclass(frozen=True)
class ForecastResults:
    """Per-ticket forecast (buffers of the queue's length): expected, 10th
    and 90th percentile reply instants (-1: never answered), the probability
    of breach, and the expected instant each ticket is taken."""
    expected: Any
    low: Any
    high: Any
    p_breach: Any
    pickup: Any
    expected_breaches: float


@dataclass(frozen=True)
class Advice:
    """Extra agents per shift that would avoid the predicted breaches, and
    the breaches left after them."""
    extra: Tuple[int, ...]
    remaining_breaches: int


@dataclass(frozen=True)
class Promise:
    """The reply-by time to promise a new customer, and the forecast's 90th
    percentile (``None`` when never answered); ``high > promise`` means at risk."""
    promise: int
    high: Optional[int]

    @property
    def at_risk(self) -> bool:
        return self.high is None or self.high > self.promise


@dataclass(frozen=True)
class KeptPromise:
    """A reply-by time the team can keep (:meth:`Forecast.promise_for`): the
    forecast's 90th percentile rounded up to the step (``None`` when never
    answered), the unrounded percentile, and whether it is later than the
    SLA deadline."""
    promise: Optional[int]
    p90: Optional[int]
    at_risk: bool


class Forecast(Handle):
    """The result of :meth:`Roster.forecast`."""

    _free_name = "sla_forecast_free"
    _kind = "forecast"

    def __len__(self) -> int:
        return self._lib.sla_forecast_count(self._check())

    @property
    def expected_breaches(self) -> float:
        """Expected number of breaches in the queue."""
        return self._lib.sla_forecast_expected_breaches(self._check())

    def results(self) -> ForecastResults:
        """Every per-ticket result (new ``array`` buffers)."""
        h = self._check()
        n = len(self)
        tmpl = None
        bufs = {name: buffer_out(None, kind, n, tmpl, name)
                for name, kind in (("expected", "q"), ("low", "q"), ("high", "q"),
                                   ("p_breach", "d"), ("pickup", "q"))}
        if n:
            rc = self._lib.sla_forecast_results(h, bufs["expected"][1].addr, bufs["low"][1].addr,
                                                bufs["high"][1].addr, bufs["p_breach"][1].addr)
            if rc:
                raise self._lib.error(rc, what="forecast results")
            rc = self._lib.sla_forecast_pickups(h, bufs["pickup"][1].addr)
            if rc:
                raise self._lib.error(rc, what="forecast pickups")
        return ForecastResults(*(bufs[k][0] for k in ("expected", "low", "high", "p_breach",
                                                      "pickup")),
                               expected_breaches=self.expected_breaches)

    def promise_for(self, deadline: Any = None, *, channel: Union[int, str] = 0,
                    priority: Union[int, str] = "normal",
                    step: Union[int, _dt.timedelta] = 300) -> KeptPromise:
        """What to promise a customer who writes at the forecast's ``now``:
        the 90th percentile reply of one more ticket joining this queue,
        rounded up to ``step`` seconds, beside its SLA ``deadline`` (``None``:
        no target). Needs libsla 1.1."""
        pr, p90, risk = c_int64(), c_int64(), c_int()
        dl = -1 if deadline is None else instant_in(deadline, "promise_for: deadline")
        rc = self._lib.sla_forecast_promise_for(self._check(), _channel(channel),
                                                _priority(priority), dl,
                                                duration_text_in(step, "promise_for: step"),
                                                byref(pr), byref(p90), byref(risk))
        if rc:
            raise self._lib.error(rc, what="promise_for")
        return KeptPromise(None if pr.value == -1 else pr.value,
                           None if p90.value == -1 else p90.value, bool(risk.value))


class Roster(Handle):
    """Who is on duty per channel over the week, in one zone with holidays;
    the handle time per channel; the contacts still expected per hour.

    Channels are numbers (or built-in names: ``"email"``, ``"chat"``...);
    channels do not share agents. One thread at a time.
    """

    _free_name = "sla_roster_free"
    _kind = "roster"

    def __init__(self, zone: str = "UTC", *, library: Optional["_ffi.Library"] = None) -> None:
        lib = library or _ffi.lib()
        h = c_void_p()
        rc = lib.sla_roster_new(text_in(zone, "zone"), byref(h))
        if rc:
            raise lib.error(rc, what=f"roster zone {zone!r}")
        self._adopt(lib, h)
        self.zone = zone

    def _rc(self, rc: int, what: str) -> None:
        if rc:
            raise self._lib.error(rc, what=what)

    def add_holiday(self, date: Any) -> "Roster":
        """A local date on which no shift works (date, "YYYY-MM-DD", (y, m, d))."""
        from .calendar import _date_parts
        y, m, d = _date_parts(date)
        self._rc(self._lib.sla_roster_add_holiday(self._check(), y, m, d), "holiday")
        return self

    def add_shift(self, channel: Union[int, str], hours: str, agents: int,
                  concurrency: int = 1) -> int:
        """``agents`` agents of ``channel`` on duty whenever opening-hours
        ``hours`` is open, each with up to ``concurrency`` conversations.
        Returns the shift's index.

        Raises:
            ParseError (position and construct), LimitError.
        """
        out = c_int()
        with _ffi.Diag(self._lib) as diag:
            rc = self._lib.sla_roster_add_shift(self._check(), _channel(channel),
                                                text_in(hours, "shift hours"), _agents(agents),
                                                int_in(concurrency, "concurrency"), byref(out),
                                                diag.handle)
            if rc:
                raise self._lib.error(rc, what=f"shift {hours!r}", diag=diag, text=hours)
        return out.value

    def __len__(self) -> int:
        """Number of shifts."""
        return self._lib.sla_roster_shift_count(self._check())

    def set_handle_time(self, channel: Union[int, str], mean: Seconds,
                        sd: Seconds = 0.0) -> "Roster":
        """Handle time of a channel: mean and standard deviation in seconds."""
        self._rc(self._lib.sla_roster_set_handle_time(self._check(), _channel(channel),
                                                      _sec(mean, "mean"), _sec(sd, "sd")),
                 "handle time")
        return self

    def set_handle_model(self, channel: Union[int, str], model: Union[int, str]) -> "Roster":
        """``"lognormal"`` (default) or ``"exponential"`` handle times."""
        if isinstance(model, str) and model not in HANDLE_MODELS:
            raise ValueError(f"handle model {model!r}: one of {', '.join(HANDLE_MODELS)}")
        m = HANDLE_MODELS[model] if isinstance(model, str) else int_in(model, "model")
        self._rc(self._lib.sla_roster_set_handle_model(self._check(), _channel(channel), m),
                 "handle model")
        return self

    def set_arrivals(self, channel: Union[int, str], per_hour: Any,
                     priority: Union[int, str] = "normal", target: Any = 0) -> "Roster":
        """Contacts still expected on ``channel``: 168 rates per hour from
        Monday 00:00 local time (empty removes them), with their priority and
        target (for EDF ordering)."""
        b = buffer_in(per_hour, "d", "per_hour")
        self._rc(self._lib.sla_roster_set_arrivals(self._check(), _channel(channel),
                                                   b.addr or None, b.n, _priority(priority),
                                                   duration_text_in(target, "target")),
                 "arrivals")
        return self

    def _queue(self, channel: Any, priority: Any, arrival: Any, deadline: Any):
        a = buffer_in(arrival, "q", "arrival")
        n = a.n
        d = broadcast(deadline, n, "q", "deadline", lambda v: instant_in(v, "deadline"))
        if isinstance(channel, (list, tuple)):
            channel = [_channel(c) for c in channel]
        if isinstance(priority, (list, tuple)):
            priority = [_priority(p) for p in priority]
        c = broadcast(_channel(channel) if isinstance(channel, str) else channel, n, "i",
                      "channel", lambda v: int_in(v, "channel"))
        p = broadcast(_priority(priority) if isinstance(priority, str) else priority, n, "i",
                      "priority", lambda v: int_in(v, "priority"))
        return (c.addr or None, p.addr or None, a.addr or None, d.addr or None, n), (a, d, c, p)

    def forecast(self, now: Any, *, channel: Any, priority: Any, arrival: Any, deadline: Any,
                 order: Union[int, str] = "fifo", samples: int = 0, seed: int = 0) -> Forecast:
        """Forecast when each waiting ticket gets its reply and whether it breaches.

        Args:
            now: the instant the forecast starts (epoch seconds or datetime).
            channel, priority: per-ticket int32 buffers (or one value for all;
                lists may hold names).
            arrival, deadline: per-ticket int64 buffers of instants.
            order: ``"fifo"``, ``"edf"`` or ``"priority"``.
            samples: 0 for the deterministic mean-value mode, else the number
                of random replays from ``seed`` (reproducible).

        Raises:
            StateError: a channel without handle time. LimitError. RangeError.
        """
        args, keep = self._queue(channel, priority, arrival, deadline)
        out = c_void_p()
        rc = self._lib.sla_forecast_new(self._check(), instant_in(now, "forecast: now"), *args,
                                        _order(order), int_in(samples, "samples"),
                                        _seed(seed), byref(out))
        if rc:
            raise self._lib.error(rc, what="forecast")
        f = Forecast.__new__(Forecast)
        f._adopt(self._lib, out)
        f._roster = self  # promise_for() reads the roster the forecast was made from
        del keep
        return f

    def advise(self, now: Any, *, channel: Any, priority: Any, arrival: Any, deadline: Any,
               order: Union[int, str] = "fifo", max_extra: int = 100) -> Advice:
        """The fewest extra agents per shift that avoid the predicted breaches."""
        args, keep = self._queue(channel, priority, arrival, deadline)
        ns = len(self)
        extra = (c_int * max(ns, 1))()
        left = c_size_t()
        rc = self._lib.sla_forecast_advise(self._check(), instant_in(now, "advise: now"), *args,
                                           _order(order), int_in(max_extra, "max_extra"), extra,
                                           ns, byref(left))
        if rc:
            raise self._lib.error(rc, what="advise")
        del keep
        return Advice(tuple(extra[i] for i in range(ns)), left.value)

    def promise(self, now: Any, new_deadline: Any, *, new_channel: Union[int, str] = 0,
                new_priority: Union[int, str] = "normal", channel: Any = (), priority: Any = (),
                arrival: Any = (), deadline: Any = (), order: Union[int, str] = "fifo",
                samples: int = 0, seed: int = 0) -> Promise:
        """Deprecated (libsla 1.1): use :meth:`Forecast.promise_for`, which
        promises a time the team can keep. This returns the earlier of
        ``new_deadline`` and the forecast's 90th percentile for a new ticket
        joining the given queue."""
        args, keep = self._queue(channel, priority, arrival, deadline)
        pr, hi = c_int64(), c_int64()
        rc = self._lib.sla_forecast_promise(self._check(), instant_in(now, "promise: now"), *args,
                                            _order(order), _channel(new_channel),
                                            _priority(new_priority),
                                            instant_in(new_deadline, "new_deadline"),
                                            int_in(samples, "samples"), _seed(seed),
                                            byref(pr), byref(hi))
        if rc:
            raise self._lib.error(rc, what="promise")
        del keep
        return Promise(pr.value, None if hi.value == -1 else hi.value)
