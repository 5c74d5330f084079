#!/bin/sh
# The install tree works for a user: `meson install --destdir` into a
# temporary directory, then
# - only the public headers are installed, and the library's SONAME is
#   libsla.so.1;
# - a small C program builds against the installed header with the installed
#   pkg-config file, and runs against the installed library;
# - Python's ctypes loads the installed library.
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
echo "OK"
