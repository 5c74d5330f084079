#!/bin/sh
# Build pg_sla against a libsla meson build tree, install it into the system PostgreSQL 15,
# and run its suites on throw-away clusters (pg_virtualenv):
#   1. the pg_regress suite, twice: under pg_regress's TimeZone (PST8PDT) and under
#      Asia/Kathmandu (+05:45), against the same expected files;
#   2. concurrency: two sessions change a calendar while two others query it;
#   3. shards: two clusters hold two halves of the same tickets; per-shard results combined
#      equal the single-cluster result (what a Citus cluster relies on).
#
#   pg/test/run.sh [LIBSLA_BUILD_DIR]       (default: build-pg, a release build)
#
# Needs root (or passwordless sudo) to install the extension files, like any extension.
set -eu
pg=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$pg/.." && pwd)
build=$(cd "$root" && mkdir -p "${1:-build-pg}" && cd "${1:-build-pg}" && pwd)
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
export PG_CONFIG

if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$root" -Dtests=false -Dbuildtype=release >/dev/null
fi
ninja -C "$build" lib/libsla.a >/dev/null

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
LIBSLA_BUILD=$build
export LIBSLA_BUILD
make -s -C "$pg" LIBSLA_BUILD="$build" with_llvm=no PG_CONFIG="$PG_CONFIG"
$sudo make -s -C "$pg" LIBSLA_BUILD="$build" with_llvm=no PG_CONFIG="$PG_CONFIG" install

mkdir -p "$pg/test/out"
cc -O2 -I"$root/include" -I"$build/include" -o "$pg/test/out/replay_ref" \
    "$pg/test/replay_ref.c" "$build/lib/libsla.a" $(pkg-config --libs libical) -lm -lpthread

# The project's shared golden samples, when present beside the repository (an empty
# PG_SLA_CASES in the environment skips them).
if [ -z "${PG_SLA_CASES+set}" ] && [ -d "$root/../shared/cases" ]; then
    PG_SLA_CASES=$(cd "$root/../shared/cases" && pwd)
    export PG_SLA_CASES
fi
# pg_virtualenv runs as root too; its cluster's server must read the case files and the
# output directory.
chmod -R a+rX "$pg/test" 2>/dev/null || true
chmod a+rwx "$pg/test/out"

cd "$pg"
# The suites raise errors on purpose: keep them out of the server log printed with the output.
pg_virtualenv -v 15 -o log_min_messages=fatal -o log_checkpoints=off sh "$pg/test/in-cluster.sh"
