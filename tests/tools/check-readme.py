#!/usr/bin/env python3
"""The README's section of each tool names every option its --help lists.

usage: check-readme.py README.md NAME=PATH-TO-TOOL...
"""
import re
import subprocess
import sys

readme = open(sys.argv[1], encoding="utf-8").read()
failures = []
for arg in sys.argv[2:]:
    name, exe = arg.split("=", 1)
    helptext = subprocess.run([exe, "--help"], capture_output=True, text=True,
                              timeout=60).stdout
    options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", helptext))
    start = readme.find(f"### {name}\n")
    if start < 0:
        failures.append(f"README has no section '### {name}'")
        continue
    ends = [e for e in (readme.find("\n### ", start + 4), readme.find("\n## ", start + 4))
            if e > 0]
    section = readme[start:min(ends) if ends else len(readme)]
    documented = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", section))
    for opt in sorted(options - documented):
        failures.append(f"{name}: --help has {opt}, the README section does not")
    for opt in sorted(documented - options):
        failures.append(f"{name}: the README section has {opt}, --help does not")
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
