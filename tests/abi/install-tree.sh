#!/bin/sh
# The install tree works for a user: `meson install --destdir` into a
# temporary directory, then
# - only the public headers are installed, and the library's SONAME is
#   libsla.so.1;
# - a small C program builds against the installed header with the installed
#   pkg-config file, and runs against the installed library;
# - Python's ctypes loads the installed library;
# - COPYING is installed; the tools run without LD_LIBRARY_PATH (RUNPATH), and
#   sla-compliance runs from the install tree.
# Usage: install-tree.sh BUILD-DIR CC SMOKE.C
set -eu
build=$1 cc=$2 smoke=$3
for tool in pkg-config readelf; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "$tool not installed: skipped"
        exit 77
    fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

meson install -C "$build" --no-rebuild --quiet --destdir "$tmp/root" >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log"; echo "FAIL: meson install"; exit 1; }

pc=$(find "$tmp/root" -name libsla.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: no libsla.pc installed"; exit 1; }
so=$(find "$tmp/root" -name 'libsla.so.1' | head -n 1)
[ -n "$so" ] || { echo "FAIL: no libsla.so.1 installed"; exit 1; }
libdir=$(dirname "$so")
echo "installed: ${pc#$tmp/root} ${so#$tmp/root}"

soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
[ "$soname" = "libsla.so.1" ] || { echo "FAIL: SONAME is '$soname'"; exit 1; }

headers=$(cd "$tmp/root" && find . -name '*.h' | sort)
echo "headers: $headers"
for h in $headers; do
    case "$h" in
    */include/libsla/sla.h | */include/libsla/version.h) ;;
    *) echo "FAIL: unexpected header installed: $h"; exit 1 ;;
    esac
done

PKG_CONFIG_PATH=$(dirname "$pc")
PKG_CONFIG_SYSROOT_DIR="$tmp/root"
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
cflags=$(pkg-config --cflags libsla)
libs=$(pkg-config --libs libsla)
version=$(pkg-config --modversion libsla)
echo "pkg-config: version $version, cflags '$cflags', libs '$libs'"
# shellcheck disable=SC2086
"$cc" -std=c99 -Wall -Wextra -Werror $cflags "$smoke" -o "$tmp/smoke" $libs
LD_LIBRARY_PATH="$libdir" "$tmp/smoke" || { rc=$?; [ $rc -eq 77 ] && exit 77; echo "FAIL: smoke program"; exit 1; }
LD_LIBRARY_PATH="$libdir" ldd "$tmp/smoke" | grep -q "$tmp/root" ||
    { echo "FAIL: the program did not load the installed library"; exit 1; }

if command -v python3 >/dev/null 2>&1; then
    got=$(python3 -c '
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
lib.sla_version_string.restype = ctypes.c_char_p
print(lib.sla_version_string().decode())' "$so")
    [ "$got" = "$version" ] || { echo "FAIL: ctypes sees '$got', pkg-config says '$version'"; exit 1; }
    echo "ctypes: libsla $got"
else
    echo "no python3: ctypes check skipped"
fi

# The licence is installed where packagers and users look for it.
copying=$(find "$tmp/root" -path '*/doc/libsla/COPYING' | head -n 1)
[ -n "$copying" ] || { echo "FAIL: COPYING not installed in share/doc/libsla"; exit 1; }
if [ -n "${SLA_SOURCE_DIR:-}" ] && [ -f "$SLA_SOURCE_DIR/COPYING" ]; then
    cmp -s "$copying" "$SLA_SOURCE_DIR/COPYING" || { echo "FAIL: installed COPYING differs"; exit 1; }
fi
echo "licence: ${copying#$tmp/root}"

# The installed tools run as they are, without LD_LIBRARY_PATH: their RUNPATH points from
# their own directory to the installed library ($ORIGIN/../lib/...).
calc=$(find "$tmp/root" -name sla-calc -type f | head -n 1)
[ -n "$calc" ] || { echo "FAIL: sla-calc not installed"; exit 1; }
bindir=$(dirname "$calc")
for tool in sla-calc sla-demo sla-staff sla-watch; do
    [ -x "$bindir/$tool" ] || { echo "FAIL: $tool not installed in ${bindir#$tmp/root}"; exit 1; }
    # shellcheck disable=SC2016
    readelf -d "$bindir/$tool" | grep -E 'R(UN)?PATH' | grep -q '\$ORIGIN' ||
        { echo "FAIL: $tool has no RUNPATH relative to \$ORIGIN"; exit 1; }
    env -u LD_LIBRARY_PATH ldd "$bindir/$tool" | grep 'libsla.so.1' | grep -q "$tmp/root" ||
        { echo "FAIL: $tool does not load the installed library"; exit 1; }
done
got=$(env -u LD_LIBRARY_PATH "$bindir/sla-calc" --version) ||
    { echo "FAIL: the installed sla-calc does not run"; exit 1; }
case "$got" in
*"$version"*) echo "tools: $got (no LD_LIBRARY_PATH)" ;;
*) echo "FAIL: sla-calc --version says '$got', expected $version"; exit 1 ;;
esac

# sla-compliance (Python) is installed with the tools and runs from there: its private copy
# of the package under share/libsla/python and the installed library.
if command -v python3 >/dev/null 2>&1; then
    [ -x "$bindir/sla-compliance" ] || { echo "FAIL: sla-compliance not installed"; exit 1; }
    out=$(cd "$tmp" && env -u LD_LIBRARY_PATH -u LIBSLA_PATH -u LIBSLA_BUILD_DIR \
          -u LIBSLA_SOURCE_TREE -u PYTHONPATH "$bindir/sla-compliance" --format csv) ||
        { echo "FAIL: the installed sla-compliance does not run"; exit 1; }
    echo "$out" | grep -q '^email,900,15m,business,' ||
        { echo "FAIL: sla-compliance printed: $out"; exit 1; }
    echo "sla-compliance: runs from ${bindir#$tmp/root}"
fi
echo "OK"
