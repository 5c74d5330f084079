#!/bin/sh
# The README's offline install of the Python package works in a fresh virtual
# environment: Debian's python3 with python3-venv, python3-setuptools and
# python3-wheel (./dev installs them), `python3 -m venv --system-site-packages`, then
# `pip install --no-build-isolation --no-index bindings/python`. The installed package
# has the project's version and its COPYING, and runs against the library of this build.
# Usage: install-python.sh SOURCE-DIR LIBSLA.SO
set -eu
src=$1 so=$2
so=$(cd "$(dirname "$so")" && pwd)/$(basename "$so")
# Debian's interpreter, the one whose packages the recipe uses (another python3 earlier
# in PATH, such as a pyenv one, has neither Debian's setuptools nor wheel).
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3 || true)
if [ -z "$py" ] || ! "$py" -c 'import ensurepip, setuptools, wheel' 2>/dev/null; then
    echo "needs python3 with python3-venv, python3-setuptools and python3-wheel: skipped"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A copy of the package (links resolved), so that pip's build files stay out of the tree.
cp -RL "$src/bindings/python" "$tmp/pkg"
rm -rf "$tmp/pkg/build" "$tmp/pkg/src/libsla.egg-info"

"$py" -m venv --system-site-packages "$tmp/venv" >"$tmp/venv.log" 2>&1 ||
    { cat "$tmp/venv.log"; echo "FAIL: python3 -m venv --system-site-packages"; exit 1; }
"$tmp/venv/bin/pip" install --quiet --no-build-isolation --no-index "$tmp/pkg" \
    >"$tmp/pip.log" 2>&1 ||
    { cat "$tmp/pip.log"; echo "FAIL: pip install --no-build-isolation --no-index"; exit 1; }

cd "$tmp"
env -u LD_LIBRARY_PATH -u PYTHONPATH LIBSLA_PATH="$so" "$tmp/venv/bin/python" - "$src" <<'PY'
import importlib.metadata as md
import os
import re
import sys

import libsla

src = sys.argv[1]
here = os.path.dirname(libsla.__file__)
assert here.startswith(sys.prefix), f"libsla imported from {here}, not the venv"
with open(os.path.join(src, "meson.build"), encoding="utf-8") as f:
    project = re.search(r"version\s*:\s*'([^']+)'", f.read()).group(1)
assert libsla.__version__ == md.version("libsla") == project == libsla.version(), (
    libsla.__version__, md.version("libsla"), project, libsla.version())
licence = [f for f in md.files("libsla") if f.name == "COPYING"]
assert licence, "COPYING is not in the installed package"
with open(os.path.join(src, "COPYING"), encoding="utf-8") as f:
    assert licence[0].read_text() == f.read(), "the installed COPYING differs"
assert libsla.library().path == os.environ["LIBSLA_PATH"], libsla.library().path
cal = libsla.Calendar("Europe/Oslo", "Mo-Fr 08:00-16:00")
assert cal.add("2025-12-24T15:50:00+01:00", "15m").isoformat() == "2025-12-25T08:05:00+01:00"
print(f"venv: libsla {libsla.__version__} from {here}, licence {licence[0]}")
PY
echo "OK"
