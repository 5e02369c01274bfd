"""Helpers of the Python benchmark scripts: start the service and the sandbox, call the service, read memory."""
import base64
import hashlib
import hmac
import json
import os
import re
import subprocess
import time
import urllib.request


class System:
    """Processes started by a benchmark, stopped together."""

    def __init__(self, bin_dir, work):
        self.bin, self.work, self.processes = bin_dir, work, []

    def start(self, name, arguments, pattern=r"listening on 127\.0\.0\.1:(\d+)"):
        """Starts `mocean-notify ARGUMENTS`; returns the process and the port it listens on (the first match of
        `pattern` in its log)."""
        log = open(os.path.join(self.work, name + ".log"), "w+")
        process = subprocess.Popen([os.path.join(self.bin, "mocean-notify")] + arguments, stderr=log,
                                   stdout=subprocess.DEVNULL)
        self.processes.append(process)
        for _ in range(400):
            log.seek(0)
            found = re.search(pattern, log.read())
            if found:
                return process, int(found.group(1))
            time.sleep(0.05)
        raise SystemExit(f"{name} did not start")

    def port(self, name, pattern):
        """Another port the process `name` logged, e.g. its HTTP front's."""
        found = re.search(pattern, open(os.path.join(self.work, name + ".log")).read())
        if not found:
            raise SystemExit(f"{name} logged no {pattern}")
        return int(found.group(1))

    def call(self, port, method, params=None):
        """`mocean-notify call`: the result, or the run stops with the error."""
        arguments = [os.path.join(self.bin, "mocean-notify"), "call", "--connect", f"127.0.0.1:{port}", "--compact",
                     "--timeout", "3600", method]
        if params is not None:
            arguments.append(json.dumps(params))
        finished = subprocess.run(arguments, capture_output=True, text=True)
        if finished.returncode != 0:
            raise SystemExit(f"{method} failed: {finished.stdout} {finished.stderr}")
        return json.loads(finished.stdout)

    def stop(self):
        for process in self.processes:
            process.terminate()


def sandbox(port, path, body=None):
    """A GET (or, with `body`, a POST of JSON) to the sandbox's own paths."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body and json.dumps(body).encode(),
                                     method="POST" if body is not None else "GET")
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def memory(pid):
    """VmRSS, VmHWM and RssAnon of a process, in MiB."""
    fields = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status"))
    return {key: int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM", "RssAnon")}


def signed_headers(secret, webhook_id, now, body):
    """The Standard Webhooks headers the store sends with `body` (a str), signed with `secret`."""
    mac = hmac.new(secret.encode(), f"{webhook_id}.{now}.{body}".encode(), hashlib.sha256).digest()
    return {"Content-Type": "application/json", "webhook-id": webhook_id, "webhook-timestamp": str(now),
            "webhook-signature": "v1," + base64.b64encode(mac).decode()}
