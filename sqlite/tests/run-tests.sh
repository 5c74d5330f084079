#!/bin/sh
# The SQLite extension's suite, through the sqlite3 shell:
#   basic.sql  -> basic.out   results (values worked out from SEMANTICS.md)
#   errors.sql -> errors.out  every kind of bad input and its message
#   golden     the golden cases (the project's own hand-made ones always;
#              ../shared/cases when present) through sla_add and sla_diff
# Usage: run-tests.sh SQLITE3 EXTENSION SOURCE-DIR HAND-CASES-DIR [SHARED-CASES-DIR]
# Under the valgrind test setup (SLA_UNDER_VALGRIND=1) the shell runs under
# memcheck; in a sanitizer build the sanitizer runtime is preloaded into it.
set -eu
sqlite3=$1 ext=$2 src=$3 hand=$4 shared=${5:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
here=$src/sqlite/tests

run=""
if [ "${SLA_UNDER_VALGRIND:-}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
    # The shell's own blocks are still reachable at exit; only memory errors
    # and definite leaks fail (exit status 99), reported in $tmp/vg.*.
    run="valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite
         --errors-for-leak-kinds=definite --log-file=$tmp/vg.%p"
else
    pre=""
    for lib in $(ldd "$ext" | awk '/lib(asan|ubsan)\.so/ { print $3 }'); do
        pre="$pre $lib"
    done
    if [ -n "$pre" ]; then
        LD_PRELOAD=$(echo $pre)
        export LD_PRELOAD
        # The shell itself is not instrumented: report libsla's errors only.
        ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0
        export ASAN_OPTIONS
    fi
fi

# shell ARGS...: the sqlite3 shell with the extension loaded; a memory error
# under valgrind or a sanitizer fails the whole suite.
shell() {
    rc=0
    # shellcheck disable=SC2086
    $run "$sqlite3" -batch ":memory:" ".load $ext" "$@" 2>&1 || rc=$?
    if [ "$rc" -eq 99 ] || [ "$rc" -ge 128 ]; then
        echo "FAIL: the sqlite3 shell ended with status $rc (memory error?)" >&2
        cat "$tmp"/vg.* >&2 2>/dev/null || true
        echo 1 >"$tmp/memfail"
    fi
    return 0
}

fail=0
for t in basic errors; do
    shell ".read $here/$t.sql" >"$tmp/$t.got"
    if diff -u "$here/$t.out" "$tmp/$t.got"; then
        echo "ok: $t"
    else
        echo "FAIL: $t (expected output $here/$t.out)"
        fail=1
    fi
done

# golden CAL-FILE: convert a .cal file to calendar text, then compare every
# add and diff row. Prints "ok: NAME add N/N diff N/N".
golden() {
    cal=$1 base=${1%.cal} name=$(basename "${1%.cal}")
    spec=$(awk '
        /^[ \t]*(#|$)/ { next }
        $1 == "tz" { zone = $2 }
        $1 == "hours" { sub(/^[ \t]*hours[ \t]+/, ""); hours = $0 }
        $1 == "holiday" { ex = ex (ex == "" ? "" : ",") $2 }
        $1 == "closed" { ex = ex (ex == "" ? "" : ",") $2 " " $3 }
        END { printf "%s|%s|%s", zone, hours, ex }' "$cal")
    grep -v '^#' "$base"_add.csv >"$tmp/add.csv"
    grep -v '^#' "$base"_diff.csv >"$tmp/diff.csv"
    out=$(shell ".mode list" ".import --csv $tmp/add.csv add_cases" \
        ".import --csv $tmp/diff.csv diff_cases" \
        "SELECT count(*), sum(sla_add('$spec', CAST(start AS INTEGER), CAST(duration AS INTEGER))
                = CAST(deadline AS INTEGER)) FROM add_cases;" \
        "SELECT count(*), sum(sla_diff('$spec', CAST(a AS INTEGER), CAST(b AS INTEGER))
                = CAST(diff AS INTEGER)) FROM diff_cases;" \
        "SELECT start, duration, deadline, sla_add('$spec', CAST(start AS INTEGER),
                CAST(duration AS INTEGER)) FROM add_cases
         WHERE sla_add('$spec', CAST(start AS INTEGER), CAST(duration AS INTEGER))
               != CAST(deadline AS INTEGER) LIMIT 5;")
    set -- $(echo "$out" | head -2 | tr '|' ' ')
    if [ $# -eq 4 ] && [ "$1" = "$2" ] && [ "$3" = "$4" ] && [ "$1" -gt 0 ]; then
        echo "ok: golden $name add $2/$1 diff $4/$3"
    else
        echo "FAIL: golden $name:"
        echo "$out"
        fail=1
    fi
}

for cal in "$hand"/*.cal; do
    golden "$cal"
done
if [ -n "$shared" ] && [ -d "$shared" ]; then
    for cal in "$shared"/*.cal; do
        golden "$cal"
    done
else
    echo "note: ../shared/cases absent: only the project's own golden cases ran"
fi
[ -f "$tmp/memfail" ] && fail=1
exit $fail
