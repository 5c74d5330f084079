"""iCalendar (RFC 5545) import: holidays, closures and opening hours (the
``ics`` section of sla.h).

Load a holiday feed into a calendar with ``Calendar(..., ics=[path])`` or
:meth:`CalendarBuilder.add_ics` / :meth:`CalendarBuilder.add_ics_file`;
check what a feed yields first with :func:`read_ics`. In the default
``"holidays"`` mode an all-day event makes its local dates holidays and a
timed event is a closure; in ``"opening_hours"`` mode every event instance
is an extra opening. A malformed file is a :class:`ParseError` whose
``.line`` names the line; nothing is half-loaded.
"""

from __future__ import annotations

import datetime as _dt
import os
from ctypes import byref, c_int32, c_int64, c_void_p
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Optional, Sequence, Tuple, Union, overload

from . import _ffi
from ._handle import Handle

__all__ = ["IcsOptions", "IcsInstance", "IcsList", "read_ics", "HOLIDAYS", "OPENING_HOURS",
           "ICS_MAX_BYTES", "ICS_MAX_INSTANCES", "ICS_MAX_STEPS", "ICS_MAX_DEPTH"]

#: Mode: all-day events are holidays, timed events closures (the default).
HOLIDAYS = 0
#: Mode: every event instance is an extra opening.
OPENING_HOURS = 1
ICS_MAX_BYTES = 16 * 1024 * 1024
ICS_MAX_INSTANCES = 100000
ICS_MAX_STEPS = 1000000
ICS_MAX_DEPTH = 8

_MODES = {"holidays": HOLIDAYS, "opening_hours": OPENING_HOURS, "openings": OPENING_HOURS}

Source = Union[str, bytes, "os.PathLike[str]"]


class IcsOptions(Handle):
    """How an iCalendar file is read: mode, event filters, a window of years.

    Args:
        mode: ``"holidays"`` (default) or ``"opening_hours"`` (or the
            ``HOLIDAYS`` / ``OPENING_HOURS`` numbers).
        keep_categories: keep only events with one of these CATEGORIES (or
            that pass another keep filter); case-insensitive, whole words.
        drop_categories: drop events with one of these categories.
        keep_summaries: keep events whose SUMMARY contains one of these texts.
        drop_summaries: drop events whose SUMMARY contains one of these.
        window: ``(year_from, year_to)``, inclusive; default 1970-2199.

    Reusable for many loads; one thread at a time.
    """

    _free_name = "sla_ics_options_free"
    _kind = "ics options"

    def __init__(self, mode: Union[str, int] = "holidays", *,
                 keep_categories: Iterable[str] = (), drop_categories: Iterable[str] = (),
                 keep_summaries: Iterable[str] = (), drop_summaries: Iterable[str] = (),
                 window: Optional[Tuple[int, int]] = None,
                 library: Optional["_ffi.Library"] = None) -> None:
        lib = library or _ffi.lib()
        h = c_void_p()
        rc = lib.sla_ics_options_new(byref(h))
        if rc:
            raise lib.error(rc, what="sla_ics_options_new")
        self._adopt(lib, h)
        m = _MODES.get(mode, None) if isinstance(mode, str) else int(mode)
        if m is None:
            raise ValueError(f"mode must be 'holidays' or 'opening_hours', not {mode!r}")
        self._rc(lib.sla_ics_options_set_mode(h, m), "mode")
        for fname, items in (("sla_ics_options_keep_category", keep_categories),
                             ("sla_ics_options_drop_category", drop_categories),
                             ("sla_ics_options_keep_summary", keep_summaries),
                             ("sla_ics_options_drop_summary", drop_summaries)):
            if isinstance(items, str):
                items = (items,)
            for text in items:
                self._rc(getattr(lib, fname)(h, text.encode()), f"filter {text!r}")
        if window is not None:
            self._rc(lib.sla_ics_options_set_window(h, int(window[0]), int(window[1])),
                     "window")

    def _rc(self, rc: int, what: str) -> None:
        if rc:
            raise self._lib.error(rc, what=what)


@dataclass(frozen=True)
class IcsInstance:
    """One event instance of a feed: its real-time span [start, end) in epoch
    seconds, the local dates it covers, whether it is all-day, its SUMMARY
    and the line where its event begins."""
    start: int
    end: int
    first_date: _dt.date
    last_date: _dt.date
    all_day: bool
    summary: str
    line: int


def _date(v: int) -> _dt.date:
    return _dt.date(v // 10000, v // 100 % 100, v % 100)


class IcsList(Handle, Sequence[IcsInstance]):
    """The instances an iCalendar feed yields (after filters and window),
    sorted by start: a read-only sequence of :class:`IcsInstance`."""

    _free_name = "sla_ics_list_free"
    _kind = "ics list"

    def __len__(self) -> int:
        return self._lib.sla_ics_list_count(self._check())

    @overload
    def __getitem__(self, i: int) -> IcsInstance: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[IcsInstance]: ...

    def __getitem__(self, i: Any) -> Any:
        n = len(self)
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(n))]
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("ics instance index out of range")
        lib, h = self._lib, self._h
        first, last = c_int32(), c_int32()
        start, end = c_int64(), c_int64()
        for rc in (lib.sla_ics_list_dates(h, i, byref(first), byref(last)),
                   lib.sla_ics_list_span(h, i, byref(start), byref(end))):
            if rc:
                raise lib.error(rc, what="ics list")
        all_day = lib.sla_ics_list_is_all_day(h, i)
        if all_day < 0:
            raise lib.error(all_day, what="ics list")
        return IcsInstance(start.value, end.value, _date(first.value), _date(last.value),
                           bool(all_day), lib.text(lib.sla_ics_list_summary(h, i)),
                           lib.sla_ics_list_line(h, i))

    def __iter__(self) -> Iterator[IcsInstance]:
        for i in range(len(self)):
            yield self[i]

    def __repr__(self) -> str:
        return "<libsla.IcsList closed>" if self._h is None else f"<libsla.IcsList {len(self)} instances>"


def is_ics_text(source: Any) -> bool:
    """Whether a source is iCalendar text rather than a file name."""
    if isinstance(source, bytes):
        return True
    return isinstance(source, str) and "BEGIN:" in source.upper()[:4096]


def _opts(options: Union[IcsOptions, str, None], lib: "_ffi.Library"):
    if options is None:
        return None, None
    if isinstance(options, str):
        o = IcsOptions(options, library=lib)
        return o, o._check()
    return options, options._check()


def read_ics(source: Source, zone: str = "UTC",
             options: Union[IcsOptions, str, None] = None) -> IcsList:
    """List the instances of an iCalendar text or file as they would load
    into a calendar in ``zone``.

    Args:
        source: iCalendar text (``str`` containing ``BEGIN:``, or ``bytes``)
            or a file path.
        zone: the IANA zone that reads floating times and gives local dates.
        options: an :class:`IcsOptions`, a mode name, or ``None`` (defaults).

    Raises:
        ParseError (``.line``), NoZoneError, SlaIOError, LimitError.
    """
    lib = _ffi.lib()
    keep, o = _opts(options, lib)
    out = c_void_p()
    with _ffi.Diag(lib) as diag:
        if is_ics_text(source):
            data = source if isinstance(source, bytes) else source.encode()
            rc = lib.sla_ics_list_new(data, len(data), zone.encode(), o, byref(out), diag.handle)
            what = "iCalendar text"
        else:
            path = os.fsencode(source)
            rc = lib.sla_ics_list_new_file(path, zone.encode(), o, byref(out), diag.handle)
            what = f"iCalendar file {os.fsdecode(path)}"
        if rc:
            raise lib.error(rc, what=what, diag=diag)
    result = IcsList.__new__(IcsList)
    result._adopt(lib, out)
    del keep
    return result
