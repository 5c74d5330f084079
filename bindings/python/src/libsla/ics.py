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
import warnings
from ctypes import byref, c_int32, c_int64, c_void_p
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Optional, Sequence, Tuple, Union, overload

from . import _ffi
from ._convert import int_in, path_in, text_in
from ._handle import Handle
from .errors import InvalidError

__all__ = ["IcsOptions", "IcsInstance", "IcsList", "read_ics", "is_ics_text", "HOLIDAYS",
           "OPENING_HOURS",
           "ICS_MAX_BYTES", "ICS_MAX_INSTANCES", "ICS_MAX_STEPS", "ICS_MAX_DEPTH"]


def __dir__():
    """Only the API (``__all__``): the helpers this module imports stay out of ``dir()``."""
    return sorted(__all__)

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
        m = _MODES.get(mode, None) if isinstance(mode, str) else int_in(mode, "mode")
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
                self._rc(getattr(lib, fname)(h, text_in(text, "filter")), f"filter {text!r}")
        if window is not None:
            self._rc(lib.sla_ics_options_set_window(h, int_in(window[0], "window start year"),
                                                    int_in(window[1], "window end year")),
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
        if self._h is None:
            return "<libsla.IcsList closed>"
        return f"<libsla.IcsList {len(self)} instances>"


def _looks_like_text(source: str) -> bool:
    return "BEGIN:" in source[:4096].upper()


def _source(source: Any, what: str) -> Tuple[str, bytes]:
    """("text", data) or ("file", path) for an iCalendar source, by its type:
    ``bytes``-like is the text, ``str`` and ``os.PathLike`` a file path.

    A ``str`` that holds iCalendar text (1.0 told text from paths by looking for
    ``BEGIN:``) is still read as text, with a DeprecationWarning.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "text", bytes(source)
    if isinstance(source, str) and _looks_like_text(source):
        warnings.warn(
            f"{what}: iCalendar text passed as str is deprecated; pass bytes "
            "(text.encode()) or use CalendarBuilder.add_ics(text); a str is a file path",
            DeprecationWarning, stacklevel=4)
        return "text", text_in(source, what)
    if isinstance(source, (str, os.PathLike)):
        return "file", path_in(source, f"{what} file")
    raise TypeError(f"{what}: an iCalendar source is a file path (str, os.PathLike) or "
                    f"the text as bytes, not {type(source).__name__}")


def is_ics_text(source: Any) -> bool:
    """Whether :func:`read_ics` and ``Calendar(ics=...)`` read a source as
    iCalendar text (``bytes``; a ``str`` holding ``BEGIN:``, deprecated) rather
    than as a file path (``str``, ``os.PathLike``)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return True
    return isinstance(source, str) and _looks_like_text(source)


def _text_data(data: Any, what: str) -> bytes:
    """iCalendar text given as such (str or bytes), for the length-aware calls
    (the library refuses a NUL inside, naming its line)."""
    if isinstance(data, str):
        try:
            return data.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InvalidError(f"{what}: the iCalendar text is not valid Unicode "
                               f"({exc.reason} at offset {exc.start})") from None
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, os.PathLike):
        raise TypeError(f"{what}: takes the iCalendar text; for a file use add_ics_file()")
    raise TypeError(f"{what}: iCalendar text (str or bytes) is needed, "
                    f"not {type(data).__name__}")


def _opts(options: Union[IcsOptions, str, None], lib: "_ffi.Library"):
    if options is None:
        return None, None
    if isinstance(options, str):
        o = IcsOptions(options, library=lib)
        return o, o._check()
    return options, options._check()


def read_ics(source: Source, zone: str = "UTC",
             options: Union[IcsOptions, str, None] = None) -> IcsList:
    """List the instances of an iCalendar file or text as they would load
    into a calendar in ``zone``.

    Args:
        source: a file path (``str`` or ``os.PathLike``), or the iCalendar
            text as ``bytes``. (A ``str`` holding the text itself, recognised
            by ``BEGIN:`` as in 1.0, still works but is deprecated.)
        zone: the IANA zone that reads floating times and gives local dates.
        options: an :class:`IcsOptions`, a mode name, or ``None`` (defaults).

    Raises:
        ParseError (``.line``), NoZoneError, SlaIOError, LimitError.
    """
    kind, raw = _source(source, "read_ics")
    zone_b = text_in(zone, "zone")
    lib = _ffi.lib()
    keep, o = _opts(options, lib)
    out = c_void_p()
    with _ffi.Diag(lib) as diag:
        if kind == "text":
            rc = lib.sla_ics_list_new(raw, len(raw), zone_b, o, byref(out), diag.handle)
            what = "iCalendar text"
        else:
            rc = lib.sla_ics_list_new_file(raw, zone_b, o, byref(out), diag.handle)
            what = f"iCalendar file {os.fsdecode(raw)}"
        if rc:
            raise lib.error(rc, what=what, diag=diag)
    result = IcsList.__new__(IcsList)
    result._adopt(lib, out)
    del keep
    return result
