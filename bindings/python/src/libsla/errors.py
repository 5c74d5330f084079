"""Exceptions raised by the libsla bindings.

Every failing libsla call returns a negative ``SLA_E*`` code; the bindings
turn it into an exception named after the library's short error name
(``sla_error_name``): code -3, ``"range"``, becomes :class:`RangeError`.
All of them derive from :class:`SlaError`, which carries ``.code`` (the
negative integer), ``.name`` (the short name) and the message.

Where it helps ``except`` clauses written for the standard library, a class
also derives from the matching built-in exception: :class:`InvalidError`,
:class:`RangeError`, :class:`ParseError` and :class:`LimitError` are
``ValueError``; :class:`NoZoneError` is a ``LookupError``;
:class:`SlaIOError` is an ``OSError``; :class:`NoMemoryError` is a
``MemoryError``.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

__all__ = [
    "SlaError",
    "InvalidError",
    "NoMemoryError",
    "RangeError",
    "NeverError",
    "ParseError",
    "NoZoneError",
    "SlaIOError",
    "UnsupportedError",
    "LimitError",
    "OrderError",
    "ClosedError",
    "StateError",
    "VersionError",
    "UnstableError",
    "LoadError",
    "ERROR_CODES",
]


def __dir__():
    """Only the API (``__all__``): the helpers this module imports stay out of ``dir()``."""
    return sorted(__all__)

# Pinned values of enum sla_error in sla.h.
EINVAL = -1
ENOMEM = -2
ERANGE = -3
ENEVER = -4
EPARSE = -5
ENOZONE = -6
EIO = -7
EUNSUPPORTED = -8
ELIMIT = -9
EORDER = -10
ECLOSED = -11
ESTATE = -12
EVERSION = -13
EUNSTABLE = -14


class SlaError(Exception):
    """A libsla call failed.

    Attributes:
        code: the negative ``SLA_E*`` code the C call returned.
        name: the library's short name for it (``"range"``, ``"never"``...).
        message: a sentence saying what went wrong.
        index: for a many-at-once call, the index of the first element that
            failed; ``None`` otherwise.
    """

    code: int = 0
    name: str = "unknown"

    def __init__(self, message: str, *, code: Optional[int] = None,
                 name: Optional[str] = None, index: Optional[int] = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        if name is not None:
            self.name = name
        self.message = message
        self.index = index

    def __str__(self) -> str:
        return self.message


class InvalidError(SlaError, ValueError):
    """``invalid`` (-1): an argument is invalid (negative duration, bad date...)."""
    code, name = EINVAL, "invalid"


class NoMemoryError(SlaError, MemoryError):
    """``nomem`` (-2): the library ran out of memory."""
    code, name = ENOMEM, "nomem"


class RangeError(SlaError, ValueError):
    """``range`` (-3): an instant or result outside 1970-01-01 .. 2200-01-01."""
    code, name = ERANGE, "range"


class NeverError(SlaError):
    """``never`` (-4): the calendar never opens (or closes) again in range."""
    code, name = ENEVER, "never"


class ParseError(SlaError, ValueError):
    """``parse`` (-5): text could not be parsed.

    Attributes:
        line: 1-based line of the error, 0 when it has none.
        column: 1-based column (in bytes) of the error, 0 when it has none.
        construct: the construct the error is about (``"sunrise"``,
            ``"weekday"``...), ``""`` when none.
        text: the text that was parsed, when known.
    """
    code, name = EPARSE, "parse"

    def __init__(self, message: str, *, code: Optional[int] = None,
                 name: Optional[str] = None, index: Optional[int] = None,
                 line: int = 0, column: int = 0, construct: str = "",
                 text: Optional[str] = None) -> None:
        super().__init__(message, code=code, name=name, index=index)
        self.line = line
        self.column = column
        self.construct = construct
        self.text = text


class NoZoneError(SlaError, LookupError):
    """``nozone`` (-6): no such time zone, or its TZif data is unusable."""
    code, name = ENOZONE, "nozone"


class SlaIOError(SlaError, OSError):
    """``io`` (-7): a file could not be read."""
    code, name = EIO, "io"

    def __str__(self) -> str:  # OSError formats its args otherwise
        return self.message


class UnsupportedError(SlaError):
    """``unsupported`` (-8): valid input that libsla deliberately does not handle.

    Also raised by the bindings for a function the loaded library lacks.
    """
    code, name = EUNSUPPORTED, "unsupported"


class LimitError(SlaError, ValueError):
    """``limit`` (-9): input exceeds a documented limit (size, count, expansion)."""
    code, name = ELIMIT, "limit"


class OrderError(SlaError):
    """``order`` (-10): an event older than the last one applied."""
    code, name = EORDER, "order"


class ClosedError(SlaError):
    """``closed`` (-11): an event after the ticket was closed."""
    code, name = ECLOSED, "closed"


class StateError(SlaError):
    """``state`` (-12): the call does not fit the object's state.

    Also raised by the bindings for an object that was already closed.
    """
    code, name = ESTATE, "state"


class VersionError(SlaError):
    """``version`` (-13): serialized data of an unknown format version."""
    code, name = EVERSION, "version"


class UnstableError(SlaError):
    """``unstable`` (-14): a queue whose load reaches its capacity."""
    code, name = EUNSTABLE, "unstable"


class LoadError(OSError):
    """The shared library could not be found or loaded, or is too old.

    The message names every place that was tried and why each failed.
    """


ERROR_CODES: Dict[int, Type[SlaError]] = {
    cls.code: cls
    for cls in (InvalidError, NoMemoryError, RangeError, NeverError, ParseError,
                NoZoneError, SlaIOError, UnsupportedError, LimitError, OrderError,
                ClosedError, StateError, VersionError, UnstableError)
}
