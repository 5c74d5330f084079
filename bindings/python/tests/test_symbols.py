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


def header_prototypes(path):
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
    protos = {}
    for m in re.finditer(r"SLA_EXPORT\s+([^;{]*?)\b(sla_\w+)\s*\(([^)]*)\)\s*;", text):
        params = [p.strip() for p in m.group(3).split(",")]
        if params == ["void"]:
            params = []
        protos[m.group(2)] = (m.group(1).strip(), params)
    return protos


def c_kind(decl):
    """The ctypes type a C declaration needs, as a comparable kind."""
    import ctypes
    if "*" in decl:
        return "pointer"
    words = decl.replace("const", "").split()
    base = " ".join(w for w in words[:-1]) if len(words) > 1 else words[0]
    return {"int": ctypes.c_int, "int64_t": ctypes.c_int64, "size_t": ctypes.c_size_t,
            "double": ctypes.c_double, "uint32_t": ctypes.c_uint32, "void": None}[base]


def py_kind(t):
    import ctypes
    if t is None:
        return None
    if t in (ctypes.c_void_p, ctypes.c_char_p) or issubclass(t, ctypes._Pointer):
        return "pointer"
    return t


class HeaderSignatureTest(unittest.TestCase):
    def test_argtypes_match_header(self):
        path = os.path.join(source_dir(), "include", "libsla", "sla.h")
        if not os.path.isfile(path):
            self.skipTest("include/libsla/sla.h not found (set SLA_SOURCE_DIR)")
        protos = header_prototypes(path)
        self.assertEqual(sorted(set(_ffi.FUNCTIONS) - set(protos)), [])
        for name, (restype, argtypes) in _ffi.FUNCTIONS.items():
            ret, params = protos[name]
            self.assertEqual(len(argtypes), len(params), f"{name}: parameter count")
            for i, (decl, t) in enumerate(zip(params, argtypes)):
                self.assertEqual(py_kind(t), c_kind(decl), f"{name} parameter {i}: {decl}")
            self.assertEqual(py_kind(restype), c_kind(ret + " x"), f"{name}: result {ret}")
