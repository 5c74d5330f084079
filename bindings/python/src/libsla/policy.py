"""SLA policies and ticket clocks (the ``sla`` section of sla.h).

A :class:`Policy` is an ordered list of targets (metric, channel, priority ->
duration counted in a business calendar, pauses, warning thresholds); a
:class:`Ticket` follows one ticket's events and reports, at any instant, the
state of every metric's clock as a frozen :class:`Report`.

Names or numbers are accepted wherever the C API takes a metric, channel,
priority or status: ``"first_reply"`` or ``Metric.FIRST_REPLY``, ``"chat"``
or ``Channel.CHAT`` (or a channel the policy added), ``"urgent"``,
``"pending"``.

Lifetime: a policy borrows its calendars and a ticket borrows its policy; the
Python objects keep what they borrow alive, and ``close()`` refuses
(:class:`StateError`) while a borrower is still open.
"""

from __future__ import annotations

import ctypes
import datetime as _dt
import enum
from ctypes import byref, c_int, c_int64, c_size_t, c_void_p
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from . import _ffi, text as _text
from ._convert import EPOCH, instant_in, int_in, text_in
from ._handle import Handle
from .calendar import Calendar, _duration, _load_tzinfo
from . import errors as _errors
from .errors import InvalidError

__all__ = [
    "Metric", "Channel", "Priority", "Status", "ClockState", "Event", "Segment", "Pause",
    "ANY", "NO_TIME", "WARN_MAX", "CHANNEL_MAX",
    "Policy", "Ticket", "TicketInfo", "Warning", "MetricReport", "Report", "TimelineSegment",
    "metric_name", "ticket_status_name", "priority_name", "clock_state_name", "name_lookup",
    "Change", "BREACH_PERCENT", "Rebased", "NextChange", "Crossing",
]


def __dir__():
    """Only the API (``__all__``): the helpers this module imports stay out of ``dir()``."""
    return sorted(__all__)

#: A selector that matches every channel or every priority.
ANY = -1
#: "No such instant" in C reports; the bindings report ``None`` instead.
NO_TIME = -1
#: Most warning thresholds one target can carry.
WARN_MAX = 4
#: Most channels one policy can know.
CHANNEL_MAX = 256


class Metric(enum.IntEnum):
    """What a target measures (SEMANTICS 3.2)."""
    FIRST_REPLY = 0
    NEXT_REPLY = 1
    PERIODIC_UPDATE = 2
    PAUSABLE_UPDATE = 3
    RESOLUTION = 4
    FIRST_RESOLUTION = 5
    REQUESTER_WAIT = 6
    AGENT_WORK = 7


class Channel(enum.IntEnum):
    """Built-in channels; a policy numbers its own from ``USER`` upwards."""
    EMAIL = 0
    CHAT = 1
    PHONE = 2
    SOCIAL = 3
    MESSAGING = 4
    WEB = 5
    USER = 6


class Priority(enum.IntEnum):
    LOW = 0
    NORMAL = 1
    HIGH = 2
    URGENT = 3


class Status(enum.IntEnum):
    """Ticket statuses."""
    NEW = 0
    OPEN = 1
    PENDING = 2
    ON_HOLD = 3
    SOLVED = 4
    CLOSED = 5


class ClockState(enum.IntEnum):
    INACTIVE = 0
    RUNNING = 1
    PAUSED = 2
    ACHIEVED = 3
    BREACHED = 4


class Event(enum.IntEnum):
    """Event kinds for :meth:`Ticket.apply`."""
    CUSTOMER = 1
    REPLY = 2
    NOTE = 3
    STATUS = 4
    PRIORITY = 5
    CHANNEL = 6


class Segment(enum.IntEnum):
    """Kinds of timeline segments."""
    COUNTED = 0
    PAUSED = 1
    OUT_OF_HOURS = 2
    HOLIDAY = 3
    STOPPED = 4


class Pause(enum.IntFlag):
    """Statuses in which a target's clock does not count."""
    NEW = 1 << 0
    OPEN = 1 << 1
    PENDING = 1 << 2
    ON_HOLD = 1 << 3


# sla_status_get fields, in the order of enum sla_status_field.
_FIELDS = ("state", "target", "elapsed", "remaining", "elapsed_wall", "remaining_wall",
           "deadline", "breached_at", "fulfilled_at", "started_at", "cycles",
           "breached_cycles", "warnings", "warned", "channel", "calendar_24_7")
_INSTANT_FIELDS = {"deadline", "breached_at", "fulfilled_at", "started_at"}
_DURATION_FIELDS = {"target", "elapsed", "remaining", "elapsed_wall", "remaining_wall"}

_KIND_METRIC, _KIND_STATUS, _KIND_PRIORITY, _KIND_STATE = 0, 1, 2, 3
_KIND_ENUMS = {"metric": Metric, "status": Status, "priority": Priority, "state": ClockState}


def _name(fname: str, value: int) -> Optional[str]:
    lib = _ffi.lib()
    raw = getattr(lib, fname)(int_in(value, fname[len("sla_"):]))
    return raw.decode() if raw else None


def metric_name(metric: int) -> Optional[str]:
    """``"first_reply"``...; ``None`` for an unknown value."""
    return _name("sla_metric_name", metric)


def ticket_status_name(status: int) -> Optional[str]:
    """``"on_hold"``...; ``None`` for an unknown value."""
    return _name("sla_ticket_status_name", status)


def priority_name(priority: int) -> Optional[str]:
    """``"urgent"``...; ``None`` for an unknown value."""
    return _name("sla_priority_name", priority)


def clock_state_name(state: int) -> Optional[str]:
    """``"breached"``...; ``None`` for an unknown value."""
    return _name("sla_clock_state_name", state)


def name_lookup(kind: str, name: str) -> int:
    """The number of a name: ``kind`` is ``"metric"``, ``"status"``,
    ``"priority"`` or ``"state"``.

    Raises:
        InvalidError: unknown name.
    """
    kinds = {"metric": _KIND_METRIC, "status": _KIND_STATUS, "priority": _KIND_PRIORITY,
             "state": _KIND_STATE}
    if kind not in kinds:
        raise ValueError(f"kind must be one of {sorted(kinds)}")
    raw = text_in(name, kind)
    lib = _ffi.lib()
    out = c_int()
    rc = lib.sla_name_lookup(kinds[kind], raw, byref(out))
    if rc:
        valid = ", ".join(m.name.lower() for m in _KIND_ENUMS[kind])
        plural = "statuses" if kind == "status" else kind + "s"
        raise InvalidError(f"unknown {kind} {name!r}; the {plural} are {valid}",
                           code=rc)
    return out.value


def _enum_arg(value: Union[int, str], enum_cls: Any, kind: str) -> int:
    if isinstance(value, str):
        return enum_cls(name_lookup(kind, value))
    return int_in(value, kind)


def _opt(v: int) -> Optional[int]:
    return None if v == NO_TIME else v


@dataclass(frozen=True)
class TicketInfo:
    """A ticket's current status, priority, channel, creation instant and the
    instant of its last event."""
    status: Status
    priority: Priority
    channel: int
    channel_name: Optional[str]
    created: Any
    last: Any


@dataclass(frozen=True)
class Warning:
    """One warning threshold: its percentage of the target and the instant it
    is (or was, or would be running without pause) reached; ``None`` when a
    fulfilled clock never reached it."""
    percent: int
    at: Any


@dataclass(frozen=True)
class MetricReport:
    """What one metric's clock reports at an instant (SEMANTICS 3.4).

    Durations are seconds (``timedelta`` when the report was asked with a
    datetime, text or ``tz``); instants are epoch seconds (aware datetimes
    likewise, in the report's zone: see :meth:`Ticket.status`), and ``None``
    when there is no such instant. ``target`` is ``None`` when no
    target applies.
    """
    metric: Metric
    state: ClockState
    target: Any
    elapsed: Any
    remaining: Any
    elapsed_wall: Any
    remaining_wall: Any
    deadline: Any
    breached_at: Any
    fulfilled_at: Any
    started_at: Any
    cycles: int
    breached_cycles: int
    warned: int
    channel: int
    calendar_24_7: bool
    warnings: Tuple[Warning, ...] = ()

    @property
    def breached(self) -> bool:
        return self.state == ClockState.BREACHED

    @property
    def active(self) -> bool:
        """Running or paused (not yet fulfilled, breached included)."""
        return self.fulfilled_at is None and self.started_at is not None


@dataclass(frozen=True)
class Report(Mapping):
    """Every metric of one ticket at ``now``: a read-only mapping from
    :class:`Metric` (or its name) to :class:`MetricReport`."""
    now: Any
    metrics: Tuple[MetricReport, ...] = field(repr=False)

    def __getitem__(self, key: Union[int, str]) -> MetricReport:
        if isinstance(key, str):
            key = name_lookup("metric", key)
        return self.metrics[int(key)]

    def __iter__(self) -> Iterator[Metric]:
        return iter(Metric)

    def __len__(self) -> int:
        return len(self.metrics)

    def __getattr__(self, name: str) -> MetricReport:
        if name.startswith("_") or name in ("now", "metrics"):
            raise AttributeError(name)
        try:
            return self[Metric[name.upper()]]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class TimelineSegment:
    """A span [start, end) of a metric's cycle and what happened in it."""
    start: Any
    end: Any
    kind: Segment


class Change(enum.IntEnum):
    """Kinds of a clock's next change of stage (``sla_change``)."""
    NONE = 0
    WARNING = 1
    BREACH = 2


#: The ``percent`` of a breach in crossings and next changes.
BREACH_PERCENT = 100


class Rebased(enum.IntFlag):
    """What a rebase changed of what a caller stores (``SLA_REBASE_*``)."""
    NOTHING = 0
    DEADLINE = 1
    STATE = 2
    NEXT = 4


@dataclass(frozen=True)
class NextChange:
    """The next instant a ticket's clocks change stage if no event arrives.

    ``at`` is ``None`` (and ``metric`` ``None``, ``kind`` NONE) when nothing
    is pending. A warning changes at the instant it is reached, a breach one
    second after the deadline."""
    at: Any
    metric: Optional[Metric]
    kind: Change
    percent: int

    def __bool__(self) -> bool:
        return self.kind != Change.NONE


@dataclass(frozen=True)
class Crossing:
    """A warning (``percent`` 1-99) or a breach (``percent`` 100) passed at
    ``at``."""
    at: Any
    metric: Metric
    percent: int

    @property
    def breach(self) -> bool:
        return self.percent == BREACH_PERCENT


class Policy(Handle):
    """An SLA policy: ordered targets, channel names and named calendars.

    ``Policy()`` is empty; ``Policy(text)`` parses policy text (one target a
    line: ``METRIC CHANNELS PRIORITIES DURATION [calendar=NAME] [pause=S,...]
    [warn=P,...]``); :meth:`default` gives the market-leading defaults.
    Change a policy only before making tickets from it. One thread at a time.
    """

    _free_name = "sla_policy_free"
    _kind = "policy"

    def __init__(self, text: Optional[str] = None, *,
                 calendars: Optional[Mapping[str, Calendar]] = None,
                 library: Optional["_ffi.Library"] = None) -> None:
        """Args:
            text: policy text appended after the calendars are registered.
            calendars: names for ``calendar=NAME`` in the text.
        """
        lib = library or _ffi.lib()
        h = c_void_p()
        rc = lib.sla_policy_new(byref(h))
        if rc:
            raise lib.error(rc, what="sla_policy_new")
        self._adopt(lib, h)
        self._cals: Dict[int, Calendar] = {}
        for name, cal in (calendars or {}).items():
            self.add_calendar(name, cal)
        if text is not None:
            self.parse(text)

    @classmethod
    def default(cls, business_hours: Optional[Calendar] = None,
                live_hours: Optional[Calendar] = None) -> "Policy":
        """Market-leading defaults: email first/next reply 15 min and social
        first reply 1 h in ``business_hours``; chat first/next reply 30 s and
        phone 20 s in ``live_hours``; warnings at 50/75/90 %. ``None`` means
        24/7. The calendars are registered as ``"business"`` and ``"live"``."""
        lib = (business_hours or live_hours)._lib if (business_hours or live_hours) else _ffi.lib()
        h = c_void_p()
        rc = lib.sla_policy_new_default(business_hours._check() if business_hours else None,
                                        live_hours._check() if live_hours else None, byref(h))
        if rc:
            raise lib.error(rc, what="sla_policy_new_default")
        self = cls.__new__(cls)
        deps = [c for c in (business_hours, live_hours) if c is not None]
        self._adopt(lib, h, deps)
        self._cals = {}
        for c in deps:
            self._cals[c._h] = c
        return self

    def _borrow(self, cal: Calendar) -> None:
        if cal._h not in self._cals:
            self._cals[cal._h] = cal
            self._deps = self._deps + (cal,)
            if cal._borrowers is None:
                import weakref
                cal._borrowers = weakref.WeakSet()
            cal._borrowers.add(self)

    # ---- channels

    def add_channel(self, name: str) -> int:
        """Add a channel name (or find a known one); returns its number."""
        raw = text_in(name, "channel")
        out = c_int()
        rc = self._lib.sla_policy_add_channel(self._check(), raw, byref(out))
        if rc:
            raise self._lib.error(rc, what=f"channel {name!r}")
        return out.value

    def channel(self, name: Union[str, int]) -> int:
        """The number of a channel name (ints are returned as they are).

        Raises:
            InvalidError: unknown name.
        """
        if not isinstance(name, str):
            return int_in(name, "channel")
        raw = text_in(name, "channel")
        out = c_int()
        rc = self._lib.sla_policy_channel(self._check(), raw, byref(out))
        if rc:
            raise self._lib.error(rc, what=f"unknown channel {name!r}")
        return out.value

    def channel_name(self, channel: int) -> Optional[str]:
        """The name of a channel number, ``None`` when unknown."""
        raw = self._lib.sla_policy_channel_name(self._check(), int_in(channel, "channel"))
        return raw.decode() if raw else None

    @property
    def channels(self) -> List[str]:
        """Every channel name, in number order (built-in ones first)."""
        n = self._lib.sla_policy_channel_count(self._check())
        return [self.channel_name(i) or "" for i in range(n)]

    # ---- calendars and targets

    def add_calendar(self, name: str, calendar: Calendar) -> None:
        """Register ``calendar`` as ``calendar=NAME`` for policy text."""
        raw = text_in(name, "calendar name")
        rc = self._lib.sla_policy_add_calendar(self._check(), raw, calendar._check())
        if rc:
            raise self._lib.error(rc, what=f"calendar {name!r}")
        self._borrow(calendar)

    def add_target(self, metric: Union[int, str], target: Any, *,
                   channel: Union[int, str] = ANY, priority: Union[int, str] = ANY,
                   calendar: Optional[Calendar] = None,
                   pause: Union[int, Iterable[Union[int, str]]] = 0,
                   warn: Iterable[int] = ()) -> None:
        """Append a target.

        Args:
            metric: ``Metric`` or its name.
            target: the duration (seconds, ``timedelta`` or text ``"15m"``).
            channel: a channel (name or number) or ``ANY``.
            priority: a priority (name or number) or ``ANY``.
            calendar: the calendar that counts business time; ``None`` = 24/7.
            pause: ``Pause`` flags, or status names/numbers that pause it.
            warn: up to 4 strictly increasing percentages (1..99).
        """
        m = _enum_arg(metric, Metric, "metric")
        ch = ANY if channel == ANY else self.channel(channel)
        pr = ANY if priority == ANY else _enum_arg(priority, Priority, "priority")
        if isinstance(pause, int):
            flags = int_in(pause, "pause", 0, 0xFFFFFFFF)
        else:
            flags = 0
            for s in pause:
                flags |= 1 << int_in(_enum_arg(s, Status, "status"), "pause status", 0, 31)
        w = [int_in(x, "warn") for x in warn]
        arr = (c_int * max(len(w), 1))(*w)
        dur = _duration(target, "target")
        if dur < 0:
            raise InvalidError(f"add_target: target {_text.format_duration(dur)} is negative; "
                               "a target is a duration >= 0 such as '15m'")
        rc = self._lib.sla_policy_add_target(self._check(), m, ch, pr, dur,
                                             calendar._check() if calendar else None, flags,
                                             arr if w else None, len(w))
        if rc:
            raise self._lib.error(rc, what="add_target")
        if calendar is not None:
            self._borrow(calendar)

    def parse(self, text: str) -> None:
        """Append the targets of policy text; all or nothing.

        Raises:
            ParseError: with ``.line``, ``.column`` and ``.construct``.
        """
        raw = text_in(text, "policy text")
        with _ffi.Diag(self._lib) as diag:
            rc = self._lib.sla_policy_parse(self._check(), raw, diag.handle)
            if rc:
                raise self._lib.error(rc, what="policy", diag=diag, text=text)

    def __len__(self) -> int:
        """Number of targets."""
        return self._lib.sla_policy_target_count(self._check())

    def lookup(self, metric: Union[int, str], channel: Union[int, str],
               priority: Union[int, str]) -> Tuple[Optional[int], Optional[Calendar]]:
        """The target that applies: (seconds or ``None`` when none matches,
        its :class:`Calendar` or ``None`` for 24/7)."""
        out = c_int64()
        cal = c_void_p()
        rc = self._lib.sla_policy_lookup(self._check(), _enum_arg(metric, Metric, "metric"),
                                         self.channel(channel),
                                         _enum_arg(priority, Priority, "priority"),
                                         byref(out), byref(cal))
        if rc:
            raise self._lib.error(rc, what="lookup")
        target = None if out.value < 0 else out.value
        return target, (self._cals.get(cal.value) if cal.value else None)

    # ---- instants of tickets

    def _first_calendar(self) -> Optional[Calendar]:
        for cal in self._cals.values():
            if cal._h is not None:
                return cal
        return None

    def _instant(self, t: Any, what: str) -> int:
        """An instant of a ticket call: text without offset is read in the zone
        of the policy's first calendar."""
        if isinstance(t, str):
            return _text._parse_instant(t, self._first_calendar(), what)
        return instant_in(t, what)

    def _report_conv(self, now: Any, tz: Any) -> Any:
        """How a report shows instants: None for epoch seconds, else a function
        from epoch seconds to an aware datetime."""
        if tz is None:
            if isinstance(now, int):
                return None
            cal = self._first_calendar()
            return cal.datetime if cal is not None else _utc_datetime
        if isinstance(tz, Calendar):
            return tz.datetime
        if isinstance(tz, str):
            zone = text_in(tz, "tz").decode()
            info = _load_tzinfo(zone, None)
            if info is None:
                raise _errors.NoZoneError(f"tz {zone!r}: no such time zone in Python's zoneinfo")
            tz = info
        if not isinstance(tz, _dt.tzinfo):
            raise TypeError(f"tz: a tzinfo, an IANA zone name or a Calendar is needed, "
                            f"not {type(tz).__name__}")
        return lambda v: _utc_datetime(v).astimezone(tz)

    # ---- tickets

    def ticket(self, created: Any, channel: Union[int, str] = Channel.EMAIL,
               priority: Union[int, str] = Priority.NORMAL) -> "Ticket":
        """A new ticket created at ``created`` (its status is new)."""
        return Ticket(self, created, channel, priority)

    def restore(self, data: bytes) -> "Ticket":
        """A ticket from :meth:`Ticket.save` bytes made with this policy.

        Raises:
            VersionError, ParseError (corrupt bytes), StateError (another policy).
        """
        if isinstance(data, str):
            raise TypeError("restore: takes the bytes of Ticket.save(), not text")
        buf = bytes(data)
        out = c_void_p()
        rc = self._lib.sla_ticket_restore(self._check(), buf, len(buf), byref(out))
        if rc == _errors.EPARSE:
            raise _errors.ParseError(
                f"restore: these {len(buf)} bytes are not a saved ticket state (corrupt, "
                "truncated, or not made by Ticket.save())", code=rc)
        if rc:
            raise self._lib.error(rc, what="restore")
        t = Ticket.__new__(Ticket)
        t._init(self, out)
        return t


class Ticket(Handle):
    """The SLA clocks of one ticket, advanced by events in time order.

    An event older than the last one raises :class:`OrderError`; any event
    after ``closed`` raises :class:`ClosedError`; a refused event changes
    nothing. One thread at a time.
    """

    _free_name = "sla_ticket_free"
    _kind = "ticket"

    def __init__(self, policy: Policy, created: Any, channel: Union[int, str] = Channel.EMAIL,
                 priority: Union[int, str] = Priority.NORMAL) -> None:
        out = c_void_p()
        lib = policy._lib
        rc = lib.sla_ticket_new(policy._check(), policy._instant(created, "created"),
                                policy.channel(channel),
                                _enum_arg(priority, Priority, "priority"), byref(out))
        if rc:
            raise lib.error(rc, what="ticket")
        self._init(policy, out)

    def _init(self, policy: Policy, handle: c_void_p) -> None:
        self._adopt(policy._lib, handle, (policy,))
        self.policy = policy
        self._status: Optional[c_void_p] = None

    def close(self) -> None:
        if self._status is not None and self._h is not None:
            self._lib.sla_status_free(self._status)
            self._status = None
        super().close()

    def __del__(self) -> None:
        try:
            if self._status is not None:
                self._lib.sla_status_free(self._status)
                self._status = None
        except Exception:
            pass
        super().__del__()

    def _rc(self, rc: int, what: str) -> "Ticket":
        if rc:
            raise self._lib.error(rc, what=what)
        return self

    # ---- events

    def apply(self, time: Any, event: Union[int, Event], arg: int = 0) -> "Ticket":
        """Apply one event of kind ``event`` with its argument."""
        return self._rc(self._lib.sla_ticket_apply(self._check(), self._time(time, "apply"),
                                                   int_in(event, "event"), int_in(arg, "arg")),
                        "apply")

    def customer_message(self, time: Any, channel: Union[int, str, None] = None) -> "Ticket":
        """A customer message (in ``channel``; default the ticket's channel)."""
        ch = self.info().channel if channel is None else self.policy.channel(channel)
        return self._rc(self._lib.sla_ticket_customer_message(self._check(),
                        self._time(time, "customer_message"), ch),
                        "customer_message")

    def reply(self, time: Any) -> "Ticket":
        """A public agent reply."""
        return self._rc(self._lib.sla_ticket_agent_reply(self._check(), self._time(time, "reply")),
                        "reply")

    agent_reply = reply

    def note(self, time: Any) -> "Ticket":
        """A private note: counts for nothing, but must be in time order."""
        return self._rc(self._lib.sla_ticket_note(self._check(), self._time(time, "note")), "note")

    def set_status(self, time: Any, status: Union[int, str]) -> "Ticket":
        """A status change (``"pending"``, ``Status.SOLVED``...)."""
        return self._rc(self._lib.sla_ticket_set_status(self._check(),
                                                        self._time(time, "set_status"),
                                                        _enum_arg(status, Status, "status")),
                        "set_status")

    def set_priority(self, time: Any, priority: Union[int, str]) -> "Ticket":
        """A priority change: re-selects every target, keeping elapsed time."""
        return self._rc(self._lib.sla_ticket_set_priority(
            self._check(), self._time(time, "set_priority"),
            _enum_arg(priority, Priority, "priority")),
            "set_priority")

    def set_channel(self, time: Any, channel: Union[int, str]) -> "Ticket":
        """A change of the ticket's channel."""
        return self._rc(self._lib.sla_ticket_set_channel(self._check(),
                                                         self._time(time, "set_channel"),
                                                         self.policy.channel(channel)),
                        "set_channel")

    # ---- reading

    def info(self) -> TicketInfo:
        """Status, priority, channel, creation and last-event instants."""
        st, pr, ch = c_int(), c_int(), c_int()
        created, last = c_int64(), c_int64()
        rc = self._lib.sla_ticket_info(self._check(), byref(st), byref(pr), byref(ch),
                                       byref(created), byref(last))
        if rc:
            raise self._lib.error(rc, what="info")
        return TicketInfo(Status(st.value), Priority(pr.value), ch.value,
                          self.policy.channel_name(ch.value), created.value, last.value)

    def _time(self, t: Any, what: str) -> int:
        return self.policy._instant(t, f"{what}: time")

    def _order_error(self, rc: int, what: str, n: int) -> Exception:
        if rc == _errors.EORDER:
            last = self.info().last
            zone = self.policy._first_calendar()
            return _errors.OrderError(
                f"{what}: now {_text.format_instant(n, zone)} is before the ticket's last "
                f"event ({_text.format_instant(last, zone)}); a report is for an instant at or "
                "after it",
                code=rc)
        return self._lib.error(rc, what=what)

    def status(self, now: Any, *, tz: Any = None) -> Report:
        """Every metric's clock at ``now`` (>= the last event).

        With an int ``now`` (and no ``tz``) the report holds epoch seconds and
        int durations. With a datetime or text ``now``, or with ``tz``, it holds
        aware datetimes and timedeltas; the datetimes are in ``tz`` (a
        ``tzinfo``, an IANA zone name or a :class:`Calendar`), by default in
        the zone of the policy's first calendar (UTC when it has none).

        Raises:
            OrderError: now before the last event. NeverError.
        """
        h = self._check()
        lib = self._lib
        if self._status is None:
            s = c_void_p()
            rc = lib.sla_status_new(byref(s))
            if rc:
                raise lib.error(rc, what="sla_status_new")
            self._status = s
        n = self.policy._instant(now, "status: now")
        conv = self.policy._report_conv(now, tz)
        rc = lib.sla_ticket_status(h, n, self._status)
        if rc:
            raise self._order_error(rc, "status", n)
        as_dt = conv is not None
        out = c_int64()
        pct = c_int()
        metrics = []
        for m in Metric:
            vals: Dict[str, Any] = {}
            for i, fname in enumerate(_FIELDS):
                rc = lib.sla_status_get(self._status, int(m), i, byref(out))
                if rc:
                    raise lib.error(rc, what=f"status field {fname}")
                vals[fname] = out.value
            warnings = []
            for w in range(vals.pop("warnings")):
                rc = lib.sla_status_warning(self._status, int(m), w, byref(pct), byref(out))
                if rc:
                    raise lib.error(rc, what="status warning")
                warnings.append(Warning(pct.value, _conv_instant(_opt(out.value), conv)))
            if vals["target"] < 0:
                vals["target"] = None
            for k in _INSTANT_FIELDS:
                vals[k] = _conv_instant(_opt(vals[k]), conv)
            if as_dt:
                for k in _DURATION_FIELDS:
                    if vals[k] is not None:
                        vals[k] = _dt.timedelta(seconds=vals[k])
            vals["state"] = ClockState(vals["state"])
            vals["calendar_24_7"] = bool(vals["calendar_24_7"])
            metrics.append(MetricReport(metric=m, warnings=tuple(warnings), **vals))
        return Report(now=now, metrics=tuple(metrics))

    def timeline(self, now: Any, metric: Union[int, str], *,
                 tz: Any = None) -> List[TimelineSegment]:
        """The segments of a metric's current (or last) cycle up to ``now``;
        instants as in :meth:`status` (``tz`` likewise)."""
        h = self._check()
        n = self.policy._instant(now, "timeline: now")
        conv = self.policy._report_conv(now, tz)
        m = _enum_arg(metric, Metric, "metric")
        cap = 16
        while True:
            starts = (c_int64 * cap)()
            ends = (c_int64 * cap)()
            kinds = (c_int * cap)()
            total = c_size_t()
            rc = self._lib.sla_ticket_timeline(h, n, m, starts, ends, kinds, cap, byref(total))
            if rc:
                raise self._order_error(rc, "timeline", n)
            if total.value <= cap:
                break
            cap = total.value
        return [TimelineSegment(_conv_instant(starts[i], conv), _conv_instant(ends[i], conv),
                                Segment(kinds[i])) for i in range(total.value)]

    # ---- wake-ups, crossings, rebase (1.1)

    def next_change(self, now: Any) -> NextChange:
        """The earliest instant after ``now`` (>= the last event) at which a
        running clock passes a warning or its deadline if no event arrives.

        Raises:
            OrderError: now before the last event.
        """
        at, m, k, p = c_int64(), c_int(), c_int(), c_int()
        n = self.policy._instant(now, "next_change: now")
        conv = self.policy._report_conv(now, None)
        rc = self._lib.sla_ticket_next_change(self._check(), n, byref(at), byref(m),
                                              byref(k), byref(p))
        if rc:
            raise self._order_error(rc, "next_change", n)
        return NextChange(_conv_instant(_opt(at.value), conv),
                          Metric(m.value) if m.value >= 0 else None, Change(k.value), p.value)

    def crossings(self, since: Any, until: Any) -> List[Crossing]:
        """Every warning and breach passed in (``since``, ``until``], in time
        order, each exactly once however the range is split."""
        cap = 8 * 5
        metrics = (c_int * cap)()
        percents = (c_int * cap)()
        instants = (c_int64 * cap)()
        n = c_size_t()
        rc = self._lib.sla_ticket_crossings(self._check(),
                                            self.policy._instant(since, "crossings: since"),
                                            self.policy._instant(until, "crossings: until"),
                                            metrics, percents, instants, cap, byref(n))
        if rc:
            raise self._lib.error(rc, what="crossings")
        conv = self.policy._report_conv(until, None)
        return [Crossing(_conv_instant(instants[i], conv), Metric(metrics[i]), percents[i])
                for i in range(min(n.value, cap))]

    def rebase(self, policy: "Policy", now: Any) -> Rebased:
        """Recompute the running and paused clocks under ``policy`` (a new
        version of this ticket's policy with the same channels), keeping the
        outcome of fulfilled ones; the ticket then uses ``policy``. Returns
        what a caller who stores the state should write (falsy: nothing).

        Raises:
            StateError: the policy does not fit (other channels); the ticket is
            unchanged. OrderError: now before the last event.
        """
        changed = c_int()
        with _ffi.Diag(self._lib) as diag:
            rc = self._lib.sla_ticket_rebase(self._check(), policy._check(),
                                             self.policy._instant(now, "rebase: now"),
                                             diag.handle, byref(changed))
            if rc:
                raise self._lib.error(rc, what="rebase", diag=diag)
        # The ticket now borrows the new policy, no longer the old one.
        for d in self._deps:
            if d._borrowers is not None:
                d._borrowers.discard(self)
        self._adopt(self._lib, self._h, (policy,))
        self.policy = policy
        return Rebased(changed.value)

    @staticmethod
    def rebase_saved(old: "Policy", data: bytes, new: "Policy",
                     now: Any) -> Tuple["Ticket", Rebased]:
        """Restore ``data`` saved under ``old`` and rebase it onto ``new``.

        Raises:
            As :meth:`Policy.restore` and :meth:`rebase`.
        """
        buf = bytes(data)
        out = c_void_p()
        changed = c_int()
        lib = new._lib
        with _ffi.Diag(lib) as diag:
            rc = lib.sla_ticket_rebase_saved(old._check(), buf, len(buf), new._check(),
                                             new._instant(now, "rebase_saved: now"),
                                             diag.handle, byref(out), byref(changed))
            if rc:
                raise lib.error(rc, what="rebase_saved", diag=diag)
        t = Ticket.__new__(Ticket)
        t._init(new, out)
        return t, Rebased(changed.value)

    def save(self) -> bytes:
        """The clock state as compact versioned bytes, for :meth:`Policy.restore`."""
        h = self._check()
        n = self._lib.sla_ticket_save(h, None, 0)
        if n < 0:
            raise self._lib.error(n, what="save")
        buf = ctypes.create_string_buffer(n)
        m = self._lib.sla_ticket_save(h, buf, n)
        if m < 0:
            raise self._lib.error(m, what="save")
        return buf.raw[:m]


def _conv_instant(v: Optional[int], conv: Any) -> Any:
    if v is None or conv is None:
        return v
    return conv(v)


def _utc_datetime(v: int) -> _dt.datetime:
    return EPOCH + _dt.timedelta(seconds=v)
