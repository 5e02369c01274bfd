"""What the Python end-to-end suites (the console, MCP) share: the service's processes, started and stopped."""
import os
import re
import subprocess
import time


class Processes:
    """Processes started with free ports, stopped together."""

    def __init__(self, binary, work):
        self.binary, self.work, self.started = binary, work, []

    def start(self, name, arguments, pattern):
        log = open(os.path.join(self.work, f"{name}.log"), "w+")
        process = subprocess.Popen([self.binary] + arguments, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=log)
        self.started.append(process)
        deadline = time.time() + 60
        while time.time() < deadline:
            log.seek(0)
            found = re.search(pattern, log.read())
            if found:
                return int(found.group(1))
            if process.poll() is not None:
                break
            time.sleep(0.05)
        log.seek(0)
        raise RuntimeError(f"{name} did not start: {log.read()[-2000:]}")

    def stop(self):
        for process in self.started:
            process.terminate()
        for process in self.started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
