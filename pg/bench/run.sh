#!/bin/sh
# pg_sla benchmark: build and install the extension (as pg/test/run.sh does), then run
# bench.sql on a throw-away cluster and print the figures. Not a timed test.
#   pg/bench/run.sh [LIBSLA_BUILD_DIR]     (default: build-pg, a release build)
set -eu
pg=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$pg/.." && pwd)
build=$(cd "$root" && mkdir -p "${1:-build-pg}" && cd "${1:-build-pg}" && pwd)
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$root" -Dtests=false -Dbuildtype=release >/dev/null
fi
ninja -C "$build" lib/libsla.a >/dev/null
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
make -s -C "$pg" LIBSLA_BUILD="$build" with_llvm=no PG_CONFIG="$PG_CONFIG"
$sudo make -s -C "$pg" LIBSLA_BUILD="$build" with_llvm=no PG_CONFIG="$PG_CONFIG" install
chmod a+r "$pg/bench/bench.sql"
pg_virtualenv -v 15 -o shared_buffers=256MB -o max_parallel_workers_per_gather=2 \
    psql -X -q -f "$pg/bench/bench.sql"
