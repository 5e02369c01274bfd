"""Starting a server process and reading its log."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from typing import Mapping, Sequence

from .errors import TransportError

_LISTENING = re.compile(r"listening on (\[[0-9A-Fa-f:.]+\]|[^\s:]+):(\d+)")


class ServerProcess:
    """A running server process whose standard error is drained on a background thread.

    The server logs to standard error only; reading it continuously means the server can never
    block on a full pipe, and the text stays available through :meth:`stderr_text` for debugging.

    Args:
        argv: the command line, e.g. ``[binary, "serve", "--tcp", "127.0.0.1:0", "--database", path]``.
        env: extra environment variables, added to (and overriding) the current environment.
        pipe_stdio: when true, standard input and output are pipes (``process.stdin``/``process.stdout``);
            otherwise standard input is closed and standard output discarded.
    """

    def __init__(self, argv: Sequence[str], env: Mapping[str, str] | None = None, pipe_stdio: bool = False):
        environment = dict(os.environ)
        if env:
            environment.update(env)
        self.argv = list(argv)
        self.process = subprocess.Popen(
            self.argv,
            stdin=subprocess.PIPE if pipe_stdio else subprocess.DEVNULL,
            stdout=subprocess.PIPE if pipe_stdio else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=environment,
        )
        self._log_lines: list[str] = []
        self._log_changed = threading.Condition()
        self._log_ended = False
        self._drain = threading.Thread(target=self._drain_stderr, name=f"stderr-{self.process.pid}", daemon=True)
        self._drain.start()
        self.host: str | None = None
        self.port: int | None = None

    @property
    def pid(self) -> int:
        """The process id."""
        return self.process.pid

    @property
    def returncode(self) -> int | None:
        """The exit status, or None while the process runs (negative: killed by that signal)."""
        return self.process.poll()

    def _drain_stderr(self) -> None:
        stream = self.process.stderr
        try:
            for raw in iter(stream.readline, b""):
                with self._log_changed:
                    self._log_lines.append(raw.decode("utf-8", errors="replace"))
                    self._log_changed.notify_all()
        except (OSError, ValueError):
            pass
        finally:
            with self._log_changed:
                self._log_ended = True
                self._log_changed.notify_all()

    def stderr_text(self) -> str:
        """Everything the server has written to standard error so far."""
        with self._log_changed:
            return "".join(self._log_lines)

    def wait_for_log(self, pattern: str | re.Pattern, timeout: float = 10) -> re.Match:
        """Waits until a line of the server's log matches ``pattern`` and returns the match.

        Raises:
            TransportError: the server's standard error ended (it exited) before a line matched.
            RpcTimeout: no line matched within ``timeout`` seconds.
        """
        from .errors import RpcTimeout

        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout
        seen = 0
        with self._log_changed:
            while True:
                for line in self._log_lines[seen:]:
                    match = regex.search(line)
                    if match:
                        return match
                seen = len(self._log_lines)
                if self._log_ended:
                    raise TransportError(
                        f"server log ended without a line matching {regex.pattern!r}; "
                        f"exit status {self.process.poll()}; log:\n{''.join(self._log_lines)}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise RpcTimeout(
                        f"no line matching {regex.pattern!r} in the server log after {timeout} s; "
                        f"log:\n{''.join(self._log_lines)}")
                self._log_changed.wait(remaining)

    def wait_for_listening(self, timeout: float = 10) -> tuple[str, int]:
        """Waits for the TCP server's ``listening on HOST:PORT`` log line; sets and returns ``(host, port)``."""
        match = self.wait_for_log(_LISTENING, timeout)
        self.host = match.group(1).strip("[]")
        self.port = int(match.group(2))
        return self.host, self.port

    def wait(self, timeout: float | None = 10) -> int:
        """Waits for the process to exit and returns its exit status.

        Raises:
            subprocess.TimeoutExpired: it is still running after ``timeout`` seconds.
        """
        code = self.process.wait(timeout)
        self._drain.join(2)
        self._close_pipes()
        return code

    def terminate(self, timeout: float = 10) -> int:
        """Sends SIGTERM, waits for the exit and returns the exit status; kills the process if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return self.process.returncode

    def kill(self) -> None:
        """Kills the process (SIGKILL) if it still runs, and reaps it."""
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            pass
        self._drain.join(2)
        self._close_pipes()

    def _close_pipes(self) -> None:
        # Standard output is closed by its reader (or here, once the process is gone); standard error
        # only once its drain thread has finished with it.
        streams = [self.process.stdin, self.process.stdout]
        if not self._drain.is_alive():
            streams.append(self.process.stderr)
        for stream in streams:
            if stream is not None:
                try:
                    stream.close()
                except (OSError, ValueError):
                    pass

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc_info) -> None:
        self.kill()
