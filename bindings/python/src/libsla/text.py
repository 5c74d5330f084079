"""Text forms of instants and durations (the ``Text`` section of sla.h)."""

from __future__ import annotations

import ctypes
import datetime as _dt
from ctypes import c_int64
from typing import Any, Optional, Union

from . import _ffi
from ._convert import duration_in, instant_in

__all__ = ["parse_instant", "parse_duration", "format_instant", "format_duration"]


def _handle(calendar: Any) -> Any:
    if calendar is None:
        return None
    return calendar._check()


def _lib_of(calendar: Any) -> "_ffi.Library":
    return calendar._lib if calendar is not None else _ffi.lib()


def parse_instant(text: str, calendar: Optional[Any] = None) -> int:
    """Parse an instant into epoch seconds.

    Accepts RFC 3339 / ISO 8601 with an offset or ``Z``
    (``"2025-03-28T15:50:00Z"``, ``"2025-03-28T16:50:00+01:00"``) and integer
    epoch seconds (``"1743177000"``). A local time without offset
    (``"2025-03-28 16:50"``) is read in ``calendar``'s zone (RFC 5545 3.3.5:
    a repeated time is its first occurrence, a time in a gap uses the offset
    before the gap); without a calendar it is a :class:`ParseError`.

    Raises:
        ParseError: with ``.line``, ``.column`` and ``.construct``.
        RangeError: outside 1970-01-01 .. 2200-01-01.
    """
    library = _lib_of(calendar)
    out = c_int64()
    with _ffi.Diag(library) as diag:
        rc = library.sla_parse_instant(_handle(calendar), text.encode(), out, diag.handle)
        if rc:
            raise library.error(rc, what=f"instant {text!r}", diag=diag, text=text)
    return out.value


def parse_duration(text: str) -> int:
    """Parse a duration into seconds.

    ``"90"``, ``"90s"``, ``"15m"``, ``"2h"``, ``"1h30m"``, ``"3d"`` (a day of
    business time is 24 h of open time), ``"1w"``, ISO 8601 ``"PT15M"``,
    ``"P1DT2H"``; a leading ``-`` gives a negative value.

    Raises:
        ParseError: with ``.line``, ``.column`` and ``.construct``.
        RangeError: beyond the supported span.
    """
    library = _ffi.lib()
    out = c_int64()
    with _ffi.Diag(library) as diag:
        rc = library.sla_parse_duration(text.encode(), out, diag.handle)
        if rc:
            raise library.error(rc, what=f"duration {text!r}", diag=diag, text=text)
    return out.value


def parse_duration_unit(text: str) -> "tuple[int, str]":
    """Parse a duration that may be given in business days.

    Returns ``(value, unit)``: ``(3, "bd")`` for ``"3bd"`` (business days,
    see :meth:`libsla.Calendar.add_days`), ``(seconds, "s")`` for every form
    :func:`parse_duration` reads. Business days stand alone (``"1bd2h"`` is
    refused); :func:`parse_duration` itself refuses ``"3bd"``.

    Raises:
        ParseError, RangeError.
    """
    library = _ffi.lib()
    out = c_int64()
    unit = ctypes.c_int()
    with _ffi.Diag(library) as diag:
        rc = library.sla_parse_duration_unit(text.encode(), out, unit, diag.handle)
        if rc:
            raise library.error(rc, what=f"duration {text!r}", diag=diag, text=text)
    return out.value, ("bd" if unit.value == 1 else "s")


def _snprintf(library: "_ffi.Library", call, what: str) -> str:
    buf = ctypes.create_string_buffer(64)
    n = call(buf, 64)
    if n < 0:
        raise library.error(n, what=what)
    if n >= 64:
        buf = ctypes.create_string_buffer(n + 1)
        n = call(buf, n + 1)
        if n < 0:
            raise library.error(n, what=what)
    return buf.value.decode()


def format_instant(t: Union[int, _dt.datetime], calendar: Optional[Any] = None) -> str:
    """RFC 3339 text of an instant: in ``calendar``'s zone with its offset
    (``"2025-03-28T16:50:00+01:00"``), or in UTC with ``Z`` without one.

    Raises:
        RangeError: outside 1970-01-01 .. 2200-01-01.
    """
    library = _lib_of(calendar)
    h = _handle(calendar)
    ti = instant_in(t)
    return _snprintf(library, lambda b, s: library.sla_format_instant(h, ti, b, s),
                     "format_instant")


def format_duration(d: Union[int, _dt.timedelta]) -> str:
    """Compact text of a duration: ``"0s"``, ``"45s"``, ``"15m"``,
    ``"1h30m"``, ``"3d2h"``, ``"-15m"`` (a day is 24 h)."""
    library = _ffi.lib()
    di = duration_in(d)
    return _snprintf(library, lambda b, s: library.sla_format_duration(di, b, s),
                     "format_duration")
