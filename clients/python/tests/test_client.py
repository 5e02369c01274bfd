"""The client against the real server, over real pipes and sockets."""

from __future__ import annotations

import json
import re
import threading
import unittest

from tests.support import TIMEOUT, ServerTestCase
from mocean_notify import RpcError, TcpClient

LARGE_ID = "12345678901234567890123"
TOKEN = "s3cret-token"


def raw_id_text(reply_text: str) -> str | None:
    """The exact text of the top-level ``id`` member's value in a one-object reply line."""
    captured = {}

    def keep(pairs):
        for key, value in pairs:
            if key == "id":
                captured["id"] = value
        return dict(pairs)

    json.loads(reply_text, object_pairs_hook=keep, parse_int=str, parse_float=str)
    return captured.get("id")


class TransportBehaviour:
    """Tests run over both transports; subclasses provide ``connect(*options)``."""

    def connect(self, *options):
        raise NotImplementedError

    def test_ping(self):
        self.assertEqual(self.connect().call("system.ping"), "pong")

    def test_discover(self):
        document = self.connect().call("rpc.discover")
        self.assertIsInstance(document, dict)
        for member in ("openrpc", "info", "methods"):
            self.assertIn(member, document)
        self.assertIsInstance(document["methods"], list)

    def test_call_by_position_and_by_name(self):
        client = self.connect("--conformance-methods")
        self.assertEqual(client.call("subtract", [42, 23]), 19)
        self.assertEqual(client.call("subtract", [23, 42]), -19)
        self.assertEqual(client.call("subtract", (42, 23)), 19)
        self.assertEqual(client.call("subtract", {"subtrahend": 23, "minuend": 42}), 19)
        self.assertEqual(client.call("sum", [1, 2, 4]), 7)
        self.assertEqual(client.call("get_data"), ["hello", 5])

    def test_method_not_found_raises(self):
        client = self.connect()
        with self.assertRaises(RpcError) as raised:
            client.call("no.such.method", {"a": 1})
        self.assertEqual(raised.exception.code, -32601)
        self.assertIsInstance(raised.exception.message, str)
        data = raised.exception.data
        if data is not None:  # optional; when present it names the method
            self.assertEqual(data.get("method"), "no.such.method", f"data: {data!r}")
        # The connection stays usable.
        self.assertEqual(client.call("system.ping"), "pong")

    def test_invalid_params_raises_with_field(self):
        client = self.connect("--conformance-methods")
        with self.assertRaises(RpcError) as raised:
            client.call("subtract", {"minuend": "x", "subtrahend": 1})
        self.assertEqual(raised.exception.code, -32602)
        self.assertIsInstance(raised.exception.data, dict, f"data: {raised.exception.data!r}")
        self.assertEqual(raised.exception.data.get("field"), "minuend", f"data: {raised.exception.data!r}")

    def test_notifications_get_no_reply(self):
        client = self.connect("--conformance-methods")
        client.notify("update", [1, 2, 3, 4, 5])
        client.notify("notify_hello", [7])
        client.notify("no.such.method")
        self.assertEqual(client.call("system.ping"), "pong")
        self.assertEqual(client.stray_replies(), [])
        self.assertIsNone(client.send_raw('{"jsonrpc": "2.0", "method": "notify_sum", "params": [1, 2, 4]}'))
        self.assertEqual(client.stray_replies(), [])

    def test_batch(self):
        client = self.connect("--conformance-methods")
        responses = client.batch([
            ("subtract", [42, 23], False),
            ("notify_hello", [7], True),
            ("subtract", {"minuend": 1, "subtrahend": 3}, False),
            ("get_data", None, False),
            ("no.such.method", None, False),
        ])
        self.assertEqual(len(responses), 5)
        self.assertEqual(responses[0]["result"], 19)
        self.assertIsNone(responses[1])
        self.assertEqual(responses[2]["result"], -2)
        self.assertEqual(responses[3]["result"], ["hello", 5])
        self.assertEqual(responses[4]["error"]["code"], -32601)
        self.assertEqual(client.batch([("notify_hello", [1], True), ("update", [], True)]), [None, None])
        self.assertEqual(client.call("system.ping"), "pong")
        self.assertEqual(client.stray_replies(), [])

    def test_large_integer_id_echoed_exactly(self):
        client = self.connect()
        request = '{"jsonrpc": "2.0", "method": "system.ping", "id": ' + LARGE_ID + "}"
        reply = client.send_raw(request, parse_int=str)
        self.assertEqual(reply.get("id"), LARGE_ID, f"reply: {client.last_reply_text}")
        self.assertEqual(raw_id_text(client.last_reply_text), LARGE_ID, f"reply: {client.last_reply_text}")
        self.assertEqual(reply.get("result"), "pong")

    def test_fractional_id_echoed_exactly(self):
        client = self.connect()
        reply = client.send_raw('{"jsonrpc": "2.0", "method": "system.ping", "id": 1.5}', parse_float=str)
        self.assertEqual(reply.get("id"), "1.5", f"reply: {client.last_reply_text}")
        self.assertEqual(raw_id_text(client.last_reply_text), "1.5", f"reply: {client.last_reply_text}")
        self.assertEqual(reply.get("result"), "pong")

    def check_line_limit(self, limit: int) -> None:
        client = self.connect("--max-line-bytes", str(limit))
        padding = "x" * 5000
        request = '{"jsonrpc": "2.0", "method": "system.ping", "params": ["' + padding + '"], "id": 1}'
        self.assertGreater(len(request.encode()), 5000)
        reply = client.send_raw(request)
        self.assertIsInstance(reply, dict, f"reply: {client.last_reply_text}")
        self.assertEqual(reply.get("error", {}).get("code"), -32003, f"reply: {client.last_reply_text}")
        self.assertIn("id", reply)
        self.assertIsNone(reply["id"], f"reply: {client.last_reply_text}")
        self.assertEqual(client.call("system.ping"), "pong")
        # Through call(): the id-null error is the answer to the request that was too long.
        with self.assertRaises(RpcError) as raised:
            client.call("system.ping", [padding])
        self.assertEqual(raised.exception.code, -32003)
        self.assertEqual(client.call("system.ping"), "pong")
        # A line just under the limit still goes through.
        long_id = "y" * (limit - 60)
        request = '{"jsonrpc": "2.0", "method": "system.ping", "id": "' + long_id + '"}'
        self.assertLess(len(request.encode()), limit)
        reply = client.send_raw(request)
        self.assertEqual((reply.get("result"), reply.get("id")), ("pong", long_id), f"reply: {reply!r}")

    def test_line_over_the_limit(self):
        """The brief's case: a server started with --max-line-bytes 1000, sent 5000 bytes."""
        self.check_line_limit(1000)

    def test_line_over_the_limit_of_1024(self):
        self.check_line_limit(1024)

    def test_notification_over_the_limit_is_not_taken_for_the_next_answer(self):
        client = self.connect("--max-line-bytes", "1024")
        client.notify("update", ["x" * 5000])
        self.assertEqual(client.call("system.ping"), "pong")
        strays = client.stray_replies()
        self.assertEqual([s.get("error", {}).get("code") for s in strays], [-32003], f"strays: {strays!r}")


class StdioClientTests(TransportBehaviour, ServerTestCase):
    """Over the server's standard input and output."""

    def connect(self, *options):
        return self.stdio_client(*options)

    def test_exits_zero_when_stdin_closes(self):
        client = self.connect()
        self.assertEqual(client.call("system.ping"), "pong")
        self.assertEqual(client.close(), 0, f"server log:\n{client.stderr_text()}")

    def test_exits_zero_when_stdin_closes_without_requests(self):
        client = self.connect()
        self.assertEqual(client.close(), 0, f"server log:\n{client.stderr_text()}")

    def test_context_manager_closes(self):
        with self.connect() as client:
            self.assertEqual(client.call("system.ping"), "pong")
        self.assertEqual(client.server.returncode, 0, f"server log:\n{client.stderr_text()}")


class TcpClientTests(TransportBehaviour, ServerTestCase):
    """Over TCP, one server per test."""

    def connect(self, *options):
        return self.tcp_client(self.tcp_server(*options))

    def test_authentication(self):
        server = self.tcp_server("--token", TOKEN)
        client = self.tcp_client(server)
        with self.assertRaises(RpcError) as raised:
            client.call("system.ping")
        self.assertEqual(raised.exception.code, -32001)
        with self.assertRaises(RpcError) as raised:
            client.call("session.authenticate", {"token": "wrong"})
        self.assertEqual(raised.exception.code, -32002)
        with self.assertRaises(RpcError) as raised:
            client.call("system.ping")
        self.assertEqual(raised.exception.code, -32001)
        result = client.call("session.authenticate", {"token": TOKEN})
        self.assertIsInstance(result, dict)
        self.assertIs(result.get("authenticated"), True, f"result: {result!r}")
        self.assertEqual(client.call("system.ping"), "pong")

    def test_token_given_to_the_client(self):
        server = self.tcp_server("--token", TOKEN)
        client = self.tcp_client(server, token=TOKEN)
        self.assertEqual(client.call("system.ping"), "pong")
        with self.assertRaises(RpcError) as raised:
            TcpClient(server.host, server.port, token="wrong", timeout=TIMEOUT)
        self.assertEqual(raised.exception.code, -32002)

    def test_token_from_the_environment(self):
        server = self.tcp_server(env={"MOCEAN_NOTIFY_TOKEN": TOKEN})
        client = self.tcp_client(server)
        with self.assertRaises(RpcError) as raised:
            client.call("system.ping")
        self.assertEqual(raised.exception.code, -32001)
        self.assertEqual(self.tcp_client(server, token=TOKEN).call("system.ping"), "pong")

    def test_connections_are_independent(self):
        server = self.tcp_server("--token", TOKEN)
        first = self.tcp_client(server, token=TOKEN)
        second = self.tcp_client(server)
        self.assertEqual(first.call("system.ping"), "pong")
        with self.assertRaises(RpcError) as raised:
            second.call("system.ping")
        self.assertEqual(raised.exception.code, -32001)
        self.assertEqual(first.call("system.ping"), "pong")

    def test_two_connections_concurrently(self):
        server = self.tcp_server("--conformance-methods")
        clients = [self.tcp_client(server), self.tcp_client(server)]
        failures = []

        def work(client, offset):
            try:
                for i in range(100):
                    result = client.call("subtract", [offset + i, i])
                    if result != offset:
                        failures.append(f"subtract({offset + i}, {i}) gave {result!r}")
            except Exception as error:  # noqa: BLE001 - reported below
                failures.append(repr(error))

        threads = [threading.Thread(target=work, args=(c, 1000 * (n + 1))) for n, c in enumerate(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertFalse(any(t.is_alive() for t in threads), "a connection hung")
        self.assertEqual(failures, [])

    def test_sigterm_exits_zero(self):
        server = self.tcp_server()
        client = self.tcp_client(server)
        self.assertEqual(client.call("system.ping"), "pong")
        self.assertEqual(server.terminate(TIMEOUT), 0, f"server log:\n{server.stderr_text()}")

    def test_listening_line_names_the_port(self):
        server = self.tcp_server()
        self.assertRegex(server.stderr_text(), re.compile(rf"listening on 127\.0\.0\.1:{server.port}\b"))
        self.assertGreater(server.port, 0)


if __name__ == "__main__":
    unittest.main()
