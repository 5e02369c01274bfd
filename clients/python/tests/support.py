"""Shared helpers for the tests: locating the server binary and starting servers on temporary databases."""

from __future__ import annotations

import os
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE_ROOT = HERE.parent                     # clients/python
REPO_ROOT = PACKAGE_ROOT.parent.parent         # the Swift package
if str(PACKAGE_ROOT) not in sys.path:
    sys.path.insert(0, str(PACKAGE_ROOT))

from mocean_notify import ServerProcess, StdioClient, TcpClient  # noqa: E402

TIMEOUT = 10.0
FIXTURES = REPO_ROOT / "Tests" / "Fixtures" / "jsonrpc-cases.jsonl"


def server_binary() -> Path:
    """The server executable: $MOCEAN_NOTIFY_BIN, else <repo>/.build/debug/mocean-notify."""
    configured = os.environ.get("MOCEAN_NOTIFY_BIN")
    return Path(configured) if configured else REPO_ROOT / ".build" / "debug" / "mocean-notify"


def require_binary() -> Path:
    """The server executable; fails (rather than skips) when it is missing, so a run never passes without it."""
    binary = server_binary()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        raise AssertionError(
            f"server binary not found at {binary}: build the package, or set MOCEAN_NOTIFY_BIN")
    return binary


class ServerTestCase(unittest.TestCase):
    """A test case with a temporary directory and clean-up of every server and client it starts."""

    def setUp(self) -> None:
        self.binary = require_binary()
        self._tmp = tempfile.TemporaryDirectory(prefix="mocean-notify-test-")
        self.addCleanup(self._tmp.cleanup)
        self._databases = 0

    def database(self) -> str:
        """A fresh database path inside this test's temporary directory."""
        self._databases += 1
        return os.path.join(self._tmp.name, f"notify-{self._databases}.sqlite")

    def serve_argv(self, *options: str) -> list[str]:
        """``[binary, "serve", *options, "--database", fresh_path]``."""
        return [str(self.binary), "serve", *options, "--database", self.database()]

    def stdio_client(self, *options: str, env=None) -> StdioClient:
        """Starts ``serve --stdio`` with ``options``; the process is killed at clean-up whatever happens."""
        client = StdioClient(self.serve_argv("--stdio", *options), env=env, timeout=TIMEOUT)
        self.addCleanup(client.kill)
        return client

    def tcp_server(self, *options: str, env=None) -> ServerProcess:
        """Starts ``serve --tcp 127.0.0.1:0`` with ``options`` and waits until it listens."""
        server = ServerProcess(self.serve_argv("--tcp", "127.0.0.1:0", *options), env=env)
        self.addCleanup(server.kill)
        server.wait_for_listening(TIMEOUT)
        return server

    def tcp_client(self, server: ServerProcess, token: str | None = None) -> TcpClient:
        """Connects to ``server``; the connection is closed at clean-up."""
        client = TcpClient(server.host, server.port, token=token, timeout=TIMEOUT)
        self.addCleanup(client.close)
        return client
