"""The binding's function table must equal the library's version map."""

import os
import re
import unittest

from libsla import _ffi

from .support import source_dir


def map_symbols(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    names = set()
    for block in re.finditer(r"global\s*:(.*?)(?:local\s*:|\})", text, flags=re.S):
        names.update(re.findall(r"\b(sla_[A-Za-z0-9_]+)\s*;", block.group(1)))
    return names


class SymbolTableTest(unittest.TestCase):
    def test_table_matches_version_map(self):
        path = os.path.join(source_dir(), "lib", "libsla.map")
        if not os.path.isfile(path):
            self.skipTest("lib/libsla.map not found (set SLA_SOURCE_DIR)")
        exported = map_symbols(path)
        self.assertGreater(len(exported), 40)
        table = set(_ffi.FUNCTIONS)
        self.assertEqual(sorted(exported - table), [], "exported but not bound in _ffi.py")
        self.assertEqual(sorted(table - exported), [], "bound in _ffi.py but not exported")

    def test_table_entries_are_well_formed(self):
        for name, (restype, argtypes) in _ffi.FUNCTIONS.items():
            self.assertTrue(name.startswith("sla_"), name)
            self.assertIsInstance(tuple(argtypes), tuple, name)
