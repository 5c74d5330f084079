#!/bin/sh
# Compile a probe of the public header with a given compiler and flags.
# Usage: compile-header.sh COMPILER SOURCE INCDIR INCDIR2 [LIBDIR] -- FLAGS...
# With LIBDIR the probe is also linked against LIBDIR/libsla.so and run.
# Exit 77 (skip) when the compiler is not installed.
set -u
compiler=$1 src=$2 inc1=$3 inc2=$4
shift 4
libdir=
if [ "$1" != "--" ]; then libdir=$1; shift; fi
shift # --
if ! command -v "$compiler" >/dev/null 2>&1; then
    echo "no $compiler: skipped"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$libdir" ]; then
    set -x
    "$compiler" "$@" -I"$inc1" -I"$inc2" -c "$src" -o "$tmp/probe.o"
    exit $?
fi
set -x
"$compiler" "$@" -I"$inc1" -I"$inc2" "$src" -o "$tmp/probe" -L"$libdir" -lsla \
    -Wl,-rpath,"$libdir" || exit 1
"$tmp/probe"
