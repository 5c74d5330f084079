"""One version: the package, meson.build and the loaded library agree."""

import os
import re
import unittest

import libsla

from .support import source_dir


def meson_version():
    path = os.path.join(source_dir(), "meson.build")
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"project\s*\((.*?)\)", text, flags=re.S)
    v = re.search(r"\bversion\s*:\s*'([^']+)'", m.group(1)) if m else None
    return v.group(1) if v else None


class VersionTest(unittest.TestCase):
    def test_package_version_is_the_project_version(self):
        v = meson_version()
        if v is None:
            self.skipTest("meson.build not found (set SLA_SOURCE_DIR)")
        self.assertEqual(libsla.__version__, v)

    def test_package_version_is_the_library_version(self):
        self.assertEqual(libsla.__version__, libsla.version())

    def test_pyproject_reads_the_one_source(self):
        path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                            "pyproject.toml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertNotRegex(text, r'(?m)^version\s*=\s*"', "a second version in pyproject.toml")
        self.assertIn('dynamic = ["version"]', text)
        self.assertIn('attr = "libsla._version.__version__"', text)


if __name__ == "__main__":
    unittest.main()
