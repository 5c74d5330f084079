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


def instant_in(t: Any) -> int:
    """An instant argument as epoch seconds.

    Accepts an int (epoch seconds) or a timezone-aware ``datetime`` (sub-second
    parts are floored). Naive datetimes are refused.
    """
    if type(t) is int:
        return t
    if isinstance(t, _dt.datetime):
        if t.tzinfo is None or t.utcoffset() is None:
            raise InvalidError(
                f"naive datetime {t.isoformat()} has no time zone: pass an aware datetime "
                "(e.g. datetime(..., tzinfo=ZoneInfo('Europe/Oslo'))), epoch seconds, "
                "or read a local time with Calendar.local_time()")
        return (t - EPOCH) // SECOND
    if isinstance(t, int) and not isinstance(t, bool):
        return int(t)
    if hasattr(t, "__index__") and not isinstance(t, (bool, float)):
        return t.__index__()  # numpy integers
    raise TypeError(f"an instant must be an int (epoch seconds) or an aware datetime, "
                    f"not {type(t).__name__}")


def duration_in(d: Any) -> int:
    """A duration argument as seconds: int, or ``timedelta`` (floored)."""
    if type(d) is int:
        return d
    if isinstance(d, _dt.timedelta):
        return d // SECOND
    if isinstance(d, int) and not isinstance(d, bool):
        return int(d)
    if hasattr(d, "__index__") and not isinstance(d, (bool, float)):
        return d.__index__()
    raise TypeError(f"a duration must be an int (seconds) or a timedelta, "
                    f"not {type(d).__name__}")


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
    conv = {"q": instant_or_duration_in, "i": int, "d": float}[kind]
    arr = array(kind, (conv(x) for x in obj))
    return buffer_in(arr, kind, what)


def instant_or_duration_in(x: Any) -> int:
    if isinstance(x, _dt.timedelta):
        return duration_in(x)
    return instant_in(x)


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
