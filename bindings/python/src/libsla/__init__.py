"""libsla: business-time arithmetic and helpdesk SLAs, through ctypes.

Quick start::

    import libsla
    cal = libsla.Calendar("Europe/Oslo", "Mo-Fr 08:00-16:00; PH off",
                          holidays=["2025-12-25", "2025-12-26"])
    cal.add("2025-12-24T15:50:00+01:00", "15m")   # -> aware datetime

The shared library libsla.so.1 is found by :func:`load` (explicit path, env
``LIBSLA_PATH``, env ``LIBSLA_BUILD_DIR``, a ``build*/lib`` of the source
tree, then the system); it is loaded on first use.
"""

from __future__ import annotations

from . import _ffi
from ._ffi import Library, load
from .calendar import TIME_MAX, TIME_MIN, Calendar, CalendarBuilder
from .errors import (ClosedError, InvalidError, LimitError, LoadError, NeverError,
                     NoMemoryError, NoZoneError, OrderError, ParseError, RangeError,
                     SlaError, SlaIOError, StateError, UnstableError, UnsupportedError,
                     VersionError)
from .ics import IcsInstance, IcsList, IcsOptions, read_ics
from .policy import (ANY, ClockState, Channel, Event, Metric, MetricReport, Pause, Policy,
                     Priority, Report, Segment, Status, Ticket, TicketInfo, TimelineSegment)
from .text import (format_duration, format_instant, parse_duration, parse_duration_unit,
                   parse_instant)
from . import predict

__version__ = "1.0.0"

__all__ = [
    "load", "Library", "library", "version", "version_number", "error_name", "strerror",
    "Calendar", "CalendarBuilder", "TIME_MIN", "TIME_MAX",
    "parse_instant", "parse_duration", "parse_duration_unit", "format_instant", "format_duration",
    "IcsOptions", "IcsList", "IcsInstance", "read_ics",
    "Policy", "Ticket", "TicketInfo", "Report", "MetricReport", "TimelineSegment",
    "Metric", "Channel", "Priority", "Status", "ClockState", "Event", "Segment", "Pause", "ANY",
    "predict",
    "SlaError", "InvalidError", "NoMemoryError", "RangeError", "NeverError", "ParseError",
    "NoZoneError", "SlaIOError", "UnsupportedError", "LimitError", "OrderError",
    "ClosedError", "StateError", "VersionError", "UnstableError", "LoadError",
]


def library() -> Library:
    """The loaded libsla (loading it on first use)."""
    return _ffi.lib()


def version() -> str:
    """The runtime library's version string (``sla_version_string()``)."""
    return _ffi.lib().version


def version_number() -> int:
    """The runtime version as ``major * 10000 + minor * 100 + patch``."""
    return _ffi.lib().sla_version_number()


def error_name(code: int) -> str:
    """The library's short name of an error code (``"range"``, ``"ok"``...)."""
    lib = _ffi.lib()
    return lib.text(lib.sla_error_name(code))


def strerror(code: int) -> str:
    """A sentence describing an error code."""
    lib = _ffi.lib()
    return lib.text(lib.sla_strerror(code))
