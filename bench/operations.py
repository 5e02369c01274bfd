#!/usr/bin/env python3
"""The operations section of the benchmarks: what quiet hours and the live console cost, each against the same
service without them in the same run. A broadcast to every customer of a store of CUSTOMERS (the sandbox at 5 ms
of latency) is sent in turns without quiet hours and with a window open now (each row's recipient zone looked
up when it is written, each SMS weighed against the window when it is sent), ROUNDS times; its dry run too (the
last SMS's time is counted over every recipient's zone). Then broadcasts with 0 and with CONSOLES live consoles
connected to /console/live, and the service's CPU while idle with each.

    operations.py BIN_DIR WORK_DIR RESULTS_FILE [CUSTOMERS] [ROUNDS] [CONSOLES]

Prints a Markdown table and the goals' verdicts; appends one JSON object per measurement to RESULTS_FILE.
"""
import http.client
import json
import os
import statistics
import sys
import threading
import time

from benchlib import System

BIN, WORK, RESULTS = sys.argv[1:4]
CUSTOMERS = int(sys.argv[4]) if len(sys.argv) > 4 else 20_000
ROUNDS = int(sys.argv[5]) if len(sys.argv) > 5 else 3
CONSOLES = int(sys.argv[6]) if len(sys.argv) > 6 else 20
SYSTEM = System(BIN, WORK)


def cpu_seconds(pid):
    """User and system CPU of a process so far, in seconds."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class LiveConsoles:
    """`count` consoles reading /console/live, as the browser does, until stopped; counts the events read."""

    def __init__(self, port, count):
        self.port, self.count, self.events, self.stopping = port, count, 0, threading.Event()
        self.lock, self.threads = threading.Lock(), []

    def __enter__(self):
        for _ in range(self.count):
            thread = threading.Thread(target=self.read, daemon=True)
            thread.start()
            self.threads.append(thread)
        time.sleep(1)
        return self

    def read(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", "/console/live", headers={"X-Console": "1"})
        response = connection.getresponse()
        while not self.stopping.is_set():
            line = response.fp.readline()
            if not line:
                break
            if line.startswith(b"event:"):
                with self.lock:
                    self.events += 1
        connection.close()

    def __exit__(self, *_):
        self.stopping.set()


def settle(pid, most=60):
    """Waits (at most `most` seconds) until the process uses under 5 % of a core over a second."""
    deadline = time.monotonic() + most
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(1)
        if cpu_seconds(pid) - before < 0.05:
            return


def main():
    rows, idle_rows = [], []
    try:
        _, sandbox_port = SYSTEM.start("sandbox", [
            "sandbox", "--port", "0", "--api-key", "bench-key", "--api-secret", "bench-secret", "--balance",
            "100000000", "--latency-ms", "5", "--store-customers", str(CUSTOMERS)])
        url = f"http://127.0.0.1:{sandbox_port}"
        service, port = SYSTEM.start("service", ["serve", "--tcp", "127.0.0.1:0", "--http", "127.0.0.1:0",
                                                 "--database", os.path.join(WORK, "operations.sqlite")])
        http_port = SYSTEM.port("service", r"HTTP front serving on 127\.0\.0\.1:(\d+)")
        call = lambda method, params=None: SYSTEM.call(port, method, params)
        call("account.set", {"apiKey": "bench-key", "apiSecret": "bench-secret", "sender": "Bench", "gatewayUrl": url,
                             "customerCountry": "MY"})
        call("outbox.configure", {"ratePerSecond": 10000, "concurrency": 64})
        call("store.set", {"storeHash": "sandbox", "accessToken": "sandbox-store-token", "apiUrl": url})
        call("customers.sync")

        def idle_cpu(count):
            if count:
                with LiveConsoles(http_port, count):
                    before = cpu_seconds(service.pid)
                    time.sleep(10)
                    return cpu_seconds(service.pid) - before
            before = cpu_seconds(service.pid)
            time.sleep(10)
            return cpu_seconds(service.pid) - before

        # Idle first (the sync's rows indexed, nothing sent yet), measured in turns.
        settle(service.pid)
        idle = {"none": [], "live": []}
        for _ in range(ROUNDS):
            idle["none"].append(idle_cpu(0))
            idle["live"].append(idle_cpu(CONSOLES))
        idle_rows = [{"name": "idle CPU, % of a core", "without": statistics.median(idle["none"]) * 10,
                      "with": statistics.median(idle["live"]) * 10, "ratio": None, "what": f"{CONSOLES} live consoles"}]
        def broadcast(label):
            started = time.monotonic()
            answer = call("broadcast.send", {"message": f"Sale {label} {time.monotonic()}", "recipients": {"all": True},
                                             "follow": False})
            while call("broadcast.get", {"id": answer["id"]})["state"] not in ("finished", "cancelled"):
                time.sleep(0.2)
            return answer["toSend"] / (time.monotonic() - started)

        def dry_run():
            started = time.monotonic()
            answer = call("broadcast.send", {"message": "Sale", "recipients": {"all": True}, "dryRun": True})
            return time.monotonic() - started, answer.get("lastSendAt")

        quiet = {"window": {"start": "00:00", "end": "23:59"}, "storeTimeZone": "Asia/Kuala_Lumpur"}
        measured = {"none": [], "quiet": [], "dryNone": [], "dryQuiet": []}
        for _ in range(ROUNDS):
            call("quietHours.set", {"window": None})
            measured["none"].append(broadcast("plain"))
            measured["dryNone"].append(dry_run()[0])
            call("quietHours.set", quiet)
            measured["quiet"].append(broadcast("quiet"))
            seconds, last = dry_run()
            measured["dryQuiet"].append(seconds)
        call("quietHours.set", {"window": None})
        plain, windowed = statistics.median(measured["none"]), statistics.median(measured["quiet"])
        rows.append({"name": "broadcast, SMS/s", "without": plain, "with": windowed, "ratio": windowed / plain,
                     "what": "quiet hours (a window open now)", "samples": measured})
        dry_plain, dry_quiet = statistics.median(measured["dryNone"]), statistics.median(measured["dryQuiet"])
        rows.append({"name": "dry run, seconds", "without": dry_plain, "with": dry_quiet,
                     "ratio": dry_plain / dry_quiet, "what": "quiet hours (lastSendAt over every zone)",
                     "lastSendAt": last})

        consoles = {"none": [], "live": []}
        for _ in range(ROUNDS):
            consoles["none"].append(broadcast("alone"))
            with LiveConsoles(http_port, CONSOLES) as live:
                consoles["live"].append(broadcast("watched"))
                events = live.events
        alone, watched = statistics.median(consoles["none"]), statistics.median(consoles["live"])
        rows.append({"name": "broadcast, SMS/s", "without": alone, "with": watched, "ratio": watched / alone,
                     "what": f"{CONSOLES} live consoles", "events": events, "samples": consoles})

    finally:
        SYSTEM.stop()

    rows += idle_rows
    with open(RESULTS, "a") as out:
        for row in rows:
            out.write(json.dumps({"section": "operations", **row}) + "\n")
    print(f"\n### Operations ({CUSTOMERS:,} customers, sandbox at 5 ms, medians of {ROUNDS} rounds)\n")
    print("| measurement | with | without | with / without speed |")
    print("|---|---:|---:|---:|")
    for row in rows:
        ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}"
        print(f"| {row['name']}: {row['what']} | {row['with']:,.2f} | {row['without']:,.2f} | {ratio} |")
    speed = min(row["ratio"] for row in rows if row["ratio"] is not None)
    cpu = rows[-1]["with"] - rows[-1]["without"]
    print(f"\nGoal (quiet hours and live consoles cost at most 10 % of a broadcast's speed, and of its dry run): "
          f"{'met' if speed >= 0.9 else 'MISSED'} (lowest ratio {speed:.2f}).")
    print(f"Goal ({CONSOLES} idle live consoles cost under 5 % of a core): {'met' if cpu < 5 else 'MISSED'} "
          f"({cpu:.1f} % more).")


if __name__ == "__main__":
    main()
