"""JSON-RPC 2.0 clients for mocean-notify over standard input/output and over TCP.

Both transports frame messages the same way: one JSON text per line, UTF-8, ending with a newline.
The server answers the lines of one connection in order; the clients rely on that to tell, without
waiting forever, whether a line got a reply (see :meth:`send_raw`).
"""

from __future__ import annotations

import itertools
import json
import queue
import socket
import subprocess
import threading
import time
from collections import deque
from typing import Any, Iterable, Mapping, Sequence

from .errors import ProtocolError, RpcError, RpcTimeout, TransportError
from .process import ServerProcess

_EOF = object()
_NO_REPLY = object()


def _same_id(a: Any, b: Any) -> bool:
    """JSON equality of two ids: same type family and value (True is not 1, "1" is not 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def _is_server_message(message: Any) -> bool:
    """True for a message the server sent on its own (a notification): it has a method and no id."""
    return (
        isinstance(message, dict)
        and "method" in message
        and "id" not in message
        and "result" not in message
        and "error" not in message
    )


def _check_params(params: Any) -> None:
    if params is not None and not isinstance(params, (list, tuple, dict)):
        raise TypeError(f"params must be a list, a tuple, a dict or None, not {type(params).__name__}")


def _message(method: str, params: Any, request_id: Any = _NO_REPLY) -> dict:
    if not isinstance(method, str):
        raise TypeError(f"method must be a str, not {type(method).__name__}")
    _check_params(params)
    message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
    if params is not None:
        message["params"] = list(params) if isinstance(params, tuple) else params
    if request_id is not _NO_REPLY:
        message["id"] = request_id
    return message


def _encode(message: Any) -> bytes:
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class _LineReader(threading.Thread):
    """Reads newline-delimited lines from a binary stream into a queue, then ``_EOF``."""

    def __init__(self, stream, inbox: queue.Queue, name: str):
        super().__init__(name=name, daemon=True)
        self._stream = stream
        self._inbox = inbox

    def run(self) -> None:
        try:
            for raw in iter(self._stream.readline, b""):
                text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
                if text.strip():
                    self._inbox.put(text)
        except (OSError, ValueError):
            pass
        finally:
            self._inbox.put(_EOF)


class _Client:
    """What both transports share: ids, requests, notifications, batches and raw lines."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self._syncs = itertools.count(1)
        self._inbox: queue.Queue = queue.Queue()
        self._notifications: deque = deque()
        self._strays: list = []
        self._unanswered_lines = 0
        self._ended = False
        self._closed = False
        self.last_reply_text: str | None = None
        """The exact text of the reply :meth:`send_raw` last returned (None when there was none)."""

    # -- to be provided by each transport ------------------------------------------------------------

    def _write(self, data: bytes) -> None:
        raise NotImplementedError

    def _describe_end(self) -> str:
        return "the server closed the connection"

    # -- reading -----------------------------------------------------------------------------------

    def _next_line(self, deadline: float) -> str:
        if self._ended:
            raise TransportError(self._describe_end())
        remaining = deadline - time.monotonic()
        try:
            item = self._inbox.get(timeout=max(remaining, 0.0))
        except queue.Empty:
            raise RpcTimeout(f"no reply from the server within {self.timeout} s") from None
        if item is _EOF:
            self._ended = True
            raise TransportError(self._describe_end())
        return item

    def _next_reply(self, deadline: float) -> tuple[str, Any]:
        """The next message that is not a server notification, as ``(text, parsed)``; queues notifications."""
        while True:
            text = self._next_line(deadline)
            try:
                message = json.loads(text)
            except ValueError as error:
                raise ProtocolError(f"the server sent a line that is not JSON ({error}): {text[:200]!r}") from None
            if _is_server_message(message):
                self._notifications.append(message)
                continue
            return text, message

    def _deadline(self) -> float:
        return time.monotonic() + self.timeout

    def _send_line(self, data: bytes) -> None:
        if self._closed:
            raise TransportError("the client is closed")
        self._write(data + b"\n")

    def _synchronize(self, deadline: float) -> None:
        """Sends a ping and waits for its answer; replies to earlier lines that come first are strays."""
        sync_id = f"__sync_{next(self._syncs)}"
        self._send_line(_encode(_message("system.ping", None, sync_id)))
        while True:
            _, message = self._next_reply(deadline)
            if isinstance(message, dict) and _same_id(message.get("id"), sync_id):
                self._unanswered_lines = 0
                return
            self._strays.append(message)

    def _settle(self, deadline: float) -> None:
        # Notifications sent earlier may still draw a reply (a line over the limit does); collect any
        # such reply first, so that it cannot be taken for the answer to what comes next.
        if self._unanswered_lines:
            self._synchronize(deadline)

    # -- public API --------------------------------------------------------------------------------

    def call(self, method: str, params: Sequence | Mapping | None = None) -> Any:
        """Calls ``method`` and returns its result.

        Args:
            method: the method's name.
            params: a list or tuple (by position), a dict (by name), or None (no params member).

        Raises:
            RpcError: the server answered with an error object.
            TransportError: the connection ended, or no reply came within the client's timeout.
        """
        with self._lock:
            request_id = next(self._ids)
            data = _encode(_message(method, params, request_id))
            deadline = self._deadline()
            self._settle(deadline)
            self._send_line(data)
            while True:
                _, message = self._next_reply(deadline)
                if isinstance(message, dict):
                    reply_id = message.get("id", _NO_REPLY)
                    if _same_id(reply_id, request_id) or (reply_id is None and "error" in message):
                        # An error with id null answers a line the server could not read (too long,
                        # say); with every earlier line answered, that line is this request.
                        if "error" in message:
                            raise RpcError.from_response(message)
                        if "result" not in message:
                            raise ProtocolError(f"response without result or error: {message!r}")
                        return message["result"]
                self._strays.append(message)

    def notify(self, method: str, params: Sequence | Mapping | None = None) -> None:
        """Sends a notification: a request without id, which the server does not answer."""
        with self._lock:
            self._send_line(_encode(_message(method, params)))
            self._unanswered_lines += 1

    def batch(self, calls: Iterable[tuple[str, Sequence | Mapping | None, bool]]) -> list[dict | None]:
        """Sends several requests and notifications as one batch.

        Args:
            calls: ``(method, params, is_notification)`` triples.

        Returns:
            One entry per call, in the order given: the whole response object (with ``result`` or
            ``error``) for a request, None for a notification. An empty list for an empty ``calls``.

        Raises:
            RpcError: the server rejected the batch as a whole (a single error object came back).
            ProtocolError: a request of the batch got no response, or the reply is not a batch reply.
        """
        entries = []
        ids: list[Any] = []
        for method, params, is_notification in calls:
            if is_notification:
                entries.append(_message(method, params))
                ids.append(_NO_REPLY)
            else:
                request_id = next(self._ids)
                entries.append(_message(method, params, request_id))
                ids.append(request_id)
        if not entries:
            return []
        with self._lock:
            data = _encode(entries)
            if all(request_id is _NO_REPLY for request_id in ids):
                self._send_line(data)
                self._unanswered_lines += 1
                return [None] * len(entries)
            deadline = self._deadline()
            self._settle(deadline)
            self._send_line(data)
            while True:
                _, message = self._next_reply(deadline)
                if isinstance(message, list):
                    break
                if isinstance(message, dict) and message.get("id", _NO_REPLY) is None and "error" in message:
                    raise RpcError.from_response(message)
                self._strays.append(message)
            remaining = [response for response in message if isinstance(response, dict)]
            results: list[dict | None] = []
            missing = []
            for request_id in ids:
                if request_id is _NO_REPLY:
                    results.append(None)
                    continue
                found = next((r for r in remaining if _same_id(r.get("id", _NO_REPLY), request_id)), None)
                if found is None:
                    missing.append(request_id)
                else:
                    remaining.remove(found)
                results.append(found)
            if missing:
                raise ProtocolError(f"the batch reply has no response for ids {missing}: {message!r}")
            self._strays.extend(remaining)
            return results

    def send_raw(self, text: str, *, parse_int=None, parse_float=None) -> list | dict | None:
        """Sends ``text`` as one line, exactly as given, and returns the parsed reply, or None if none is due.

        To know without waiting forever whether the line draws a reply, the client follows it with a
        ``system.ping`` request of id ``"__sync_N"``: the server answers in order, so if the first reply
        is the ping's, the line had none. The exact reply text is kept in :attr:`last_reply_text`.

        Args:
            text: one JSON text (or anything else: this is for testing the server), without newline.
            parse_int, parse_float: passed to :func:`json.loads` for the reply, e.g. ``str`` to keep the
                exact text of numbers.

        Raises:
            ValueError: ``text`` contains a newline.
            TransportError: the connection ended, or no reply came within the client's timeout.
        """
        if "\n" in text:
            raise ValueError("send_raw sends one line: text must not contain a newline")
        with self._lock:
            deadline = self._deadline()
            self._settle(deadline)
            sync_id = f"__sync_{next(self._syncs)}"
            self._send_line(text.encode("utf-8"))
            self._send_line(_encode(_message("system.ping", None, sync_id)))
            reply: Any = _NO_REPLY
            reply_text = None
            while True:
                line, message = self._next_reply(deadline)
                if isinstance(message, dict) and _same_id(message.get("id", _NO_REPLY), sync_id):
                    break
                if reply is _NO_REPLY:
                    reply_text = line
                    reply = json.loads(line, parse_int=parse_int, parse_float=parse_float)
                else:
                    self._strays.append(message)
            self._unanswered_lines = 0
            self.last_reply_text = reply_text
            return None if reply is _NO_REPLY else reply

    def notifications(self) -> list[dict]:
        """Returns the notifications the server sent so far, oldest first, and forgets them.

        Notifications are read while waiting for responses; call ``call("system.ping")`` first to collect
        those sent since the last reply.
        """
        with self._lock:
            drained = list(self._notifications)
            self._notifications.clear()
            # Also pick up any that arrived since, without waiting.
            while True:
                try:
                    item = self._inbox.get_nowait()
                except queue.Empty:
                    break
                if item is _EOF:
                    self._inbox.put(_EOF)
                    break
                try:
                    message = json.loads(item)
                except ValueError:
                    self._strays.append(item)
                    continue
                if _is_server_message(message):
                    drained.append(message)
                else:
                    self._strays.append(message)
            return drained

    def stray_replies(self) -> list:
        """Returns, and forgets, replies that answered nothing this client was waiting for.

        A notification whose line the server could not read (too long, say) draws an error reply
        with id null; such replies land here rather than being taken for a later call's answer.
        """
        with self._lock:
            strays = list(self._strays)
            self._strays.clear()
            return strays

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self):  # pragma: no cover - overridden
        """Closes the connection."""
        raise NotImplementedError


class StdioClient(_Client):
    """A client that starts the server and talks to it over its standard input and output.

    The server's standard error (its log) is drained on a background thread; read it with
    :meth:`stderr_text`.

    Args:
        argv: the server's command line, e.g. ``[binary, "serve", "--stdio", "--database", path]``.
        env: extra environment variables, added to (and overriding) the current environment.
        timeout: seconds to wait for any one reply.
    """

    def __init__(self, argv: Sequence[str], env: Mapping[str, str] | None = None, timeout: float = 10):
        super().__init__(timeout)
        self.server = ServerProcess(argv, env=env, pipe_stdio=True)
        self._write_lock = threading.Lock()
        self._reader = _LineReader(self.server.process.stdout, self._inbox, f"stdout-{self.server.pid}")
        self._reader.start()

    @property
    def pid(self) -> int:
        """The server's process id."""
        return self.server.pid

    def stderr_text(self) -> str:
        """Everything the server has logged to standard error so far."""
        return self.server.stderr_text()

    def _write(self, data: bytes) -> None:
        stdin = self.server.process.stdin
        try:
            with self._write_lock:
                stdin.write(data)
                stdin.flush()
        except (BrokenPipeError, OSError, ValueError) as error:
            raise TransportError(f"writing to the server failed: {error}; {self._describe_end()}") from None

    def _describe_end(self) -> str:
        # Output usually ends because the process is exiting: give it a moment, so that the exit
        # status and the whole log make it into the message.
        try:
            self.server.process.wait(1)
            self.server._drain.join(1)
        except subprocess.TimeoutExpired:
            pass
        code = self.server.returncode
        status = "still running" if code is None else f"exit status {code}"
        return f"the server's output ended ({status}); its log:\n{self.stderr_text()}"

    def close(self, timeout: float | None = None) -> int:
        """Closes the server's standard input, waits for it to exit and returns its exit status.

        If it has not exited after ``timeout`` seconds (default: the client's timeout), it is killed
        and the (negative) status of the kill is returned.
        """
        self._closed = True
        try:
            self.server.process.stdin.close()
        except OSError:
            pass
        try:
            code = self.server.wait(self.timeout if timeout is None else timeout)
        except Exception:
            self.server.kill()
            code = self.server.returncode
        self._reader.join(2)
        return code

    def kill(self) -> None:
        """Kills the server at once (for clean-up after a failure)."""
        self._closed = True
        self.server.kill()


class TcpClient(_Client):
    """A client connected to the server over TCP.

    Args:
        host, port: where the server listens.
        token: if given, ``session.authenticate`` is called with ``{"token": token}`` right away.
        timeout: seconds allowed for connecting and for any one reply.

    Raises:
        TransportError: the connection could not be made.
        RpcError: authentication failed.
    """

    def __init__(self, host: str, port: int, token: str | None = None, timeout: float = 10):
        super().__init__(timeout)
        try:
            self._socket = socket.create_connection((host, port), timeout=timeout)
        except OSError as error:
            raise TransportError(f"cannot connect to {host}:{port}: {error}") from None
        self._socket.settimeout(None)
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.address = (host, port)
        self._stream = self._socket.makefile("rb")
        self._reader = _LineReader(self._stream, self._inbox, f"tcp-{host}:{port}")
        self._reader.start()
        if token is not None:
            try:
                self.call("session.authenticate", {"token": token})
            except BaseException:
                self.close()
                raise

    def _write(self, data: bytes) -> None:
        try:
            self._socket.sendall(data)
        except OSError as error:
            raise TransportError(f"writing to {self.address[0]}:{self.address[1]} failed: {error}") from None

    def _describe_end(self) -> str:
        return f"the server at {self.address[0]}:{self.address[1]} closed the connection"

    def close(self) -> None:
        """Closes the connection (idempotent)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._reader.join(2)
        self._stream.close()
        self._socket.close()
