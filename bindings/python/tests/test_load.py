import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import libsla
from libsla import _ffi


class LoadTest(unittest.TestCase):
    def test_loaded_version(self):
        lib = libsla.library()
        self.assertEqual(lib.version_number // 10000, _ffi.REQUIRED_MAJOR)
        self.assertGreaterEqual(lib.version_number // 100 % 100, _ffi.MINIMUM_MINOR)
        self.assertEqual(libsla.version(), lib.version)
        self.assertEqual(libsla.version_number(), lib.version_number)
        major, minor, patch = (int(x) for x in libsla.version().split("."))
        self.assertEqual(libsla.version_number(), major * 10000 + minor * 100 + patch)
        self.assertIn(libsla.version(), repr(lib))

    def test_explicit_path_file_and_directory(self):
        path = libsla.library().path
        lib = libsla.load(path)
        self.assertEqual(lib.version, libsla.version())
        if os.sep in path:
            lib2 = libsla.load(os.path.dirname(path))
            self.assertEqual(lib2.version, lib.version)
        # a calendar made with an explicit library object uses it
        cal = libsla.Calendar("UTC", library=lib)
        self.assertIs(cal._lib, lib)

    def test_explicit_bad_path(self):
        old = _ffi._default
        try:
            with self.assertRaises(libsla.LoadError) as cm:
                libsla.load("/nonexistent/libsla.so.1")
            self.assertIn("/nonexistent/libsla.so.1", str(cm.exception))
        finally:
            _ffi._default = old

    def test_not_libsla(self):
        libc = __import__("ctypes.util").util.find_library("c") or "libc.so.6"
        old = _ffi._default
        try:
            with self.assertRaises(libsla.LoadError) as cm:
                libsla.load(libc)
            self.assertIn("not libsla", str(cm.exception))
        finally:
            _ffi._default = old

    def test_search_failure_names_what_was_tried(self):
        # A fresh interpreter with no way to find the library.
        code = ("import libsla, libsla._ffi as f\n"
                "f._candidates = lambda *a: [('LIBSLA_PATH', '/nowhere/libsla.so.1'),"
                " ('system', 'libsla-no-such.so.1')]\n"
                "try:\n    libsla.Calendar('UTC')\n"
                "except libsla.LoadError as e:\n    print('ERR', e)\n")
        env = dict(os.environ)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True).stdout
        self.assertIn("ERR cannot find libsla.so.1", out)
        self.assertIn("/nowhere/libsla.so.1", out)
        self.assertIn("LIBSLA_PATH", out)

    def test_env_var_path(self):
        path = libsla.library().path
        if os.sep not in path:
            self.skipTest("library came from the system path")
        env = dict(os.environ, LIBSLA_PATH=os.path.dirname(path))
        env.pop("LIBSLA_BUILD_DIR", None)
        out = subprocess.run([sys.executable, "-c", "import libsla; print(libsla.library().path)"],
                             env=env, capture_output=True, text=True, check=True).stdout
        self.assertEqual(os.path.realpath(out.strip()), os.path.realpath(path))

    def test_source_tree_is_searched_only_when_asked(self):
        self.assertNotIn("source tree", [how for how, _ in _ffi._candidates()])
        self.assertNotIn("source tree", [how for how, _ in _ffi._candidates(False)])
        root = _ffi._source_root()
        if root is None or not _ffi._source_tree_builds(root):
            self.skipTest("not run from a source tree with a build")
        asked = [p for how, p in _ffi._candidates(True) if how == "source tree"]
        self.assertTrue(asked)
        names = [os.path.basename(os.path.dirname(os.path.dirname(p))) for p in asked]
        # build/ first, then by name: never by modification time
        expect = sorted(names, key=lambda n: (n != "build", n))
        self.assertEqual(names, expect)

    def test_source_tree_passes_over_sanitizer_builds(self):
        # an ASan build aborts an interpreter built without ASan: never pick one
        with tempfile.TemporaryDirectory() as d:
            for name, sanitize in (("build", "none"), ("build-asan", "address,undefined"),
                                   ("build-dev", "none"), ("build-old", None)):
                lib = os.path.join(d, name, "lib")
                os.makedirs(lib)
                open(os.path.join(lib, _ffi.SONAME), "w").close()
                if sanitize is not None:
                    info = os.path.join(d, name, "meson-info")
                    os.makedirs(info)
                    with open(os.path.join(info, "intro-buildoptions.json"), "w") as f:
                        json.dump([{"name": "buildtype", "value": "debug"},
                                   {"name": "b_sanitize", "value": sanitize}], f)
            found = [p.parts[-3] for p in _ffi._source_tree_builds(Path(d))]
        self.assertEqual(found, ["build", "build-dev", "build-old"])

    def test_source_tree_search_from_a_fresh_interpreter(self):
        root = _ffi._source_root()
        if root is None or not _ffi._source_tree_builds(root):
            self.skipTest("not run from a source tree with a build")
        env = {k: v for k, v in os.environ.items()
               if k not in ("LIBSLA_PATH", "LIBSLA_BUILD_DIR", "LIBSLA_SOURCE_TREE",
                            "LD_LIBRARY_PATH")}
        found = subprocess.run([sys.executable, "-c", "import ctypes.util; "
                                "print(ctypes.util.find_library('sla') or '')"], env=env,
                               capture_output=True, text=True, check=True).stdout.strip()
        if found:
            self.skipTest(f"a libsla is installed on the system ({found})")
        code = ("import libsla\n"
                "try:\n    print('LOADED', libsla.library().path)\n"
                "except libsla.LoadError as e:\n    print('ERR', e)\n")
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True).stdout
        self.assertTrue(out.startswith("ERR"), out)
        self.assertIn("LIBSLA_SOURCE_TREE=1", out)   # the hint names the way to ask
        env["LIBSLA_SOURCE_TREE"] = "1"
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True).stdout
        self.assertTrue(out.startswith("LOADED " + str(root)), out)

    def test_every_symbol_of_the_library_is_set_up(self):
        self.assertEqual(libsla.library().missing, [])
