"""The package's metadata (pyproject.toml) agrees with the package itself; needs no binary."""

from __future__ import annotations

import ast
import re
import unittest

import mocean_notify
from tests.support import PACKAGE_ROOT

PYPROJECT = PACKAGE_ROOT / "pyproject.toml"


def project_table() -> dict:
    """The ``[project]`` table of pyproject.toml.

    tomllib is in the standard library from Python 3.11; on older versions the table is read with a small
    parser that understands what this file uses: ``key = value`` lines whose values are TOML strings or arrays
    of strings, which are also valid Python literals.
    """
    text = PYPROJECT.read_text(encoding="utf-8")
    try:
        import tomllib
    except ImportError:
        pass
    else:
        return tomllib.loads(text)["project"]
    table: dict = {}
    section = None
    pending = None
    for line in text.splitlines():
        if pending is not None:
            pending[1].append(line)
            if line.strip() == "]":
                table[pending[0]] = ast.literal_eval("\n".join(pending[1]))
                pending = None
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        header = re.fullmatch(r"\[([^\]]+)\]", stripped)
        if header:
            section = header.group(1)
            continue
        if section != "project":
            continue
        key, _, value = (part.strip() for part in stripped.partition("="))
        if value == "[" or (value.startswith("[") and not value.endswith("]")):
            pending = (key, [value])
        else:
            table[key] = ast.literal_eval(value)
    return table


class PackageMetadataTests(unittest.TestCase):
    def setUp(self) -> None:
        self.project = project_table()

    def test_name_and_import_name(self):
        self.assertEqual(self.project["name"], "mocean-notify")
        self.assertEqual(mocean_notify.__name__, "mocean_notify")

    def test_version_matches_the_package(self):
        self.assertEqual(self.project["version"], mocean_notify.__version__)
        self.assertRegex(mocean_notify.__version__, r"^\d+\.\d+\.\d+$")

    def test_no_runtime_dependencies(self):
        self.assertEqual(self.project.get("dependencies", []), [])

    def test_python_version_supported(self):
        import sys

        minimum = re.fullmatch(r">=(\d+)\.(\d+)", self.project["requires-python"])
        self.assertIsNotNone(minimum, self.project["requires-python"])
        self.assertGreaterEqual(sys.version_info[:2], (int(minimum.group(1)), int(minimum.group(2))))

    def test_readme_exists(self):
        self.assertTrue((PACKAGE_ROOT / self.project["readme"]).is_file())

    def test_exports_exist(self):
        for name in mocean_notify.__all__:
            self.assertTrue(hasattr(mocean_notify, name), name)


if __name__ == "__main__":
    unittest.main()
