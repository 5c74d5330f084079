"""The package's version: the one place it is written (pyproject.toml reads it from here).

It equals the C library's release (``project(version : ...)`` in meson.build); a test checks
both and the loaded library's ``sla_version_string()``.
"""

__version__ = "1.1.0"
