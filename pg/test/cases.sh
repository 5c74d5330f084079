#!/bin/sh
# Emit the golden cases as CSV rows for the golden test:
#   cal,SOURCE,NAME,KEY,VALUE        one setting of NAME.cal (tz, hours, holiday, closed)
#   add,SOURCE,NAME,START,DUR,WANT   and  diff,SOURCE,NAME,A,B,WANT
# SOURCE is "own" for this suite's fixture (test/data, always) and "shared" for the
# project's shared golden samples (PG_SLA_CASES, when that directory exists).
set -eu
here=$(dirname "$0")
emit() {
    src=$1 dir=$2
    for cal in "$dir"/*.cal; do
        name=$(basename "$cal" .cal)
        awk -v s="$src" -v n="$name" '
            { sub(/\r$/, ""); sub(/#.*/, ""); sub(/[ \t]+$/, "") }
            /^[ \t]*$/ { next }
            { k = $1; v = $0; sub(/^[^ \t]+[ \t]+/, "", v); gsub(/"/, "\"\"", v)
              printf "cal,%s,%s,%s,\"%s\",\n", s, n, k, v }' "$cal"
        for op in add diff; do
            [ -f "$dir/${name}_$op.csv" ] || continue
            awk -F, -v s="$src" -v n="$name" -v op="$op" '
                { sub(/\r$/, "") } FNR > 1 && NF == 3 { printf "%s,%s,%s,%s,%s,%s\n", op, s, n, $1, $2, $3 }' \
                "$dir/${name}_$op.csv"
        done
    done
}
emit own "$here/data"
if [ -n "${PG_SLA_CASES:-}" ] && [ -d "$PG_SLA_CASES" ]; then
    emit shared "$PG_SLA_CASES"
fi
