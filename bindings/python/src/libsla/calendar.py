"""Business-hours calendars and business-time arithmetic.

A :class:`Calendar` is one IANA time zone, opening hours in local wall-clock
time (a subset of the OpenStreetMap ``opening_hours`` syntax), holidays,
timed closures and extra openings, compiled into an immutable object that
answers in O(log n) and may be shared by any number of threads.

Times are accepted as epoch seconds (``int``), timezone-aware
``datetime`` objects, or text (RFC 3339, epoch digits, or a local time
without offset read in the calendar's zone). Naive datetimes are refused
(:class:`InvalidError`): a wall-clock time means nothing without a zone;
use :meth:`Calendar.local_time` to read one in the calendar's zone.
Results come back in the kind the time was given: ``int`` in, ``int`` out;
``datetime`` (or text) in, an aware ``datetime`` in the calendar's zone out.
Durations are ``int`` seconds, ``timedelta`` or text (``"15m"``); a
difference is an ``int`` for int instants and a ``timedelta`` otherwise.
Sub-second parts of datetimes and timedeltas are floored to whole seconds.
"""

from __future__ import annotations

import ctypes
import datetime as _dt
import os
from array import array
from ctypes import byref, c_int, c_int64, c_void_p
from pathlib import Path
import threading
from typing import Any, Iterable, Optional, Tuple, Union

from . import _ffi, text as _text
from ._convert import (EPOCH, Buf, broadcast, buffer_in, buffer_out, duration_in,
                       instant_in)
from ._handle import Handle
from .errors import InvalidError

__all__ = ["Calendar", "CalendarBuilder", "TIME_MIN", "TIME_MAX", "Instant", "Duration"]

#: First supported instant, 1970-01-01T00:00:00Z.
TIME_MIN = 0
#: First unsupported instant, 2200-01-01T00:00:00Z.
TIME_MAX = 7258118400

# One reusable output cell per thread for the scalar calls (a new c_int64 per
# call costs more than the lookup; a cell shared between threads would race).
_tls = threading.local()


def _cell64() -> c_int64:
    try:
        return _tls.i64
    except AttributeError:
        _tls.i64 = c_int64()
        return _tls.i64


def _cell32() -> c_int:
    try:
        return _tls.i32
    except AttributeError:
        _tls.i32 = c_int()
        return _tls.i32


Instant = Union[int, _dt.datetime, str]
Duration = Union[int, _dt.timedelta, str]
DateLike = Union[_dt.date, str, Tuple[int, int, int]]
Buffer = Any  # any buffer of int64: array('q'), memoryview, numpy.int64 array...


def _date_parts(d: DateLike) -> Tuple[int, int, int]:
    if isinstance(d, _dt.date):
        return d.year, d.month, d.day
    if isinstance(d, str):
        try:
            y, m, dd = d.strip().split("-")
            return int(y), int(m), int(dd)
        except ValueError:
            raise InvalidError(f"holiday {d!r}: expected YYYY-MM-DD") from None
    y, m, dd = d
    return int(y), int(m), int(dd)


def _duration(d: Any) -> int:
    if type(d) is int:
        return d
    if isinstance(d, str):
        return _text.parse_duration(d)
    return duration_in(d)


class CalendarBuilder(Handle):
    """Collects the parts of a calendar before :meth:`compile`.

    Most code uses the :class:`Calendar` constructor, which drives a builder.
    One thread at a time. A failed call leaves the builder unchanged.
    """

    _free_name = "sla_calendar_builder_free"
    _kind = "calendar builder"

    def __init__(self, zone: str = "UTC", *, tzdir: Optional[Union[str, Path]] = None,
                 library: Optional["_ffi.Library"] = None) -> None:
        """Start a calendar in IANA ``zone``, open 24/7.

        Args:
            zone: ``"Europe/Oslo"``, ``"UTC"``...
            tzdir: directory of compiled TZif files (default: the system's).
            library: a :class:`Library` from :func:`libsla.load` (default: the
                loaded one).

        Raises:
            NoZoneError: unknown zone or unusable TZif data.
        """
        lib = library or _ffi.lib()
        h = c_void_p()
        if tzdir is None:
            rc = lib.sla_calendar_builder_new(zone.encode(), byref(h))
        else:
            rc = lib.sla_calendar_builder_new_tzdir(zone.encode(), str(tzdir).encode(), byref(h))
        if rc:
            raise lib.error(rc, what=f"zone {zone!r}")
        self._adopt(lib, h)
        self.zone = zone
        self.tzdir = None if tzdir is None else str(tzdir)
        self._zone_cal: Optional[Calendar] = None

    def set_hours(self, hours: str) -> "CalendarBuilder":
        """Replace the opening hours with opening-hours text.

        Raises:
            ParseError: with ``.line``, ``.column`` and ``.construct`` naming
                what was refused (``"sunrise"``, ``"week"``...).
            LimitError: too many rules.
        """
        h = self._check()
        with _ffi.Diag(self._lib) as diag:
            rc = self._lib.sla_calendar_builder_set_hours(h, hours.encode(), diag.handle)
            if rc:
                raise self._lib.error(rc, what=f"hours {hours!r}", diag=diag, text=hours)
        return self

    def add_holiday(self, date: DateLike) -> "CalendarBuilder":
        """Add a holiday: a local date (``date``, ``"YYYY-MM-DD"`` or
        ``(y, m, d)``), closed unless a ``PH`` rule gives it hours."""
        h = self._check()
        y, m, d = _date_parts(date)
        rc = self._lib.sla_calendar_builder_add_holiday(h, y, m, d)
        if rc:
            raise self._lib.error(rc, what=f"holiday {y:04d}-{m:02d}-{d:02d}")
        return self

    def _instant(self, t: Any) -> int:
        if isinstance(t, str):
            if self._zone_cal is None:
                self._zone_cal = Calendar._from_handle(self._lib, self._compile_handle(),
                                                       self.zone, self.tzdir)
            return _text.parse_instant(t, self._zone_cal)
        return instant_in(t)

    def add_closure(self, start: Instant, end: Instant) -> "CalendarBuilder":
        """Close the real-time span [start, end) whatever the hours say.

        Text without an offset (``"2025-12-24 12:00"``) is a local time in
        the builder's zone.
        """
        h = self._check()
        s, e = self._instant(start), self._instant(end)
        rc = self._lib.sla_calendar_builder_add_closure(h, s, e)
        if rc:
            raise self._lib.error(rc, what="closure")
        return self

    def add_opening(self, start: Instant, end: Instant) -> "CalendarBuilder":
        """Open the real-time span [start, end) even where the hours or a
        holiday say closed (closures still win)."""
        h = self._check()
        s, e = self._instant(start), self._instant(end)
        rc = self._lib.sla_calendar_builder_add_opening(h, s, e)
        if rc:
            raise self._lib.error(rc, what="opening")
        return self

    def add_ics(self, data: Union[str, bytes], options: Any = None) -> "CalendarBuilder":
        """Add the holidays, closures (or, in ``"opening_hours"`` mode, the
        openings) of iCalendar text. All or nothing.

        Args:
            data: the iCalendar text.
            options: an :class:`~libsla.ics.IcsOptions`, a mode name
                (``"holidays"``, ``"opening_hours"``) or ``None``.

        Raises:
            ParseError (``.line`` of the malformed line), NoZoneError (an
            unknown TZID), LimitError.
        """
        from .ics import _opts
        h = self._check()
        keep, o = _opts(options, self._lib)
        raw = data if isinstance(data, bytes) else data.encode()
        with _ffi.Diag(self._lib) as diag:
            rc = self._lib.sla_calendar_builder_add_ics(h, raw, len(raw), o, diag.handle)
            if rc:
                raise self._lib.error(rc, what="iCalendar text", diag=diag)
        del keep
        return self

    def add_ics_file(self, path: Union[str, "os.PathLike[str]"],
                     options: Any = None) -> "CalendarBuilder":
        """Like :meth:`add_ics`, reading a file.

        Raises:
            SlaIOError: the file cannot be read; as :meth:`add_ics`.
        """
        from .ics import _opts
        h = self._check()
        keep, o = _opts(options, self._lib)
        p = os.fsencode(path)
        with _ffi.Diag(self._lib) as diag:
            rc = self._lib.sla_calendar_builder_add_ics_file(h, p, o, diag.handle)
            if rc:
                raise self._lib.error(rc, what=f"iCalendar file {os.fsdecode(p)}", diag=diag)
        del keep
        return self

    def local_time(self, year: int, month: int, day: int, hour: int = 0, minute: int = 0,
                   second: int = 0) -> int:
        """Epoch seconds of a local wall-clock time in the builder's zone
        (RFC 5545 3.3.5: first occurrence; a gap uses the offset before it)."""
        h = self._check()
        out = c_int64()
        rc = self._lib.sla_calendar_builder_local_time(h, year, month, day, hour, minute,
                                                       second, byref(out))
        if rc:
            raise self._lib.error(rc, what="local_time")
        return out.value

    def _compile_handle(self) -> c_void_p:
        h = self._check()
        out = c_void_p()
        rc = self._lib.sla_calendar_builder_compile(h, byref(out))
        if rc:
            raise self._lib.error(rc, what="compile")
        return out

    def compile(self) -> "Calendar":
        """An immutable :class:`Calendar`; the builder can go on and compile again."""
        return Calendar._from_handle(self._lib, self._compile_handle(), self.zone, self.tzdir)

    def close(self) -> None:
        if self._zone_cal is not None:
            self._zone_cal.close()
            self._zone_cal = None
        super().close()


def _load_tzinfo(zone: str, tzdir: Optional[str]) -> Optional[_dt.tzinfo]:
    try:
        import zoneinfo
    except ImportError:  # Python < 3.9
        return None
    try:
        if tzdir is not None:
            with open(Path(tzdir) / zone, "rb") as f:
                return zoneinfo.ZoneInfo.from_file(f, key=zone)
        if zone == "UTC":
            return _dt.timezone.utc
        return zoneinfo.ZoneInfo(zone)
    except Exception:
        return None


class Calendar(Handle):
    """A compiled business-hours calendar (immutable, thread-safe).

    Example::

        oslo = Calendar("Europe/Oslo", "Mo-Fr 08:00-16:00",
                        holidays=["2025-12-25", "2025-12-26"])
        due = oslo.add("2025-12-24T15:50:00+01:00", "15m")

    Use it as a context manager, or call :meth:`close`, to free it at once;
    otherwise it is freed when garbage-collected. Do not close it while other
    threads still query it.
    """

    _free_name = "sla_calendar_free"
    _kind = "calendar"
    _tz: Any

    def __init__(self, zone: str = "UTC", hours: Optional[str] = "24/7", *,
                 holidays: Iterable[DateLike] = (),
                 closures: Iterable[Tuple[Instant, Instant]] = (),
                 openings: Iterable[Tuple[Instant, Instant]] = (),
                 ics: Iterable[Any] = (), ics_options: Any = None,
                 tzdir: Optional[Union[str, Path]] = None,
                 library: Optional["_ffi.Library"] = None) -> None:
        """Compile a calendar.

        Args:
            zone: IANA zone name (``"Europe/Oslo"``, ``"UTC"``).
            hours: opening-hours text (``"Mo-Fr 09:00-17:00; PH off"``);
                ``None`` means ``"24/7"``.
            holidays: local dates closed unless a ``PH`` rule opens them:
                ``date`` objects, ``"YYYY-MM-DD"`` or ``(y, m, d)``.
            closures: (start, end) real-time spans that are closed whatever
                the hours say; instants as ints, aware datetimes or text (a
                local time without offset is read in ``zone``).
            openings: (start, end) spans that are open even outside the
                hours or on holidays (closures still win).
            ics: iCalendar sources whose events add holidays and closures
                (or openings, with ``ics_options="opening_hours"``): file
                paths, or iCalendar text (``str`` with ``BEGIN:``, ``bytes``).
            ics_options: an :class:`~libsla.ics.IcsOptions` or mode name for
                every ``ics`` source.
            tzdir: directory of compiled TZif files (default: the system's).
            library: the :class:`Library` to use (default: the loaded one).

        Raises:
            NoZoneError, ParseError (with position and construct), SlaIOError,
            InvalidError, RangeError, LimitError.
        """
        with CalendarBuilder(zone, tzdir=tzdir, library=library) as b:
            if hours is not None:
                b.set_hours(hours)
            for d in holidays:
                b.add_holiday(d)
            for s, e in closures:
                b.add_closure(s, e)
            for s, e in openings:
                b.add_opening(s, e)
            if ics:
                from .ics import _opts, is_ics_text
                keep, _ = _opts(ics_options, b._lib)
                for src in ([ics] if isinstance(ics, (str, bytes)) else ics):
                    if is_ics_text(src):
                        b.add_ics(src, keep)
                    else:
                        b.add_ics_file(src, keep)
            h = b._compile_handle()
            lib = b._lib
        self._init(lib, h, zone, None if tzdir is None else str(tzdir))

    @classmethod
    def _from_handle(cls, library: "_ffi.Library", handle: c_void_p, zone: str,
                     tzdir: Optional[str]) -> "Calendar":
        self = cls.__new__(cls)
        self._init(library, handle, zone, tzdir)
        return self

    def _init(self, library: "_ffi.Library", handle: c_void_p, zone: str,
              tzdir: Optional[str]) -> None:
        self._adopt(library, handle)
        self._zone = zone
        self._tzdir = tzdir
        self._tz = False  # not looked up yet
        # Bound C functions for the scalar fast paths.
        self._c_add = library.sla_calendar_add
        self._c_sub = library.sla_calendar_sub
        self._c_diff = library.sla_calendar_diff
        self._c_is_open = library.sla_calendar_is_open
        self._c_next_open = library.sla_calendar_next_open
        self._c_next_close = library.sla_calendar_next_close

    # ---- properties

    @property
    def zone(self) -> str:
        """The calendar's IANA zone name."""
        return self._lib.text(self._lib.sla_calendar_zone(self._check()))

    @property
    def memory_size(self) -> int:
        """Bytes of memory the compiled calendar holds."""
        return self._lib.sla_calendar_memory_size(self._check())

    @property
    def tzinfo(self) -> Optional[_dt.tzinfo]:
        """The zone as a ``tzinfo`` (``zoneinfo``), or ``None`` when Python
        cannot read it; datetimes then carry the fixed offset of their instant."""
        if self._tz is False:
            self._tz = _load_tzinfo(self._zone, self._tzdir)
        return self._tz

    def __repr__(self) -> str:
        state = "closed" if self._h is None else f"{self.memory_size} bytes"
        return f"<libsla.Calendar {self._zone} ({state})>"

    # ---- conversions

    def datetime(self, t: int) -> _dt.datetime:
        """An aware datetime in the calendar's zone for epoch seconds ``t``."""
        tz = self.tzinfo
        if tz is None:
            tz = _dt.timezone(_dt.timedelta(seconds=self._utc_offset(t)))
        return (EPOCH + _dt.timedelta(seconds=t)).astimezone(tz)

    def _instant(self, t: Any) -> int:
        if isinstance(t, str):
            return _text.parse_instant(t, self)
        return instant_in(t)

    def _out(self, template: Any, t: int) -> Any:
        return t if isinstance(template, int) else self.datetime(t)

    def _fail(self, rc: int, what: str) -> Exception:
        self._check()  # a closed calendar says so rather than "invalid"
        return self._lib.error(rc, what=what)

    def parse_instant(self, text: str) -> int:
        """Epoch seconds of instant text; a local time is read in this zone."""
        return _text.parse_instant(text, self)

    def format_instant(self, t: Instant) -> str:
        """RFC 3339 text of ``t`` in this zone, with its offset."""
        return _text.format_instant(self._instant(t), self)

    # ---- zone

    def _utc_offset(self, t: int) -> int:
        out = c_int()
        rc = self._lib.sla_calendar_utc_offset(self._h, t, byref(out))
        if rc:
            raise self._fail(rc, "utc_offset")
        return out.value

    def utc_offset(self, t: Instant) -> Union[int, _dt.timedelta]:
        """The zone's UTC offset at ``t``: seconds east of UTC for an int
        instant, a ``timedelta`` otherwise."""
        off = self._utc_offset(self._instant(t))
        return off if isinstance(t, int) else _dt.timedelta(seconds=off)

    def local_time(self, year: Union[int, _dt.datetime, _dt.date], month: int = 1, day: int = 1,
                   hour: int = 0, minute: int = 0, second: int = 0) -> Union[int, _dt.datetime]:
        """The instant of a local wall-clock time in this zone.

        ``cal.local_time(2025, 3, 30, 2, 30)`` returns epoch seconds;
        ``cal.local_time(naive_datetime)`` (or a ``date``, at midnight) returns
        an aware datetime. A repeated time (fall back) is its first
        occurrence; a time in a spring-forward gap is read with the offset in
        force before the gap (RFC 5545 3.3.5, ``zoneinfo`` with fold=0).

        Raises:
            InvalidError: no such date or time. RangeError.
        """
        as_dt = False
        if isinstance(year, _dt.datetime):
            if year.tzinfo is not None:
                raise InvalidError("local_time() takes a naive datetime (a wall-clock time)")
            d = year
            year, month, day, hour, minute, second = (d.year, d.month, d.day, d.hour,
                                                      d.minute, d.second)
            as_dt = True
        elif isinstance(year, _dt.date):
            d = year
            year, month, day = d.year, d.month, d.day
            as_dt = True
        out = c_int64()
        rc = self._lib.sla_calendar_local_time(self._h, year, month, day, hour, minute, second,
                                               byref(out))
        if rc:
            raise self._fail(rc, "local_time")
        return self.datetime(out.value) if as_dt else out.value

    # ---- queries

    def is_open(self, t: Instant) -> bool:
        """Whether ``t`` lies inside an open period [s, e)."""
        try:
            out = _tls.i32
        except AttributeError:
            out = _cell32()
        if type(t) is not int:
            t = self._instant(t)
        rc = self._c_is_open(self._h, t, out)
        if rc:
            raise self._fail(rc, "is_open")
        return out.value != 0

    def is_holiday(self, t: Instant) -> bool:
        """Whether ``t`` falls on a local date of the holiday set (for a union
        or intersection, the holidays of its first calendar). Timed closures
        are not holidays."""
        out = _cell32()
        rc = self._lib.sla_calendar_is_holiday(self._h, self._instant(t), out)
        if rc:
            raise self._fail(rc, "is_holiday")
        return out.value != 0

    def add(self, t: Instant, d: Duration) -> Union[int, _dt.datetime]:
        """The deadline ``d`` of business time after ``t``: the earliest u >= t
        with d seconds open in [t, u). ``add(t, 0) == t`` even when closed; a
        deadline that lands on a closing time is that closing time. Text in
        business days (``"3bd"``) means :meth:`add_days`.

        Raises:
            InvalidError: d < 0. RangeError. NeverError: never that much open
                time again.
        """
        try:
            out = _tls.i64
        except AttributeError:
            out = _cell64()
        if type(t) is int and type(d) is int:
            rc = self._c_add(self._h, t, d, out)
            if rc:
                raise self._fail(rc, "add")
            return out.value
        if isinstance(d, str):
            n, unit = _text.parse_duration_unit(d)
            if unit == "bd":
                return self.add_days(t, n)
        rc = self._c_add(self._h, self._instant(t), _duration(d), out)
        if rc:
            raise self._fail(rc, "add")
        return self._out(t, out.value)

    def sub(self, t: Instant, d: Duration) -> Union[int, _dt.datetime]:
        """The latest u <= t with ``d`` seconds open in [u, t)."""
        try:
            out = _tls.i64
        except AttributeError:
            out = _cell64()
        if type(t) is int and type(d) is int:
            rc = self._c_sub(self._h, t, d, out)
            if rc:
                raise self._fail(rc, "sub")
            return out.value
        if isinstance(d, str):
            n, unit = _text.parse_duration_unit(d)
            if unit == "bd":
                return self.sub_days(t, n)
        rc = self._c_sub(self._h, self._instant(t), _duration(d), out)
        if rc:
            raise self._fail(rc, "sub")
        return self._out(t, out.value)

    def diff(self, a: Instant, b: Instant) -> Union[int, _dt.timedelta]:
        """Business time from ``a`` to ``b``: open seconds of [a, b), negative
        when b < a. An ``int`` for int instants, else a ``timedelta``."""
        try:
            out = _tls.i64
        except AttributeError:
            out = _cell64()
        if type(a) is int and type(b) is int:
            rc = self._c_diff(self._h, a, b, out)
            if rc:
                raise self._fail(rc, "diff")
            return out.value
        rc = self._c_diff(self._h, self._instant(a), self._instant(b), out)
        if rc:
            raise self._fail(rc, "diff")
        return _dt.timedelta(seconds=out.value)

    def next_open(self, t: Instant) -> Union[int, _dt.datetime]:
        """The earliest u >= t at which the calendar is open.

        Raises:
            NeverError: never open again in the supported range.
        """
        out = _cell64()
        rc = self._c_next_open(self._h, t if type(t) is int else self._instant(t), out)
        if rc:
            raise self._fail(rc, "next_open")
        return self._out(t, out.value)

    def next_close(self, t: Instant) -> Union[int, _dt.datetime]:
        """The earliest u >= t at which the calendar is closed.

        Raises:
            NeverError: open until the end of the supported range.
        """
        out = _cell64()
        rc = self._c_next_close(self._h, t if type(t) is int else self._instant(t), out)
        if rc:
            raise self._fail(rc, "next_close")
        return self._out(t, out.value)

    def prev_open(self, t: Instant) -> Union[int, _dt.datetime]:
        """The start of the open period that contains ``t``, or of the last
        one that ended at or before ``t``.

        Raises:
            NeverError: no open period starts at or before ``t`` in the
                supported range (never opened before, or open since before
                1970, as a 24/7 calendar).
        """
        out = _cell64()
        rc = self._lib.sla_calendar_prev_open(self._h, self._instant(t), out)
        if rc:
            raise self._fail(rc, "prev_open")
        return self._out(t, out.value)

    def prev_close(self, t: Instant) -> Union[int, _dt.datetime]:
        """The end of the last open period that ended at or before ``t``.

        Raises:
            NeverError: no open period ended at or before ``t`` in the
                supported range.
        """
        out = _cell64()
        rc = self._lib.sla_calendar_prev_close(self._h, self._instant(t), out)
        if rc:
            raise self._fail(rc, "prev_close")
        return self._out(t, out.value)

    def _days(self, fname: str, what: str, t: Instant, n: int) -> Union[int, _dt.datetime]:
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"{what}: business days must be an int, not {type(n).__name__}")
        if not -2**63 <= n < 2**63:
            raise self._lib.error(-3, what=what)
        out = _cell64()
        rc = getattr(self._lib, fname)(self._check(), self._instant(t), n, out)
        if rc:
            raise self._fail(rc, what)
        return self._out(t, out.value)

    def add_days(self, t: Instant, n: int) -> Union[int, _dt.datetime]:
        """``n`` business days after ``t`` (SEMANTICS 2.3): on the n-th
        business date (a local date with open time) after that of s (``t``
        when open, else the next opening), at the first open instant at or
        after s's wall-clock time, else at the end of that date's last open
        period. ``add_days(t, 0)`` is s.

        Raises:
            InvalidError: n < 0. RangeError: past 2200 (the calendar keeps
                opening). NeverError: not that many business dates again.
        """
        return self._days("sla_calendar_add_days", "add_days", t, n)

    def sub_days(self, t: Instant, n: int) -> Union[int, _dt.datetime]:
        """The latest u <= ``t`` with ``add_days(u, n) <= t``.

        Raises:
            InvalidError: n < 0. RangeError. NeverError: not that many
                business dates before ``t``.
        """
        return self._days("sla_calendar_sub_days", "sub_days", t, n)

    def count_days(self, a: Instant, b: Instant) -> int:
        """The number of business dates with open time inside [a, b).

        Raises:
            InvalidError: b < a. RangeError.
        """
        out = ctypes.c_size_t()
        rc = self._lib.sla_calendar_count_days(self._check(), self._instant(a),
                                               self._instant(b), byref(out))
        if rc:
            raise self._fail(rc, "count_days")
        return out.value

    @property
    def holiday_horizon(self) -> Optional[int]:
        """The first instant past the last date every finite holiday source
        covers (hand-given dates: to December 31 of the latest year given; an
        iCalendar file: to December 31 of the year of its last holiday, or
        no limit when a holiday recurs without end), or ``None`` when no
        finite source limits it. Answers at or after it may count a missing
        holiday as a working day."""
        end = c_int64()
        bounded = c_int()
        rc = self._lib.sla_calendar_holiday_horizon(self._check(), byref(end), byref(bounded))
        if rc:
            raise self._fail(rc, "holiday_horizon")
        return end.value if bounded.value and end.value < TIME_MAX else None

    # ---- combining

    def _combine(self, other: "Calendar", fname: str) -> "Calendar":
        if not isinstance(other, Calendar):
            return NotImplemented
        out = c_void_p()
        rc = getattr(self._lib, fname)(self._check(), other._check(), byref(out))
        if rc:
            raise self._lib.error(rc, what=fname[len("sla_calendar_"):])
        return Calendar._from_handle(self._lib, out, self._zone, self._tzdir)

    def union(self, other: "Calendar") -> "Calendar":
        """A calendar open whenever this one or ``other`` is (follow the sun);
        in this calendar's zone. Also ``a | b``."""
        return self._combine(other, "sla_calendar_union")

    def intersect(self, other: "Calendar") -> "Calendar":
        """A calendar open only when both are (chat hours within team hours);
        in this calendar's zone. Also ``a & b``."""
        return self._combine(other, "sla_calendar_intersect")

    __or__ = union
    __and__ = intersect

    # ---- many at once

    def _many(self, fname: str, what: str, first: Any, second: Any, second_conv, out: Any,
              status: Any, out_kind: str = "q") -> Any:
        h = self._check()
        a = buffer_in(first, "q", what)
        n = a.n
        b: Optional[Buf] = None
        if second is not None:
            b = broadcast(second, n, "q", what, second_conv)
        out, o = buffer_out(out, out_kind, n, first, what + " out")
        s: Optional[Buf] = None
        if status is not None:
            status, s = buffer_out(status, "i", n, first, what + " status")
        if n == 0:
            return out
        fn = getattr(self._lib, fname)
        args = (h, a.addr) + ((b.addr,) if b is not None else ()) + (n, o.addr)
        rc = fn(*args, s.addr if s is not None else None)
        if rc and s is None:
            # Find the first element that failed, for the exception.
            st = array("i", [0]) * n
            st_addr = ctypes.addressof((ctypes.c_int * n).from_buffer(st))
            fn(*args, st_addr)
            index = next((i for i, c in enumerate(st) if c), None)
            raise self._lib.error(rc, what=f"{what}[{index}]", index=index)
        return out

    def is_open_many(self, t: Buffer, out: Optional[Buffer] = None,
                     status: Optional[Buffer] = None) -> Buffer:
        """:meth:`is_open` over an int64 buffer of instants.

        Args:
            t: instants (epoch seconds) in any C-contiguous int64 buffer:
                ``array('q')``, ``memoryview``, bytes-like, a numpy int64
                array; used in place without copying when writable. Any other
                iterable is converted once.
            out: a writable int32 buffer of the same length to fill (1 open,
                0 closed); a new ``array('i')`` (numpy array for numpy input)
                when ``None``.
            status: optional writable int32 buffer: each element's error code
                (0 when it succeeded). When given, failing elements do not
                raise; they get 0 in ``out``.

        Returns:
            ``out``.

        Raises:
            SlaError: the first failing element (``.index``) when no
                ``status`` buffer is given.
        """
        return self._many("sla_calendar_is_open_many", "is_open_many", t, None, None, out,
                          status, "i")

    def add_many(self, t: Buffer, d: Union[Buffer, Duration], out: Optional[Buffer] = None,
                 status: Optional[Buffer] = None) -> Buffer:
        """:meth:`add` over arrays: ``out[i] = add(t[i], d[i])``.

        ``d`` is an int64 buffer of the same length, or one duration for every
        element. Buffers as in :meth:`is_open_many`; ``out`` is int64.
        """
        return self._many("sla_calendar_add_many", "add_many", t, d, _duration, out, status)

    def sub_many(self, t: Buffer, d: Union[Buffer, Duration], out: Optional[Buffer] = None,
                 status: Optional[Buffer] = None) -> Buffer:
        """:meth:`sub` over arrays: ``out[i] = sub(t[i], d[i])``."""
        return self._many("sla_calendar_sub_many", "sub_many", t, d, _duration, out, status)

    def diff_many(self, a: Buffer, b: Union[Buffer, Instant], out: Optional[Buffer] = None,
                  status: Optional[Buffer] = None) -> Buffer:
        """:meth:`diff` over arrays: ``out[i] = diff(a[i], b[i])``; ``b`` may
        be one instant for every element (e.g. now)."""
        return self._many("sla_calendar_diff_many", "diff_many", a, b, self._instant, out,
                          status)

    def next_open_many(self, t: Buffer, out: Optional[Buffer] = None,
                       status: Optional[Buffer] = None) -> Buffer:
        """:meth:`next_open` over an int64 buffer."""
        return self._many("sla_calendar_next_open_many", "next_open_many", t, None, None, out,
                          status)

    def prev_open_many(self, t: Buffer, out: Optional[Buffer] = None,
                       status: Optional[Buffer] = None) -> Buffer:
        """:meth:`prev_open` over an int64 buffer."""
        return self._many("sla_calendar_prev_open_many", "prev_open_many", t, None, None, out,
                          status)

    def prev_close_many(self, t: Buffer, out: Optional[Buffer] = None,
                        status: Optional[Buffer] = None) -> Buffer:
        """:meth:`prev_close` over an int64 buffer."""
        return self._many("sla_calendar_prev_close_many", "prev_close_many", t, None, None,
                          out, status)

    def next_close_many(self, t: Buffer, out: Optional[Buffer] = None,
                        status: Optional[Buffer] = None) -> Buffer:
        """:meth:`next_close` over an int64 buffer."""
        return self._many("sla_calendar_next_close_many", "next_close_many", t, None, None,
                          out, status)
