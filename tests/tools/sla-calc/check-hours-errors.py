#!/usr/bin/env python3
"""sla-calc's opening-hours errors: an over-long text is refused without
being echoed whole (the quote is a window around the column), and the
hints for the common typos (three-letter weekdays, 'PH of')."""
import subprocess
import sys

SLA_CALC = sys.argv[1]
failures = 0


def run(hours):
    p = subprocess.run([SLA_CALC, "--tz", "UTC", "--hours", hours, "add",
                        "2025-04-16T15:00:00Z", "1h"], capture_output=True, text=True)
    return p.returncode, p.stderr


def check(cond, what):
    global failures
    if not cond:
        print("FAIL:", what)
        failures += 1


long_text = "Mo-Fr 09:00-17:00; " + "Dec 24," * 584 + "Dec 25 off"  # 4,117 bytes
rc, err = run(long_text)
check(rc == 1, "over-long hours: exit status 1, got %d" % rc)
check("longer than 4096 bytes" in err, "over-long hours: message: " + err[:200])
check(len(err) < 400, "over-long hours: the error is %d bytes (the text is echoed whole?)" % len(err))

rc, err = run("Mo-Fr 09:00-17:00; " + "Dec 24," * 100 + "Dex 25 off")
check(rc == 1 and "unknown word 'Dex'" in err, "bad word in a long text: " + err[:200])
lines = err.splitlines()
check(len(lines) == 3 and lines[1].startswith("  ...") and len(lines[1]) < 90,
      "a long text is quoted around the column: %r" % lines[1:])
if len(lines) == 3:
    check(lines[1][lines[2].index("^")] == "D", "the caret stands under the bad word: %r" % lines[1:])

for hours, hint in [("Mon-Fri 09:00-17:00", "'Mo' instead of 'Mon'"),
                    ("Mo-Fri 09:00-17:00", "'Fr' instead of 'Fri'"),
                    ("Mo-Fr 09:00-17:00; PH of", "did you mean 'off'"),
                    ("Mo-Fr 09:00-17:00 \"office\"", "'unknown'")]:
    rc, err = run(hours)
    check(rc == 1 and hint in err, "%s: expected %s in %r" % (hours, hint, err))

print("%d failure(s)" % failures)
sys.exit(1 if failures else 0)
