#!/bin/sh
# ./dev itself: `./dev demo` builds only the demo's programs (not the testing library,
# the benchmarks or the fuzz replayers), and `./dev test` lists every skipped test with
# its reason (checked through `./dev skips DIR` on a made-up meson test log).
# Usage: check-dev.sh SOURCE-DIR BUILD-DIR
set -eu
src=$1 build=$2
dev="$src/dev"
command -v bash >/dev/null 2>&1 || { echo "bash not found"; exit 77; }
command -v ninja >/dev/null 2>&1 || { echo "ninja not found"; exit 77; }

targets=$(bash "$dev" demo-targets) || { echo "FAIL: ./dev demo-targets"; exit 1; }
echo "demo targets: $(echo $targets)"
for want in examples/sla-calc/sla-calc examples/sla-demo/sla-demo; do
    echo "$targets" | grep -qx "$want" || { echo "FAIL: $want is not built by ./dev demo"; exit 1; }
done
# shellcheck disable=SC2086
inputs=$(ninja -C "$build" -t inputs $targets) || { echo "FAIL: ninja -t inputs"; exit 1; }
for unwanted in sla-testing bench- fuzz- tests/; do
    if echo "$inputs" | grep -q -- "$unwanted"; then
        echo "FAIL: ./dev demo would build $(echo "$inputs" | grep -- "$unwanted" | head -n 1)"
        exit 1
    fi
done
echo "demo build: $(echo "$inputs" | grep -c '\.o$') objects, none of tests, benchmarks, fuzz"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/meson-logs"
cat >"$tmp/meson-logs/testlog.json" <<'JSON'
{"name": "libsla:unit / hours-ohjs", "result": "SKIP", "stdout": "opening_hours.js is not installed; skipping\n"}
{"name": "libsla:unit / quiet-skip", "result": "SKIP", "stdout": ""}
{"name": "libsla:python / python", "result": "OK", "stdout": "test_numpy (tests.test_buffers.BuffersTest.test_numpy) ... skipped 'numpy is not installed'\ntest_ok (tests.test_x.X.test_ok) ... ok\n"}
{"name": "libsla:api / fine", "result": "OK", "stdout": "all good\n"}
JSON
out=$(bash "$dev" skips "$tmp")
echo "$out"
[ "$(echo "$out" | wc -l)" -eq 3 ] || { echo "FAIL: expected 3 skipped tests"; exit 1; }
echo "$out" | grep -q "hours-ohjs: opening_hours.js is not installed" || { echo "FAIL: reason"; exit 1; }
echo "$out" | grep -q "quiet-skip: no reason printed" || { echo "FAIL: silent skip"; exit 1; }
echo "$out" | grep -q "BuffersTest.test_numpy: numpy is not installed" ||
    { echo "FAIL: unittest skip"; exit 1; }
grep -q 'Skipped (' "$dev" || { echo "FAIL: the summary does not print the skips"; exit 1; }
echo "OK"
