#!/usr/bin/env python3
"""The library's calls to its own exported functions bind directly
(lib/meson.build: -Wl,-Bsymbolic-functions, -fno-semantic-interposition):
the built libsla.so has no relocation, so no PLT slot and no GOT entry,
naming an sla_ symbol. A program that defines a function of the same name
therefore cannot change what the library does.

Also checks that the library does need relocations for the functions it
imports (libical, libc), so that an empty readelf output cannot pass.

Usage: check-plt.py READELF LIBSLA.SO
"""
import re
import subprocess
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    readelf, lib = sys.argv[1:]
    out = subprocess.run([readelf, '--relocs', '--wide', lib], check=True,
                         capture_output=True, text=True).stdout
    named = []
    for line in out.splitlines():
        fields = line.split()
        # offset info type value name [+ addend]
        if len(fields) >= 5 and re.match(r'^[0-9a-f]+$', fields[0]) and '_' in fields[2]:
            named.append((fields[2], fields[4].split('@')[0]))
    own = [(t, n) for t, n in named if n.startswith('sla_')]
    if not any(t.endswith(('JUMP_SLOT', 'JMP_SLOT')) for t, _ in named):
        sys.exit(f'{lib}: no PLT relocation at all; is this the shared library?')
    for t, n in own:
        print(f'{lib}: {t} relocation for {n}')
    if own:
        sys.exit(f'{len(own)} relocation(s) for the library\'s own symbols: a call from the '
                 'library to an exported function goes through the PLT or GOT')
    print(f'{len(named)} symbol relocations, none for an sla_ symbol')


if __name__ == '__main__':
    main()
