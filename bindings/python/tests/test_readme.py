"""The two READMEs give the same install commands, and they are the ones the
install-python test runs."""

import os
import re
import unittest

from .support import source_dir

MARK = re.compile(r"<!-- install-python:.*?-->\s*```sh\n(.*?)```\s*<!-- end install-python -->",
                  re.S)


def install_block(path):
    with open(path, encoding="utf-8") as f:
        m = MARK.search(f.read())
    return m.group(1) if m else None


class ReadmeTest(unittest.TestCase):
    def test_same_install_commands(self):
        top = os.path.join(source_dir(), "README.md")
        if not os.path.isfile(top):
            self.skipTest("README.md not found (set SLA_SOURCE_DIR)")
        mine = os.path.join(source_dir(), "bindings", "python", "README.md")
        a, b = install_block(top), install_block(mine)
        self.assertIsNotNone(a, "README.md has no install-python block")
        self.assertIsNotNone(b, "bindings/python/README.md has no install-python block")
        self.assertEqual(a, b)
        script = os.path.join(source_dir(), "tests", "abi", "install-python.sh")
        with open(script, encoding="utf-8") as f:
            test = f.read()
        for cmd in ("-m venv --system-site-packages", "pip\" install --quiet --no-build-isolation "
                    "--no-index", "/usr/bin/python3"):
            self.assertIn(cmd, test)
        self.assertIn("/usr/bin/python3 -m venv --system-site-packages", a)
        self.assertIn("pip install --no-build-isolation --no-index bindings/python", a)
        for pkg in ("python3-venv", "python3-setuptools", "python3-wheel"):
            self.assertIn(pkg, a)
            with open(os.path.join(source_dir(), "dev"), encoding="utf-8") as f:
                self.assertIn(pkg, f.read(), f"{pkg} is not in dev's PACKAGES")


if __name__ == "__main__":
    unittest.main()
