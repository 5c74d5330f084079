#!/bin/sh
# Exe wrapper of the `valgrind` test setup (see meson.build).
# Usage: valgrind-wrap.sh VALGRIND [OPTIONS...] -- PROGRAM [ARGS...]
# Test programs run under valgrind; a system program (an interpreter such as
# node, python3 or sh running a script, found under /usr or /bin) runs as is:
# its own allocations are not libsla's to answer for.
set -u
vg=$1
shift
opts=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    opts="$opts $1"
    shift
done
shift
case "$1" in
/usr/* | /bin/*)
    exec "$@"
    ;;
*)
    # shellcheck disable=SC2086
    exec "$vg" $opts "$@"
    ;;
esac
