#!/usr/bin/env python3
"""The exported symbols of libsla.so agree with the version script and the
public header.

- every dynamic symbol the library defines is listed in the version script,
  and every name in the script is defined (both directions);
- each symbol carries the version node the script puts it in;
- every function the header declares with SLA_EXPORT is in the script, and
  every name in the script is declared in the header;
- nothing without the sla_ prefix is exported.

Usage: check-symbols.py NM LIBSLA.SO LIBSLA.MAP SLA.H
"""
import re
import subprocess
import sys


def map_symbols(path):
    text = open(path, encoding='utf-8').read()
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    result = {}
    for node, body in re.findall(r'([A-Za-z_][\w.]*)\s*\{(.*?)\}\s*[\w.]*\s*;', text, flags=re.S):
        scope = None
        for token in re.findall(r'[\w.*]+:|[^\s;]+', body):
            if token.endswith(':'):
                scope = token[:-1]
                continue
            if scope == 'global':
                if token in result:
                    sys.exit(f'{path}: {token} is listed twice')
                result[token] = node
    return result


def exported(nm, lib):
    out = subprocess.run([nm, '-D', '--defined-only', lib], check=True,
                         capture_output=True, text=True).stdout
    result = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        kind, name = parts[1], parts[2]
        if kind == 'A':  # the version node itself
            continue
        version = ''
        if '@' in name:
            name, version = name.split('@', 1)
            version = version.lstrip('@')
        result[name] = version
    return result


def header_functions(path):
    text = open(path, encoding='utf-8').read()
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return set(re.findall(r'SLA_EXPORT\b[^;{}]*?\b(sla_\w+)\s*\(', text, flags=re.S))


def main():
    nm, lib, mapfile, header = sys.argv[1:5]
    in_map = map_symbols(mapfile)
    in_lib = exported(nm, lib)
    in_header = header_functions(header)
    problems = []

    for name in sorted(set(in_lib) - set(in_map)):
        problems.append(f'exported but not in the version script: {name}')
    for name in sorted(set(in_map) - set(in_lib)):
        problems.append(f'in the version script but not defined by the library: {name}')
    for name in sorted(set(in_lib) & set(in_map)):
        if in_lib[name] and in_lib[name] != in_map[name]:
            problems.append(f'{name} has version {in_lib[name]}, the script says {in_map[name]}')
    for name in sorted(in_lib):
        if not name.startswith('sla_'):
            problems.append(f'exported symbol without the sla_ prefix: {name}')
    for name in sorted(in_header - set(in_map)):
        problems.append(f'declared in the header but not in the version script: {name}')
    for name in sorted(set(in_map) - in_header):
        problems.append(f'in the version script but not declared in the header: {name}')

    print(f'{len(in_lib)} exported, {len(in_map)} in the version script, '
          f'{len(in_header)} declared in the header')
    for p in problems:
        print('FAIL:', p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
