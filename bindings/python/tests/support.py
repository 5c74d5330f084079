"""Shared helpers for the binding tests."""

import os
import unittest
from datetime import datetime, timezone

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover
    ZoneInfo = None

import libsla

UTC = timezone.utc


def local(zone, *args):
    """Epoch seconds of a local wall-clock time, computed by zoneinfo (fold=0)."""
    return int(datetime(*args, tzinfo=ZoneInfo(zone)).timestamp())


def utc(*args):
    return int(datetime(*args, tzinfo=UTC).timestamp())


def shared_dir():
    d = os.environ.get("SLA_SHARED_DIR")
    if d and os.path.isdir(d):
        return d
    return None


def source_dir():
    d = os.environ.get("SLA_SOURCE_DIR")
    if d:
        return d
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", ".."))


def needs(*symbols):
    """Skip a test when the loaded library lacks a section still being built."""
    missing = [s for s in symbols if s in libsla.library().missing]
    return unittest.skipIf(bool(missing), f"library lacks {', '.join(missing)}")
