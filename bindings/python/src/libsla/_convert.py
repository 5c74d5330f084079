"""Conversions between Python values and libsla's int64 instants, durations
and memory buffers (internal)."""

from __future__ import annotations

import ctypes
import datetime as _dt
from array import array
from typing import Any, Optional, Tuple, Union

from .errors import InvalidError

EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
SECOND = _dt.timedelta(seconds=1)

Instant = Union[int, _dt.datetime]
Duration = Union[int, _dt.timedelta]

#: The C types' limits: a Python int outside them would wrap in ctypes.
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
INT_MIN = -(1 << (8 * ctypes.sizeof(ctypes.c_int) - 1))
INT_MAX = -INT_MIN - 1
#: The supported instants, [TIME_MIN, TIME_MAX) (sla.h: SLA_TIME_MIN, SLA_TIME_MAX). An
#: argument may equal TIME_MAX where it ends a span; the library refuses it elsewhere.
TIME_MIN, TIME_MAX = 0, 7258118400
_RANGE_TEXT = "1970-01-01T00:00:00Z to 2200-01-01T00:00:00Z, epoch seconds 0 to 7258118400"

# Buffer formats accepted as int64 / int32 (native byte order, signed).
_I64_FORMATS = {"q", "@q", "=q", "l", "@l"} if ctypes.sizeof(ctypes.c_long) == 8 else {
    "q", "@q", "=q"}
_I32_FORMATS = {"i", "@i", "=i"} | ({"l", "@l"} if ctypes.sizeof(ctypes.c_long) == 4 else set())
_F64_FORMATS = {"d", "@d", "=d"}
if array("q").itemsize == 8:  # little/big endian explicit forms on this host
    import sys as _sys
    _native = "<" if _sys.byteorder == "little" else ">"
    _I64_FORMATS |= {_native + "q"} | ({_native + "l"} if "l" in _I64_FORMATS else set())
    _I32_FORMATS |= {_native + "i"}
    _F64_FORMATS |= {_native + "d"}


# Every Python value that reaches a C parameter passes through one of the functions below
# (text_in, path_in, instant_in, duration_in, int_in): they refuse what the C call could not
# take whole (an embedded NUL, an integer ctypes would wrap) with an exception naming the
# argument, instead of letting ctypes truncate or wrap it.


def _int_of(x: Any) -> Optional[int]:
    """x as an int when it is one (bool excluded, numpy integers included), else None."""
    if type(x) is int:
        return x
    if isinstance(x, (bool, float)):
        return None
    if isinstance(x, int):
        return int(x)
    if hasattr(x, "__index__"):
        return x.__index__()
    return None


def _range_error(what: str, value: int, kind: str) -> Exception:
    from .errors import RangeError
    if kind == "instant":
        return RangeError(f"{what} {value}: instant outside the supported range "
                          f"({_RANGE_TEXT})")
    return RangeError(f"{what} {value}: duration longer than the supported span "
                      f"(at most {TIME_MAX} seconds either way)")


def instant_in(t: Any, what: str = "instant") -> int:
    """An instant argument as epoch seconds.

    Accepts an int (epoch seconds) or a timezone-aware ``datetime`` (sub-second
    parts are floored). Naive datetimes are refused (InvalidError); a value outside
    [TIME_MIN, TIME_MAX] is a RangeError (never a wrapped value).
    """
    if type(t) is int:
        if TIME_MIN <= t <= TIME_MAX:
            return t
        raise _range_error(what, t, "instant")
    if isinstance(t, _dt.datetime):
        if t.tzinfo is None or t.utcoffset() is None:
            raise InvalidError(
                f"{what}: naive datetime {t.isoformat()} has no time zone: pass an aware "
                "datetime (e.g. datetime(..., tzinfo=ZoneInfo('Europe/Oslo'))), epoch seconds, "
                "or read a local time with Calendar.local_time()")
        v = (t - EPOCH) // SECOND
    else:
        v = _int_of(t)
        if v is None:
            raise TypeError(f"{what}: an instant must be an int (epoch seconds) or an aware "
                            f"datetime, not {type(t).__name__}")
    if TIME_MIN <= v <= TIME_MAX:
        return v
    raise _range_error(what, v, "instant")


def duration_in(d: Any, what: str = "duration") -> int:
    """A duration argument as seconds: int, or ``timedelta`` (floored); its magnitude
    at most TIME_MAX seconds (RangeError beyond)."""
    if type(d) is int:
        v = d
    elif isinstance(d, _dt.timedelta):
        v = d // SECOND
    else:
        v = _int_of(d)
        if v is None:
            raise TypeError(f"{what}: a duration must be an int (seconds) or a timedelta, "
                            f"not {type(d).__name__}")
    if -TIME_MAX <= v <= TIME_MAX:
        return v
    raise _range_error(what, v, "duration")


def duration_text_in(d: Any, what: str = "duration") -> int:
    """Like :func:`duration_in`, also taking duration text (``"15m"``, ``"PT1H"``)."""
    if isinstance(d, str):
        from . import text as _text
        return _text._parse_duration(d, what)
    return duration_in(d, what)


def seconds_in(x: Any, what: str) -> float:
    """A time in seconds as a float for the Erlang functions: a number, a
    ``timedelta`` or duration text (``"20s"``, ``"3m"``)."""
    if isinstance(x, _dt.timedelta):
        return x.total_seconds()
    if isinstance(x, str):
        return float(duration_text_in(x, what))
    if isinstance(x, bool):
        raise TypeError(f"{what}: a time in seconds is a number, timedelta or text, not bool")
    try:
        return float(x)
    except (TypeError, ValueError):
        raise TypeError(f"{what}: a time in seconds is a number, a timedelta or duration "
                        f"text such as '20s', not {type(x).__name__}") from None


def int_in(v: Any, what: str, lo: int = INT_MIN, hi: int = INT_MAX) -> int:
    """An integer argument of a C ``int`` parameter (or a narrower range)."""
    i = _int_of(v)
    if i is None:
        raise TypeError(f"{what}: an integer is needed, not {type(v).__name__}")
    if lo <= i <= hi:
        return i
    from .errors import RangeError
    raise RangeError(f"{what} {i}: outside {lo} to {hi}")


def _refuse_nul(raw: bytes, what: str, shown: Any) -> None:
    i = raw.find(b"\0")
    if i >= 0:
        raise InvalidError(f"{what} {shown!r}: a NUL byte at offset {i}; text given to "
                           "libsla cannot hold NUL characters (remove it)")


def text_in(s: Any, what: str) -> bytes:
    """A text argument as NUL-free UTF-8 bytes for a C string parameter.

    ``str`` (and ``bytes``, taken as they are) only; an embedded NUL, which the C
    string would silently end at, is an InvalidError naming the argument.
    """
    if isinstance(s, str):
        try:
            raw = s.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InvalidError(f"{what} {s!r}: not valid Unicode text ({exc.reason} at "
                               f"offset {exc.start})") from None
    elif isinstance(s, (bytes, bytearray)):
        raw = bytes(s)
    else:
        raise TypeError(f"{what}: text (str) is needed, not {type(s).__name__}")
    _refuse_nul(raw, what, s)
    return raw


def path_in(p: Any, what: str) -> bytes:
    """A file path (``str``, ``bytes`` or ``os.PathLike``) as NUL-free bytes."""
    import os
    try:
        raw = os.fsencode(p)
    except TypeError:
        raise TypeError(f"{what}: a file path (str or os.PathLike) is needed, "
                        f"not {type(p).__name__}") from None
    _refuse_nul(raw, what, os.fsdecode(raw))
    return raw


def duration_out(seconds: int) -> _dt.timedelta:
    return _dt.timedelta(seconds=seconds)


# ---- buffers


class Buf:
    """A C view of a Python buffer: ``addr`` and ``n`` elements; keeps the
    exporting object (and any ctypes view of it) alive while referenced."""

    __slots__ = ("obj", "view", "addr", "n")

    def __init__(self, obj: Any, view: Any, addr: int, n: int) -> None:
        self.obj, self.view, self.addr, self.n = obj, view, addr, n


def _formats(kind: str) -> Tuple[set, int, str]:
    if kind == "q":
        return _I64_FORMATS, 8, "int64"
    if kind == "i":
        return _I32_FORMATS, 4, "int32"
    return _F64_FORMATS, 8, "float64"


def _as_items(mv: memoryview, kind: str, size: int) -> memoryview:
    """Raw bytes (bytes, bytearray, 'B' views) read as native items."""
    if mv.format in ("B", "b", "c") and mv.c_contiguous and mv.nbytes % size == 0:
        return mv.cast("B").cast(kind)
    return mv


def buffer_in(obj: Any, kind: str, what: str) -> Buf:
    """A read-only C view of ``obj`` holding ``kind`` elements ('q' int64,
    'i' int32, 'd' double), without copying when the object allows it.

    Writable buffers (array, bytearray, writable memoryview, numpy arrays)
    and objects with ``__array_interface__`` are used in place; a read-only
    buffer such as ``bytes`` is copied once; any other iterable of numbers is
    converted element by element.
    """
    formats, size, name = _formats(kind)
    try:
        mv = memoryview(obj)
    except TypeError:
        mv = None
    if mv is not None:
        mv = _as_items(mv, kind, size)
        if mv.format not in formats or mv.itemsize != size:
            raise TypeError(f"{what}: a buffer of {name} is needed, got format "
                            f"{mv.format!r} with {mv.itemsize}-byte items")
        if not mv.c_contiguous:
            raise TypeError(f"{what}: the buffer must be C-contiguous")
        n = mv.nbytes // size
        if n == 0:
            return Buf(obj, None, 0, 0)
        if not mv.readonly:
            carr = (ctypes.c_char * mv.nbytes).from_buffer(mv.cast("B"))
            return Buf(obj, carr, ctypes.addressof(carr), n)
        iface = getattr(obj, "__array_interface__", None)
        if iface is not None and iface.get("data") and iface.get("strides") is None:
            return Buf(obj, mv, int(iface["data"][0]), n)
        carr = (ctypes.c_char * mv.nbytes).from_buffer_copy(mv)
        return Buf(obj, carr, ctypes.addressof(carr), n)
    if isinstance(obj, (str, bytes)):
        raise TypeError(f"{what}: expected a buffer or sequence of numbers")
    conv = {"q": instant_or_duration_in, "i": _int_item, "d": _float_item}[kind]
    arr = array(kind, (conv(x, f"{what}[{i}]") for i, x in enumerate(obj)))
    return buffer_in(arr, kind, what)


def _int_item(x: Any, what: str) -> int:
    return int_in(x, what)


def _float_item(x: Any, what: str) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        raise TypeError(f"{what}: a number is needed, not {x!r}") from None


def instant_or_duration_in(x: Any, what: str = "element") -> int:
    """An element of an int64 sequence: a timedelta is a duration, a datetime an
    instant; an int must fit int64 (the library checks the supported range of
    each element and reports it per element)."""
    if isinstance(x, _dt.timedelta):
        return duration_in(x, what)
    if isinstance(x, _dt.datetime):
        return instant_in(x, what)
    v = _int_of(x)
    if v is None:
        raise TypeError(f"{what}: an int, datetime or timedelta is needed, "
                        f"not {type(x).__name__}")
    if INT64_MIN <= v <= INT64_MAX:
        return v
    from .errors import RangeError
    raise RangeError(f"{what} {v}: does not fit a 64-bit integer, far outside the supported "
                     f"range ({_RANGE_TEXT})")


def new_like(template: Any, kind: str, n: int) -> Any:
    """A new zero-filled output buffer of n elements: a numpy array when the
    template is one, otherwise an ``array.array``."""
    mod = type(template).__module__
    if mod == "numpy" or mod.startswith("numpy."):
        import numpy  # only when the caller already uses numpy
        dtype = {"q": numpy.int64, "i": numpy.intc, "d": numpy.float64}[kind]
        return numpy.zeros(n, dtype=dtype)
    return array(kind, [0]) * n  # repetition is a fast fill; array(kind, bytes) is not


def buffer_out(obj: Optional[Any], kind: str, n: int, template: Any, what: str) -> Tuple[Any, Buf]:
    """A writable C view of an output buffer of n elements (new when None)."""
    if obj is None:
        obj = new_like(template, kind, n)
    formats, size, name = _formats(kind)
    try:
        mv = memoryview(obj)
    except TypeError:
        raise TypeError(f"{what}: a writable buffer of {name} is needed, "
                        f"not {type(obj).__name__}") from None
    if mv.readonly:
        raise TypeError(f"{what}: the output buffer is read-only")
    mv = _as_items(mv, kind, size)
    if mv.format not in formats or mv.itemsize != size or not mv.c_contiguous:
        raise TypeError(f"{what}: a C-contiguous buffer of {name} is needed, "
                        f"got format {mv.format!r}")
    if mv.nbytes // size != n:
        raise ValueError(f"{what}: the output buffer holds {mv.nbytes // size} "
                         f"elements, {n} are needed")
    if n == 0:
        return obj, Buf(obj, None, 0, 0)
    carr = (ctypes.c_char * mv.nbytes).from_buffer(mv.cast("B"))
    return obj, Buf(obj, carr, ctypes.addressof(carr), n)


def broadcast(value: Any, n: int, kind: str, what: str, conv) -> Buf:
    """A scalar repeated n times, or a buffer of n elements."""
    if isinstance(value, (int, str, _dt.timedelta, _dt.datetime)) and not isinstance(value, bool):
        return buffer_in(array(kind, [conv(value)]) * n, kind, what)
    if hasattr(value, "__index__") and not hasattr(value, "__len__"):
        return buffer_in(array(kind, [conv(value)]) * n, kind, what)
    buf = buffer_in(value, kind, what)
    if buf.n != n:
        raise ValueError(f"{what}: {buf.n} elements, {n} expected")
    return buf
