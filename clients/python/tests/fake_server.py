"""A tiny stand-in server for testing the client's own logic without the real binary.

It speaks newline-delimited JSON-RPC on stdin/stdout (default) or, with ``--tcp``, on a free port of
127.0.0.1 that it announces on stderr as ``listening on 127.0.0.1:PORT``. Before every response it sends
a server notification (``event.tick``), so that a client which confuses the two fails. Methods: system.ping,
subtract (by position or name), echo; anything else is -32601. Requests without id get no reply.
"""

import json
import socket
import sys
import threading

ticks = 0
tick_lock = threading.Lock()


def handle(message):
    """The reply to one parsed message (or None)."""
    if isinstance(message, list):
        replies = [r for r in (handle_one(m) for m in message) if r is not None]
        return replies or None
    return handle_one(message)


def handle_one(message):
    if not isinstance(message, dict) or message.get("jsonrpc") != "2.0" or not isinstance(message.get("method"), str):
        return {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": None}
    if "id" not in message:
        return None
    method, params, request_id = message["method"], message.get("params"), message["id"]
    if method == "system.ping":
        return {"jsonrpc": "2.0", "result": "pong", "id": request_id}
    if method == "echo":
        return {"jsonrpc": "2.0", "result": params, "id": request_id}
    if method == "subtract":
        if isinstance(params, dict):
            a, b = params.get("minuend"), params.get("subtrahend")
        else:
            a, b = (params or [None, None])[:2]
        if not isinstance(a, (int, float)):
            return {"jsonrpc": "2.0", "id": request_id,
                    "error": {"code": -32602, "message": "Invalid params", "data": {"field": "minuend"}}}
        return {"jsonrpc": "2.0", "result": a - b, "id": request_id}
    return {"jsonrpc": "2.0", "id": request_id,
            "error": {"code": -32601, "message": "Method not found", "data": {"method": method}}}


def serve(read_line, write):
    global ticks
    while True:
        line = read_line()
        if not line:
            return
        if not line.strip():
            continue
        try:
            message = json.loads(line)
        except ValueError:
            reply = {"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": None}
        else:
            reply = handle(message)
        if reply is None:
            continue
        with tick_lock:
            ticks += 1
            tick = ticks
        write(json.dumps({"jsonrpc": "2.0", "method": "event.tick", "params": {"n": tick}}) + "\n")
        write(json.dumps(reply) + "\n")


def main():
    if "--tcp" in sys.argv:
        listener = socket.create_server(("127.0.0.1", 0))
        print(f"fake: listening on 127.0.0.1:{listener.getsockname()[1]}", file=sys.stderr, flush=True)

        def session(connection):
            with connection:
                reader = connection.makefile("r", encoding="utf-8", newline="\n")
                serve(reader.readline, lambda text: connection.sendall(text.encode("utf-8")))

        while True:
            connection, _ = listener.accept()
            threading.Thread(target=session, args=(connection,), daemon=True).start()
    else:
        print("fake: serving on stdio", file=sys.stderr, flush=True)

        def write(text):
            sys.stdout.write(text)
            sys.stdout.flush()

        serve(sys.stdin.readline, write)
        print("fake: stdin ended", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
