"""The client's own logic, against a small stand-in server (tests/fake_server.py); no server binary needed.

The stand-in sends a server notification before every response, so these tests check that
notifications are queued and never taken for responses.
"""

from __future__ import annotations

import sys
import unittest

from tests.support import HERE, TIMEOUT
from mocean_notify import (
    ProtocolError, RpcError, RpcTimeout, ServerProcess, StdioClient, TcpClient, TransportError,
)

FAKE = [sys.executable, str(HERE / "fake_server.py")]


class FakeStdioTests(unittest.TestCase):
    def setUp(self):
        self.client = StdioClient(FAKE, timeout=TIMEOUT)
        self.addCleanup(self.client.kill)

    def test_notifications_are_queued_not_taken_for_responses(self):
        self.assertEqual(self.client.call("system.ping"), "pong")
        self.assertEqual(self.client.call("subtract", [5, 3]), 2)
        self.assertEqual(self.client.call("subtract", {"minuend": 5, "subtrahend": 3}), 2)
        ticks = self.client.notifications()
        self.assertEqual([t["method"] for t in ticks], ["event.tick"] * 3)
        self.assertEqual([t["params"]["n"] for t in ticks], [1, 2, 3])
        self.assertEqual(self.client.notifications(), [])
        self.assertEqual(self.client.stray_replies(), [])

    def test_error_response_raises(self):
        with self.assertRaises(RpcError) as raised:
            self.client.call("subtract", {"minuend": "x", "subtrahend": 1})
        self.assertEqual((raised.exception.code, raised.exception.data), (-32602, {"field": "minuend"}))
        with self.assertRaises(RpcError) as raised:
            self.client.call("nope")
        self.assertEqual(raised.exception.code, -32601)
        self.assertIn("-32601", str(raised.exception))

    def test_send_raw_tells_reply_from_no_reply(self):
        self.assertIsNone(self.client.send_raw('{"jsonrpc": "2.0", "method": "anything"}'))
        self.assertIsNone(self.client.last_reply_text)
        self.assertIsNone(self.client.send_raw(""))
        reply = self.client.send_raw('{"jsonrpc": "2.0", "method": "echo", "params": [1], "id": "a"}')
        self.assertEqual(reply, {"jsonrpc": "2.0", "result": [1], "id": "a"})
        self.assertIn('"id": "a"', self.client.last_reply_text)
        reply = self.client.send_raw("not json")
        self.assertEqual(reply["error"]["code"], -32700)
        self.assertEqual(self.client.send_raw("[1, 2]"), [
            {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": None}] * 2)
        # Every reply, the sync pings' included, came after a notification: 1 + 1 + 2 + 2 + 2 of them.
        self.assertEqual(len(self.client.notifications()), 8)
        with self.assertRaises(ValueError):
            self.client.send_raw("two\nlines")

    def test_send_raw_keeps_number_text(self):
        reply = self.client.send_raw('{"jsonrpc": "2.0", "method": "echo", "params": [1.10], "id": 7}',
                                     parse_float=str, parse_int=str)
        self.assertEqual(reply["id"], "7")
        self.assertEqual(reply["result"], ["1.1"])

    def test_batch_matches_by_id(self):
        responses = self.client.batch([
            ("echo", ["a"], False), ("whatever", None, True), ("nope", {}, False), ("subtract", [9, 1], False),
        ])
        self.assertEqual(responses[0]["result"], ["a"])
        self.assertIsNone(responses[1])
        self.assertEqual(responses[2]["error"]["code"], -32601)
        self.assertEqual(responses[3]["result"], 8)
        self.assertEqual(self.client.batch([]), [])
        self.assertEqual(self.client.batch([("x", None, True)]), [None])
        self.assertEqual(self.client.call("system.ping"), "pong")
        self.assertEqual(self.client.stray_replies(), [])

    def test_params_are_checked(self):
        with self.assertRaises(TypeError):
            self.client.call("echo", "bar")
        with self.assertRaises(TypeError):
            self.client.notify(5)
        self.assertEqual(self.client.call("echo", ("a", 1)), ["a", 1])

    def test_close_returns_exit_status_and_keeps_log(self):
        self.client.call("system.ping")
        self.assertEqual(self.client.close(), 0)
        self.assertIn("stdin ended", self.client.stderr_text())
        with self.assertRaises(TransportError):
            self.client.call("system.ping")


class FakeFailureTests(unittest.TestCase):
    def test_timeout_when_the_server_never_answers(self):
        client = StdioClient([sys.executable, "-c", "import sys, time; sys.stdin.read(); time.sleep(30)"],
                             timeout=0.5)
        self.addCleanup(client.kill)
        with self.assertRaises(RpcTimeout):
            client.call("system.ping")

    def test_server_exit_is_a_transport_error_with_the_log(self):
        client = StdioClient([sys.executable, "-c", "import sys; print('boom', file=sys.stderr)"],
                             timeout=TIMEOUT)
        self.addCleanup(client.kill)
        with self.assertRaises(TransportError) as raised:
            client.call("system.ping")
        client.server.wait(TIMEOUT)
        self.assertIn("exit status", str(raised.exception))

    def test_non_json_output_is_a_protocol_error(self):
        client = StdioClient([sys.executable, "-c", "print('hello'); import sys; sys.stdin.read()"],
                             timeout=TIMEOUT)
        self.addCleanup(client.kill)
        with self.assertRaises(ProtocolError):
            client.call("system.ping")


class FakeTcpTests(unittest.TestCase):
    def setUp(self):
        self.server = ServerProcess(FAKE + ["--tcp"])
        self.addCleanup(self.server.kill)
        self.server.wait_for_listening(TIMEOUT)

    def test_call_and_notifications_over_tcp(self):
        with TcpClient(self.server.host, self.server.port, timeout=TIMEOUT) as client:
            self.assertEqual(client.call("subtract", [10, 4]), 6)
            self.assertEqual(len(client.notifications()), 1)
        with self.assertRaises(TransportError):
            client.call("system.ping")

    def test_token_calls_authenticate(self):
        with self.assertRaises(RpcError) as raised:  # the stand-in knows no session.authenticate
            TcpClient(self.server.host, self.server.port, token="t", timeout=TIMEOUT)
        self.assertEqual(raised.exception.code, -32601)

    def test_connection_refused_is_a_transport_error(self):
        self.server.kill()
        with self.assertRaises(TransportError):
            TcpClient(self.server.host, self.server.port, timeout=TIMEOUT)


if __name__ == "__main__":
    unittest.main()
