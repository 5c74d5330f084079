"""Ownership of C objects (internal): free exactly once, never while a
borrower that points into the object is still alive."""

from __future__ import annotations

import ctypes
import weakref
from typing import Any, Iterable, Optional

from . import _ffi
from .errors import StateError


class Handle:
    """Base of every Python object that owns one libsla object.

    ``_h`` is the C pointer (an ``int`` address), ``None`` once closed.
    ``_deps`` holds the Python objects whose C objects this one borrows (so
    they stay alive as long as it does); ``_borrowers`` records the objects
    that borrow this one, and :meth:`close` refuses while any is open.
    """

    _free_name = ""
    _kind = "object"
    _h: Any = None
    _borrowers: Optional["weakref.WeakSet[Handle]"] = None

    def _adopt(self, library: "_ffi.Library", handle: Any, deps: Iterable["Handle"] = ()) -> None:
        self._lib = library
        # The pointer as a plain int: ctypes passes an int to a c_void_p
        # parameter faster than a c_void_p object.
        self._h = handle.value if isinstance(handle, ctypes.c_void_p) else handle
        self._deps = tuple(deps)
        for d in self._deps:
            if d._borrowers is None:
                d._borrowers = weakref.WeakSet()
            d._borrowers.add(self)

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has released the C object."""
        return self._h is None

    def _live_borrowers(self) -> list:
        return [b for b in (self._borrowers or ()) if b._h is not None]

    def close(self) -> None:
        """Release the C object now (also done by ``with`` and on garbage collection).

        Raises:
            StateError: another open object still borrows this one (close
                tickets before their policy, policies before their calendars).
        """
        h = self._h
        if h is None:
            return
        live = self._live_borrowers()
        if live:
            raise StateError(f"cannot close this {self._kind}: {len(live)} open "
                             f"{live[0]._kind}(s) still use it; close them first")
        self._h = None
        getattr(self._lib, self._free_name)(h)
        self._deps = ()

    def _check(self) -> Any:
        h = self._h
        if h is None:
            raise StateError(f"this {self._kind} is closed")
        return h

    def __enter__(self):
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        h = self._h
        if h is None:
            return
        try:
            if self._live_borrowers():
                return  # only reachable in a collected cycle: leak, never crash
            self._h = None
            getattr(self._lib, self._free_name)(h)
        except Exception:
            pass
