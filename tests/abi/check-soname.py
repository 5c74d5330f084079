#!/usr/bin/env python3
"""The built library's SONAME agrees with the project's major version
(meson.build refuses to configure otherwise; this checks the result):
libsla.so.MAJOR, and the file itself is libsla.so.MAJOR.MINOR.PATCH.

Usage: check-soname.py READELF LIBSLA.SO PROJECT-VERSION
"""
import os
import re
import subprocess
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    readelf, lib, version = sys.argv[1:]
    major = version.split('.')[0]
    out = subprocess.run([readelf, '--dynamic', '--wide', lib], check=True,
                         capture_output=True, text=True).stdout
    names = re.findall(r'\(SONAME\)\s+Library soname: \[([^\]]+)\]', out)
    if len(names) != 1:
        sys.exit(f'{lib}: expected one SONAME, found {names}')
    want = f'libsla.so.{major}'
    if names[0] != want:
        sys.exit(f'{lib}: SONAME {names[0]}, but the project version {version} says {want}')
    real = os.path.basename(os.path.realpath(lib))
    if real != f'libsla.so.{version}':
        sys.exit(f'{lib}: the library file is {real}, expected libsla.so.{version}')
    print(f'SONAME {names[0]} for version {version} ({real})')


if __name__ == '__main__':
    main()
