"""The JSON-RPC 2.0 conformance cases of Tests/Fixtures/jsonrpc-cases.jsonl, over stdio and over TCP.

Each line of the fixture has ``name``, ``request`` (the raw text to send), ``expect`` (null: no reply is
due) and ``note``. Compared: ``jsonrpc``, ``id`` and ``error.code`` (messages are informative only);
results exactly; batch replies matched by id, order-free (as multisets, for the several id-null entries).
Where a note says "a harness may also accept id null", id null is accepted as well.
"""

from __future__ import annotations

import json
import unittest

from tests.support import FIXTURES, ServerTestCase
from mocean_notify import TransportError


def load_cases() -> list[dict]:
    """The fixture's cases, in file order."""
    with open(FIXTURES, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def json_equal(a, b) -> bool:
    """Deep JSON equality: numbers compare by value, but booleans are not numbers and strings are not numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def response_problem(expected: dict, actual, accept_null_id: bool) -> str | None:
    """Why ``actual`` does not match the expected response object, or None when it does."""
    if not isinstance(actual, dict):
        return f"expected a response object, got {actual!r}"
    if actual.get("jsonrpc") != "2.0":
        return f"jsonrpc is {actual.get('jsonrpc')!r}, not '2.0'"
    if "id" not in actual:
        return "the response has no id member"
    if not json_equal(actual["id"], expected["id"]) and not (accept_null_id and actual["id"] is None):
        return f"id is {actual['id']!r}, expected {expected['id']!r}" + (" (or null)" if accept_null_id else "")
    if "error" in expected:
        if "result" in actual:
            return f"expected error {expected['error']['code']}, got result {actual['result']!r}"
        error = actual.get("error")
        if not isinstance(error, dict):
            return f"error member is not an object: {error!r}"
        if not json_equal(error.get("code"), expected["error"]["code"]):
            return f"error.code is {error.get('code')!r}, expected {expected['error']['code']}"
        if not isinstance(error.get("message"), str):
            return f"error.message is not a string: {error.get('message')!r}"
        return None
    if "error" in actual:
        return f"expected result {expected['result']!r}, got error {actual['error']!r}"
    if "result" not in actual:
        return "the response has neither result nor error"
    if not json_equal(actual["result"], expected["result"]):
        return f"result is {actual['result']!r}, expected {expected['result']!r}"
    return None


def reply_problem(case: dict, reply) -> str | None:
    """Why ``reply`` does not satisfy ``case``, or None when it does."""
    expect = case["expect"]
    accept_null_id = "may also accept id null" in case.get("note", "")
    if expect is None:
        return None if reply is None else f"expected no reply, got {reply!r}"
    if reply is None:
        return "expected a reply, got none"
    if isinstance(expect, dict):
        return response_problem(expect, reply, accept_null_id)
    if not isinstance(reply, list):
        return f"expected a batch reply (array of {len(expect)}), got {reply!r}"
    if len(reply) != len(expect):
        return f"expected {len(expect)} responses, got {len(reply)}: {reply!r}"
    unmatched = list(reply)
    for expected in expect:
        match = next((r for r in unmatched if response_problem(expected, r, accept_null_id) is None), None)
        if match is None:
            return f"no response matches {expected!r} among {unmatched!r} (whole reply {reply!r})"
        unmatched.remove(match)
    return None


CASES = load_cases()


class FixtureTests(unittest.TestCase):
    """The fixture itself is readable and well formed."""

    def test_fixture_cases_are_well_formed(self):
        self.assertTrue(CASES, f"no cases in {FIXTURES}")
        names = [case["name"] for case in CASES]
        self.assertEqual(len(names), len(set(names)), "case names are not unique")
        for case in CASES:
            with self.subTest(case=case["name"]):
                self.assertEqual(set(case), {"name", "request", "expect", "note"})
                self.assertIsInstance(case["request"], str)
                self.assertNotIn("\n", case["request"])


class ConformanceTests(ServerTestCase):
    """Every case over both transports, each as its own subTest."""

    def run_cases(self, transport: str, connect) -> None:
        client = None
        for case in CASES:
            with self.subTest(case=case["name"], transport=transport):
                if client is None:
                    client = connect()
                try:
                    reply = client.send_raw(case["request"])
                except TransportError:
                    client = None  # the next case starts on a fresh connection
                    raise
                problem = reply_problem(case, reply)
                if problem:
                    self.fail(f"{problem}\n  sent: {case['request']}\n  got:  {client.last_reply_text}"
                              f"\n  note: {case['note']}")

    def test_cases_over_stdio(self):
        self.run_cases("stdio", lambda: self.stdio_client("--conformance-methods"))

    def test_cases_over_tcp(self):
        server = self.tcp_server("--conformance-methods")
        self.run_cases("tcp", lambda: self.tcp_client(server))


if __name__ == "__main__":
    unittest.main()
