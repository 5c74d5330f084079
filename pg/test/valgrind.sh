#!/bin/sh
# The extension under valgrind memcheck, in a single-user backend (not part of the gate: it
# takes minutes). Runs test/valgrind.sql (arithmetic, spans, clocks, replay, rebase and bad
# input of every kind, including corrupt state bytes) and fails when valgrind reports an
# error with a pg_sla or libsla frame. PostgreSQL's own reports (Debian's server is not
# built for valgrind) are counted but ignored. Needs the extension installed (test/run.sh)
# and root (the backend runs as the postgres user).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bindir=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chown postgres "$work"
cp "$here/valgrind.sql" "$work/script.sql"
su postgres -c "$bindir/initdb -D $work/data -A trust" >/dev/null
su postgres -c "valgrind --quiet --error-limit=no --num-callers=40 --log-file=$work/vg.log \
    $bindir/postgres --single -j -D $work/data postgres < $work/script.sql > $work/out.txt 2>&1"
all=$(grep -c '^==[0-9]*== [A-Z]' "$work/vg.log" || true)
ours=$(awk '/^==[0-9]+== [A-Z]/ { if (blk ~ /pg_sla|sla_/) n++; blk = "" } { blk = blk $0 }
            END { if (blk ~ /pg_sla|sla_/) n++; print n + 0 }' "$work/vg.log")
echo "valgrind: $all reports, $ours with a pg_sla or libsla frame; $(grep -c ERROR "$work/out.txt") SQL errors (expected)"
[ "$ours" -eq 0 ] || { cat "$work/vg.log"; exit 1; }
