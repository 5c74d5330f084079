"""The C function table and the loader of libsla.so.1.

Every exported function of the library is declared here, once, with its
argument and result types (``FUNCTIONS``). The other modules call the C
functions only through a :class:`Library` made by :func:`load`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import threading
from ctypes import (POINTER, c_char_p, c_double, c_int, c_int32, c_int64, c_size_t, c_uint32,
                    c_void_p)
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import errors as _errors

__all__ = ["Library", "load", "lib", "FUNCTIONS", "REQUIRED_MAJOR", "MINIMUM_MINOR"]

#: The library major version these bindings speak (the SONAME libsla.so.1).
REQUIRED_MAJOR = 1
#: The oldest minor version of that major that has every function below.
MINIMUM_MINOR = 0
SONAME = "libsla.so.1"

_p = c_void_p            # an opaque object pointer
_pp = POINTER(c_void_p)  # an out-pointer to one
_i64p = POINTER(c_int64)
_ip = POINTER(c_int)
_dp = POINTER(c_double)
_str = c_char_p

# name -> (restype, argtypes), in the order of sla.h.
FUNCTIONS: Dict[str, Tuple[Any, Sequence[Any]]] = {
    # ---- core: versions, errors, diagnostics
    "sla_version_number": (c_int, ()),
    "sla_version_string": (c_char_p, ()),
    "sla_strerror": (c_char_p, (c_int,)),
    "sla_error_name": (c_char_p, (c_int,)),
    "sla_diag_new": (c_int, (_pp,)),
    "sla_diag_free": (None, (_p,)),
    "sla_diag_code": (c_int, (_p,)),
    "sla_diag_message": (c_char_p, (_p,)),
    "sla_diag_line": (c_int, (_p,)),
    "sla_diag_column": (c_int, (_p,)),
    "sla_diag_construct": (c_char_p, (_p,)),
    # ---- calendar
    "sla_calendar_builder_new": (c_int, (_str, _pp)),
    "sla_calendar_builder_new_tzdir": (c_int, (_str, _str, _pp)),
    "sla_calendar_builder_free": (None, (_p,)),
    "sla_calendar_builder_set_hours": (c_int, (_p, _str, _p)),
    "sla_calendar_builder_add_holiday": (c_int, (_p, c_int, c_int, c_int)),
    "sla_calendar_builder_add_closure": (c_int, (_p, c_int64, c_int64)),
    "sla_calendar_builder_add_opening": (c_int, (_p, c_int64, c_int64)),
    "sla_calendar_builder_local_time": (c_int, (_p, c_int, c_int, c_int, c_int, c_int, c_int,
                                                _i64p)),
    "sla_calendar_builder_compile": (c_int, (_p, _pp)),
    "sla_calendar_new": (c_int, (_str, _str, _pp, _p)),
    "sla_calendar_free": (None, (_p,)),
    "sla_calendar_union": (c_int, (_p, _p, _pp)),
    "sla_calendar_intersect": (c_int, (_p, _p, _pp)),
    "sla_calendar_zone": (c_char_p, (_p,)),
    "sla_calendar_memory_size": (c_size_t, (_p,)),
    "sla_calendar_is_holiday": (c_int, (_p, c_int64, _ip)),
    "sla_calendar_utc_offset": (c_int, (_p, c_int64, _ip)),
    "sla_calendar_local_time": (c_int, (_p, c_int, c_int, c_int, c_int, c_int, c_int, _i64p)),
    "sla_calendar_is_open": (c_int, (_p, c_int64, _ip)),
    "sla_calendar_add": (c_int, (_p, c_int64, c_int64, _i64p)),
    "sla_calendar_sub": (c_int, (_p, c_int64, c_int64, _i64p)),
    "sla_calendar_diff": (c_int, (_p, c_int64, c_int64, _i64p)),
    "sla_calendar_next_open": (c_int, (_p, c_int64, _i64p)),
    "sla_calendar_next_close": (c_int, (_p, c_int64, _i64p)),
    "sla_calendar_prev_open": (c_int, (_p, c_int64, _i64p)),
    "sla_calendar_prev_close": (c_int, (_p, c_int64, _i64p)),
    "sla_calendar_prev_open_many": (c_int, (_p, _p, c_size_t, _p, _p)),
    "sla_calendar_prev_close_many": (c_int, (_p, _p, c_size_t, _p, _p)),
    "sla_calendar_add_days": (c_int, (_p, c_int64, c_int64, _i64p)),
    "sla_calendar_sub_days": (c_int, (_p, c_int64, c_int64, _i64p)),
    "sla_calendar_count_days": (c_int, (_p, c_int64, c_int64, POINTER(c_size_t))),
    "sla_calendar_holiday_horizon": (c_int, (_p, _i64p, _ip)),
    # Many-at-once calls take raw addresses (c_void_p) so that any buffer,
    # ctypes array or numpy array is passed without a copy.
    "sla_calendar_is_open_many": (c_int, (_p, _p, c_size_t, _p, _p)),
    "sla_calendar_add_many": (c_int, (_p, _p, _p, c_size_t, _p, _p)),
    "sla_calendar_sub_many": (c_int, (_p, _p, _p, c_size_t, _p, _p)),
    "sla_calendar_diff_many": (c_int, (_p, _p, _p, c_size_t, _p, _p)),
    "sla_calendar_next_open_many": (c_int, (_p, _p, c_size_t, _p, _p)),
    "sla_calendar_next_close_many": (c_int, (_p, _p, c_size_t, _p, _p)),
    # ---- text
    "sla_parse_instant": (c_int, (_p, _str, _i64p, _p)),
    "sla_parse_duration": (c_int, (_str, _i64p, _p)),
    "sla_parse_duration_unit": (c_int, (_str, _i64p, _ip, _p)),
    "sla_format_instant": (c_int, (_p, c_int64, _p, c_size_t)),
    "sla_format_duration": (c_int, (c_int64, _p, c_size_t)),
    # ---- ics: iCalendar import
    "sla_ics_options_new": (c_int, (_pp,)),
    "sla_ics_options_free": (None, (_p,)),
    "sla_ics_options_set_mode": (c_int, (_p, c_int)),
    "sla_ics_options_keep_category": (c_int, (_p, _str)),
    "sla_ics_options_drop_category": (c_int, (_p, _str)),
    "sla_ics_options_keep_summary": (c_int, (_p, _str)),
    "sla_ics_options_drop_summary": (c_int, (_p, _str)),
    "sla_ics_options_set_window": (c_int, (_p, c_int, c_int)),
    "sla_calendar_builder_add_ics": (c_int, (_p, _str, c_size_t, _p, _p)),
    "sla_calendar_builder_add_ics_file": (c_int, (_p, _str, _p, _p)),
    "sla_ics_list_new": (c_int, (_str, c_size_t, _str, _p, _pp, _p)),
    "sla_ics_list_new_file": (c_int, (_str, _str, _p, _pp, _p)),
    "sla_ics_list_free": (None, (_p,)),
    "sla_ics_list_count": (c_size_t, (_p,)),
    "sla_ics_list_is_all_day": (c_int, (_p, c_size_t)),
    "sla_ics_list_dates": (c_int, (_p, c_size_t, POINTER(c_int32), POINTER(c_int32))),
    "sla_ics_list_span": (c_int, (_p, c_size_t, _i64p, _i64p)),
    "sla_ics_list_summary": (c_char_p, (_p, c_size_t)),
    "sla_ics_list_line": (c_int, (_p, c_size_t)),
    # ---- sla: policies and ticket clocks
    "sla_policy_new": (c_int, (_pp,)),
    "sla_policy_new_default": (c_int, (_p, _p, _pp)),
    "sla_policy_free": (None, (_p,)),
    "sla_policy_add_channel": (c_int, (_p, _str, _ip)),
    "sla_policy_channel": (c_int, (_p, _str, _ip)),
    "sla_policy_channel_name": (c_char_p, (_p, c_int)),
    "sla_policy_channel_count": (c_int, (_p,)),
    "sla_policy_add_calendar": (c_int, (_p, _str, _p)),
    "sla_policy_add_target": (c_int, (_p, c_int, c_int, c_int, c_int64, _p, c_uint32, _ip,
                                      c_size_t)),
    "sla_policy_parse": (c_int, (_p, _str, _p)),
    "sla_policy_target_count": (c_size_t, (_p,)),
    "sla_policy_lookup": (c_int, (_p, c_int, c_int, c_int, _i64p, _pp)),
    "sla_metric_name": (c_char_p, (c_int,)),
    "sla_ticket_status_name": (c_char_p, (c_int,)),
    "sla_priority_name": (c_char_p, (c_int,)),
    "sla_clock_state_name": (c_char_p, (c_int,)),
    "sla_name_lookup": (c_int, (c_int, _str, _ip)),
    "sla_ticket_new": (c_int, (_p, c_int64, c_int, c_int, _pp)),
    "sla_ticket_free": (None, (_p,)),
    "sla_ticket_apply": (c_int, (_p, c_int64, c_int, c_int)),
    "sla_ticket_customer_message": (c_int, (_p, c_int64, c_int)),
    "sla_ticket_agent_reply": (c_int, (_p, c_int64)),
    "sla_ticket_note": (c_int, (_p, c_int64)),
    "sla_ticket_set_status": (c_int, (_p, c_int64, c_int)),
    "sla_ticket_set_priority": (c_int, (_p, c_int64, c_int)),
    "sla_ticket_set_channel": (c_int, (_p, c_int64, c_int)),
    "sla_ticket_info": (c_int, (_p, _ip, _ip, _ip, _i64p, _i64p)),
    "sla_ticket_save": (c_int, (_p, _p, c_size_t)),
    "sla_ticket_restore": (c_int, (_p, _p, c_size_t, _pp)),
    "sla_status_new": (c_int, (_pp,)),
    "sla_status_free": (None, (_p,)),
    "sla_ticket_status": (c_int, (_p, c_int64, _p)),
    "sla_status_get": (c_int, (_p, c_int, c_int, _i64p)),
    "sla_status_warning": (c_int, (_p, c_int, c_int, _ip, _i64p)),
    "sla_ticket_timeline": (c_int, (_p, c_int64, c_int, _p, _p, _p, c_size_t,
                                    POINTER(c_size_t))),
    # ---- clocks (1.1): wake-ups, crossings, rebase
    "sla_ticket_next_change": (c_int, (_p, c_int64, _i64p, _ip, _ip, _ip)),
    "sla_ticket_crossings": (c_int, (_p, c_int64, c_int64, _p, _p, _p, c_size_t,
                                     POINTER(c_size_t))),
    "sla_ticket_rebase": (c_int, (_p, _p, c_int64, _p, _ip)),
    "sla_ticket_rebase_saved": (c_int, (_p, _p, c_size_t, _p, c_int64, _p, _pp, _ip)),
    # ---- predict: Erlang staffing and coverage
    "sla_erlang_b": (c_int, (c_double, c_double, c_int, _dp)),
    "sla_erlang_c": (c_int, (c_double, c_double, c_int, _dp)),
    "sla_erlang_c_service_level": (c_int, (c_double, c_double, c_int, c_double, _dp)),
    "sla_erlang_c_asa": (c_int, (c_double, c_double, c_int, _dp)),
    "sla_erlang_c_occupancy": (c_int, (c_double, c_double, c_int, _dp)),
    "sla_erlang_c_agents": (c_int, (c_double, c_double, c_double, c_double, c_double, c_double,
                                    _ip, _ip)),
    "sla_staffing_table": (c_int, (_p, c_size_t, c_int64, c_double, c_double, c_double,
                                   c_double, c_double, _p, _p)),
    "sla_erlang_a_wait": (c_int, (c_double, c_double, c_double, c_int, _dp)),
    "sla_erlang_a_abandon": (c_int, (c_double, c_double, c_double, c_int, _dp)),
    "sla_erlang_a_service_level": (c_int, (c_double, c_double, c_double, c_int, c_double, _dp)),
    "sla_erlang_a_asa": (c_int, (c_double, c_double, c_double, c_int, _dp)),
    "sla_erlang_a_occupancy": (c_int, (c_double, c_double, c_double, c_int, _dp)),
    "sla_erlang_a_agents": (c_int, (c_double, c_double, c_double, c_double, c_double, c_double,
                                    c_double, _ip, _ip)),
    "sla_coverage_gap": (c_int, (_p, c_int64, _p, c_size_t, c_int64, _p, _dp, _dp)),
    "sla_scan": (c_int, (_p, c_size_t, _p, c_int64, _p, _p, _p, _p, c_size_t, c_double, _p, _p,
                         c_size_t, _p, POINTER(c_size_t))),
    "sla_roster_new": (c_int, (_str, _pp)),
    "sla_roster_free": (None, (_p,)),
    "sla_roster_add_holiday": (c_int, (_p, c_int, c_int, c_int)),
    "sla_roster_add_shift": (c_int, (_p, c_int, _str, c_int, c_int, _ip, _p)),
    "sla_roster_shift_count": (c_int, (_p,)),
    "sla_roster_set_handle_time": (c_int, (_p, c_int, c_double, c_double)),
    "sla_roster_set_handle_model": (c_int, (_p, c_int, c_int)),
    "sla_roster_set_arrivals": (c_int, (_p, c_int, _p, c_size_t, c_int, c_int64)),
    "sla_forecast_new": (c_int, (_p, c_int64, _p, _p, _p, _p, c_size_t, c_int, c_int, c_int64,
                                 _pp)),
    "sla_forecast_free": (None, (_p,)),
    "sla_forecast_count": (c_size_t, (_p,)),
    "sla_forecast_results": (c_int, (_p, _p, _p, _p, _p)),
    "sla_forecast_pickups": (c_int, (_p, _p)),
    "sla_forecast_expected_breaches": (c_double, (_p,)),
    "sla_forecast_advise": (c_int, (_p, c_int64, _p, _p, _p, _p, c_size_t, c_int, c_int, _p,
                                    c_size_t, POINTER(c_size_t))),
    "sla_forecast_promise": (c_int, (_p, c_int64, _p, _p, _p, _p, c_size_t, c_int, c_int, c_int,
                                     c_int64, c_int, c_int64, _i64p, _i64p)),
    "sla_forecast_promise_for": (c_int, (_p, c_int, c_int, c_int64, c_int64, _i64p, _i64p,
                                         _ip)),
}


def _missing(name: str, version: str):
    def stub(*_args: Any) -> Any:
        raise _errors.UnsupportedError(
            f"{name}() is not in the loaded libsla {version}; "
            f"a newer libsla.so.1 is needed")
    stub.__name__ = name
    return stub


class Library:
    """One loaded libsla.so.1 with every function of ``FUNCTIONS`` set up.

    Attributes:
        path: what was passed to the dynamic loader.
        version: the runtime version string (``sla_version_string()``).
        version_number: ``major * 10000 + minor * 100 + patch``.
        missing: names of table functions the library does not export; calling
            one raises :class:`~libsla.UnsupportedError`.
    """

    path: str
    version: str
    version_number: int
    missing: List[str]

    def __init__(self, path: str) -> None:
        cdll = ctypes.CDLL(path)
        try:
            vnum = cdll.sla_version_number
        except AttributeError:
            raise _errors.LoadError(f"{path} is not libsla (no sla_version_number)") from None
        vnum.restype, vnum.argtypes = c_int, []
        vstr = cdll.sla_version_string
        vstr.restype, vstr.argtypes = c_char_p, []
        number = vnum()
        major, minor = number // 10000, number // 100 % 100
        version = vstr().decode()
        if major != REQUIRED_MAJOR or minor < MINIMUM_MINOR:
            raise _errors.LoadError(
                f"{path} is libsla {version}; these bindings need "
                f"{REQUIRED_MAJOR}.{MINIMUM_MINOR} or a later {REQUIRED_MAJOR}.x")
        self._cdll = cdll
        self.path = path
        self.version = version
        self.version_number = number
        self.missing = []
        for name, (restype, argtypes) in FUNCTIONS.items():
            try:
                fn = getattr(cdll, name)
            except AttributeError:
                self.missing.append(name)
                setattr(self, name, _missing(name, version))
                continue
            fn.restype = restype
            fn.argtypes = list(argtypes)
            setattr(self, name, fn)

    def __repr__(self) -> str:
        return f"<libsla.Library {self.version} from {self.path!r}>"

    # ---- helpers shared by the wrapper modules

    def text(self, raw: Optional[bytes]) -> str:
        """Decode a C string result (NULL becomes "")."""
        return raw.decode("utf-8", "replace") if raw else ""

    def error(self, code: int, *, what: str = "", diag: Optional["Diag"] = None,
              index: Optional[int] = None, text: Optional[str] = None) -> _errors.SlaError:
        """The exception for a failing call's return code."""
        cls = _errors.ERROR_CODES.get(code, _errors.SlaError)
        name = self.text(self.sla_error_name(code))
        message = self.text(self.sla_strerror(code))
        kwargs: Dict[str, Any] = {}
        if diag is not None and diag.handle:
            dmsg = self.text(self.sla_diag_message(diag.handle))
            if dmsg:
                message = dmsg
            if cls is _errors.ParseError:
                kwargs = dict(line=self.sla_diag_line(diag.handle),
                              column=self.sla_diag_column(diag.handle),
                              construct=self.text(self.sla_diag_construct(diag.handle)),
                              text=text)
        if what:
            message = f"{what}: {message}"
        if cls is _errors.ParseError and not kwargs:
            kwargs = dict(text=text)
        return cls(message, code=code, name=name, index=index, **kwargs)


class Diag:
    """A caller-owned ``sla_diag`` for one call (internal)."""

    __slots__ = ("lib", "handle")

    def __init__(self, library: Library) -> None:
        self.lib = library
        h = c_void_p()
        rc = library.sla_diag_new(ctypes.byref(h))
        if rc:
            raise library.error(rc, what="sla_diag_new")
        self.handle = h

    def code(self) -> int:
        return self.lib.sla_diag_code(self.handle)

    def close(self) -> None:
        if self.handle:
            self.lib.sla_diag_free(self.handle)
            self.handle = None

    def __enter__(self) -> "Diag":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


_lock = threading.Lock()
_default: Optional[Library] = None


def _source_root() -> Optional[Path]:
    """The libsla source tree the package runs from, if it does:
    <root>/bindings/python/src/libsla/_ffi.py or <root>/bindings/python/libsla/_ffi.py."""
    here = Path(__file__).resolve().parent
    for root in (here.parents[2], here.parents[3]):
        if (root / "include" / "libsla" / "sla.h").is_file():
            return root
    return None


def _source_tree_builds(root: Path) -> List[Path]:
    """The build directories' libraries of a source tree: build/ first, then the
    other build*/ directories by name (never by file time: the choice must not
    depend on which directory was built last)."""
    found = sorted(root.glob("build*/lib/" + SONAME), key=lambda p: (p.parts[-3] != "build",
                                                                    p.parts[-3]))
    return [p for p in found if not _sanitizer_build(p.parent.parent)]


def _sanitizer_build(build: Path) -> bool:
    """Whether meson built this directory with a sanitizer (b_sanitize): such a
    library cannot be loaded into an interpreter built without it (the
    sanitizer's runtime aborts the process), so the source-tree search passes
    it over. LIBSLA_PATH still loads it, with the runtime preloaded."""
    try:
        with open(build / "meson-info" / "intro-buildoptions.json", encoding="utf-8") as f:
            options = json.load(f)
    except (OSError, ValueError):
        return False
    return any(isinstance(o, dict) and o.get("name") == "b_sanitize"
               and o.get("value") not in (None, "none", "", [])
               for o in options)


def _asked_for_source_tree(source_tree: Optional[bool]) -> bool:
    if source_tree is not None:
        return bool(source_tree)
    return os.environ.get("LIBSLA_SOURCE_TREE", "").lower() in ("1", "yes", "true", "on")


def _candidates(source_tree: bool = False) -> List[Tuple[str, str]]:
    """(how, path) pairs in search order, without the explicit path."""
    out: List[Tuple[str, str]] = []
    env = os.environ.get("LIBSLA_PATH")
    if env:
        p = Path(env)
        out.append(("LIBSLA_PATH", str(p / SONAME) if p.is_dir() else env))
    build = os.environ.get("LIBSLA_BUILD_DIR")
    if build:
        for sub in ("lib", "."):
            out.append(("LIBSLA_BUILD_DIR", str(Path(build) / sub / SONAME)))
    if source_tree:
        root = _source_root()
        if root is not None:
            out.extend(("source tree", str(p)) for p in _source_tree_builds(root))
    name = ctypes.util.find_library("sla")
    if name:
        out.append(("find_library('sla')", name))
    out.append(("system", SONAME))
    return out


def _source_tree_hint() -> str:
    root = _source_root()
    if root is None:
        return ""
    builds = _source_tree_builds(root)
    if not builds:
        return ""
    return (f"\n(running from the source tree {root}: set LIBSLA_BUILD_DIR="
            f"{builds[0].parent.parent} or LIBSLA_SOURCE_TREE=1 to use its build)")


def load(path: Optional[str] = None, *, source_tree: Optional[bool] = None) -> Library:
    """Load libsla.so.1 and make it the library that new objects use.

    Args:
        path: the shared library file (or a directory holding libsla.so.1).
            When ``None``, try in order: env ``LIBSLA_PATH`` (file or
            directory), env ``LIBSLA_BUILD_DIR`` (a meson build directory),
            only when asked (``source_tree=True`` or env
            ``LIBSLA_SOURCE_TREE=1``) the ``build/lib`` and then the other
            ``build*/lib`` (by name) of the source tree the package runs
            from, ``ctypes.util.find_library('sla')``, and ``libsla.so.1``
            on the system's library path.
        source_tree: search the source tree's build directories (default:
            env ``LIBSLA_SOURCE_TREE``).

    Returns:
        The loaded :class:`Library`.

    Raises:
        LoadError: nothing could be loaded, or the library's version is not
            1.x with x >= the minimum; the message lists what was tried.
    """
    global _default
    with _lock:
        if path is not None:
            p = Path(path)
            target = str(p / SONAME) if p.is_dir() else str(path)
            try:
                library = Library(target)
            except _errors.LoadError:
                raise
            except OSError as exc:
                raise _errors.LoadError(f"cannot load libsla from {target}: {exc}") from None
        else:
            tried: List[str] = []
            library = None
            for how, cand in _candidates(_asked_for_source_tree(source_tree)):
                if os.sep in cand and not os.path.exists(cand):
                    tried.append(f"{how}: {cand} (no such file)")
                    continue
                try:
                    library = Library(cand)
                    break
                except (OSError, _errors.LoadError) as exc:
                    tried.append(f"{how}: {cand} ({exc})")
            if library is None:
                hint = "" if _asked_for_source_tree(source_tree) else _source_tree_hint()
                raise _errors.LoadError(
                    "cannot find libsla.so.1; set LIBSLA_PATH to the library file or "
                    "call libsla.load(path). Tried:\n  " + "\n  ".join(tried) + hint)
        _default = library
        return library


def lib() -> Library:
    """The library new objects use, loading it on first use (see :func:`load`)."""
    library = _default
    if library is None:
        with _lock:
            library = _default
        if library is None:
            library = load()
    return library
