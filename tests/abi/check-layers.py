#!/usr/bin/env python3
"""The layers of lib/ depend one way (lib/README.md).

A file in lib/<layer>/ may include headers of its own layer and of the
layers below it, never of a layer above it or beside it:

    core < tz < text < calendar < {ics, clock} < predict

(ics and clock are peers: neither includes the other). A folder of lib/ that
is not in the table fails the check too, so a new layer is placed in the
order before it is used. The public header "libsla/sla.h" may be included
anywhere.

Usage: check-layers.py LIBDIR      (check a tree)
       check-layers.py --self-test (check that a bad tree is caught)
"""
import os
import re
import sys
import tempfile

RANK = {'core': 0, 'tz': 1, 'text': 2, 'calendar': 3, 'ics': 4, 'clock': 4, 'predict': 5}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"/]+)/[^"]+"', re.M)


def problems(libdir):
    found = []
    for layer in sorted(os.listdir(libdir)):
        path = os.path.join(libdir, layer)
        if not os.path.isdir(path):
            continue
        if layer not in RANK:
            found.append(f'lib/{layer}/: a folder that is not a layer of the table in '
                         f'{os.path.basename(__file__)} (add it in its place)')
            continue
        for name in sorted(os.listdir(path)):
            if not name.endswith(('.c', '.h')):
                continue
            text = open(os.path.join(path, name), encoding='utf-8').read()
            for m in INCLUDE.finditer(text):
                target = m.group(1)
                line = text.count('\n', 0, m.start()) + 1
                where = f'lib/{layer}/{name}:{line}'
                if target == 'libsla':
                    continue
                if target not in RANK:
                    found.append(f'{where}: includes "{target}/...", which is not a layer')
                elif target != layer and RANK[target] >= RANK[layer]:
                    side = 'beside' if RANK[target] == RANK[layer] else 'above'
                    found.append(f'{where}: the {layer} layer includes "{target}/...", '
                                 f'a layer {side} it')
    return found


def self_test():
    with tempfile.TemporaryDirectory() as d:
        for layer, body in [('core', '#include "libsla/sla.h"\n'),
                            ('text', '#include "calendar/calendar.h"\n'),
                            ('ics', '#include "clock/clock.h"\n#include "tz/tz.h"\n'),
                            ('calendar', '#include "calendar/model.h"\n#include "text/hours.h"\n'),
                            ('extra', '')]:
            os.mkdir(os.path.join(d, layer))
            with open(os.path.join(d, layer, 'x.c'), 'w', encoding='utf-8') as f:
                f.write(body)
        got = problems(d)
        want = ['lib/extra/', 'lib/ics/x.c:1: the ics layer includes "clock/...", a layer beside',
                'lib/text/x.c:1: the text layer includes "calendar/...", a layer above']
        if len(got) != len(want) or not all(any(w in g for g in got) for w in want):
            sys.exit('self-test: expected exactly\n  ' + '\n  '.join(want) + '\ngot\n  ' +
                     '\n  '.join(got))
    print('self-test: a bad tree gives the three expected problems')


def main():
    if sys.argv[1:] == ['--self-test']:
        self_test()
        return
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    found = problems(sys.argv[1])
    for p in found:
        print(p)
    if found:
        sys.exit(f'{len(found)} include(s) against the layer order')
    print('every include of lib/ goes to its own layer or one below it')


if __name__ == '__main__':
    main()
