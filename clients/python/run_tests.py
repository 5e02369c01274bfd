#!/usr/bin/env python3
"""Runs the Python client's tests; the last line printed is ``python: N passed, N failed[, N skipped]``.

Each subTest counts as one test (the conformance cases are subTests). The exit status is 0 only when
nothing failed and at least one test passed.

    python3 clients/python/run_tests.py [-v] [-k PATTERN]
"""

from __future__ import annotations

import argparse
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent


class CountingResult(unittest.TextTestResult):
    """A text result that also counts passes, failures and skips, a subTest counting as one test."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0
        self.failed = 0
        self.skipped_count = 0
        self._with_subtests: set[str] = set()

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        self._with_subtests.add(test.id())
        if err is None:
            self.passed += 1
        else:
            self.failed += 1
            if self.showAll:
                self.stream.writeln(f"  FAIL {subtest}")

    def addSuccess(self, test):
        super().addSuccess(test)
        if test.id() not in self._with_subtests:
            self.passed += 1

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.failed += 1

    def addError(self, test, err):
        super().addError(test, err)
        self.failed += 1

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.skipped_count += 1

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.passed += 1

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.failed += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="name each test as it runs")
    parser.add_argument("-k", dest="patterns", action="append", default=[],
                        help="only run tests whose name matches this substring or glob (repeatable)")
    options = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    loader = unittest.TestLoader()
    if options.patterns:
        loader.testNamePatterns = [p if "*" in p else f"*{p}*" for p in options.patterns]
    suite = loader.discover(str(ROOT / "tests"), pattern="test_*.py", top_level_dir=str(ROOT))
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=2 if options.verbose else 1,
                                     resultclass=CountingResult)
    result = runner.run(suite)
    sys.stdout.flush()
    summary = f"python: {result.passed} passed, {result.failed} failed"
    if result.skipped_count:
        summary += f", {result.skipped_count} skipped"
    print(summary, flush=True)
    return 0 if result.failed == 0 and result.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
