#!/bin/sh
# Run inside pg_virtualenv (PGHOST/PGPORT/PGUSER/PGPASSWORD point at a throw-away cluster).
set -eu
pg=$(cd "$(dirname "$0")/.." && pwd)
cd "$pg"
status=0
regress() {
    label=$1
    shift
    rm -rf "test/out/$label"
    mkdir -p "test/out/$label"
    chmod a+rwx "test/out/$label"
    echo "-- pg_regress ($label)"
    if ! make -s installcheck with_llvm=no PG_CONFIG="$PG_CONFIG" REGRESS_OUT="test/out/$label" "$@"; then
        cat "test/out/$label/regression.diffs" 2>/dev/null | head -200
        status=1
    fi
}
regress tz-default
regress tz-kathmandu EXTRA_REGRESS_OPTS=--launcher=test/tz-launcher.sh
[ $status -eq 0 ] || exit $status
echo "-- concurrency"
sh test/concurrency.sh
echo "-- shards"
sh test/shards.sh
