#!/bin/sh
# The ABI guard: compare the newest committed baseline in ABI-DIR (one file
# per release, abi/libsla-MAJOR.MINOR.abi, made by `./dev abi-baseline` when
# releasing; abi/libsla-1.0.abi is the ABI of 1.0) with the freshly built
# libsla.so.
#
# abidiff's exit status is a bit field: 1 tool error, 2 usage error,
# 4 ABI change, 8 incompatible ABI change (e.g. a removed symbol).
# Policy (ABI.md): fail on 1, 2 or 8; on 4 alone, pass only when the report
# lists nothing but added functions or variables (0 removed, 0 changed).
#
# Usage: abi-check.sh ABI-DIR LIBSLA.SO HEADERS-DIR GENERATED-HEADERS-DIR
# Exit 77 (skip) when abidiff or a baseline is missing.
set -u
abidir=$1 lib=$2 hd=$3 hd_gen=$4
# the newest release: version order of the MAJOR.MINOR in the file names
baseline=$(ls "$abidir"/libsla-*.abi 2>/dev/null | sort -V | tail -n 1)
baseline=${baseline:-$abidir/libsla-1.0.abi}
echo "baseline: $baseline"
if ! command -v abidiff >/dev/null 2>&1; then
    echo "abidiff not installed (Debian: abigail-tools): skipped"
    exit 77
fi
if [ ! -f "$baseline" ]; then
    echo "no baseline $baseline (./dev abi-baseline makes it): skipped"
    exit 77
fi
report=$(mktemp)
trap 'rm -f "$report"' EXIT
# The baseline was written with private types already dropped, so only the
# new library gets header directories (abidiff 2.2 also asserts when given
# --headers-dir1 with an XML baseline and --drop-private-types).
abidiff --no-default-suppression \
    --headers-dir2 "$hd" --headers-dir2 "$hd_gen" \
    --drop-private-types \
    "$baseline" "$lib" >"$report" 2>&1
rc=$?
cat "$report"
echo "abidiff exit status: $rc"
if [ $((rc & 3)) -ne 0 ]; then
    echo "FAIL: abidiff could not compare the two"
    exit 1
fi
if [ $((rc & 8)) -ne 0 ]; then
    echo "FAIL: incompatible ABI change (removed symbol or changed layout); see ABI.md"
    exit 1
fi
if [ $((rc & 4)) -ne 0 ]; then
    # Every "changes summary" line must say 0 Removed and 0 Changed.
    bad=$(grep -E 'changes summary:' "$report" |
          grep -Ev ': 0 Removed(, 0 Changed( \([0-9]+ filtered out\))?)?,' || true)
    if [ -n "$bad" ]; then
        echo "FAIL: ABI change other than additions:"
        echo "$bad"
        exit 1
    fi
    echo "OK: only additions (new symbols must sit in a new version node; see ABI.md)"
    exit 0
fi
echo "OK: no ABI change"
exit 0
