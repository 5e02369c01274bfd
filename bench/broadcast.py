#!/usr/bin/env python3
"""The broadcast section of the benchmarks: one broadcast to every customer of a store of CUSTOMERS, through
the sandbox with 50 ms of gateway latency, against the sandbox's capacity (the bare gateway client, 64 in
flight) and MoceanAPI's Python SDK sending one at a time (as the store plugins do), in the same run.

    broadcast.py BIN_DIR WORK_DIR RESULTS_FILE SDK_PYTHON [CUSTOMERS]

Prints a Markdown table and the goals' verdicts; appends one JSON object per measurement to RESULTS_FILE.
"""
import json
import os
import subprocess
import sys
import threading
import time

from benchlib import System, memory, sandbox

BIN, WORK, RESULTS, SDK_PYTHON = sys.argv[1:5]
CUSTOMERS = int(sys.argv[5]) if len(sys.argv) > 5 else 100_000
SYSTEM = System(BIN, WORK)


def run(command):
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def main():
    rows = []
    try:
        _, sandbox_port = SYSTEM.start("sandbox", [
            "sandbox", "--port", "0", "--api-key", "bench-key", "--api-secret", "bench-secret", "--balance",
            "100000000", "--latency-ms", "50", "--store-customers", str(CUSTOMERS)])
        url = f"http://127.0.0.1:{sandbox_port}"
        service, port = SYSTEM.start("service", ["serve", "--tcp", "127.0.0.1:0", "--database",
                                                 os.path.join(WORK, "broadcast.sqlite")])
        call = lambda method, params=None: SYSTEM.call(port, method, params)
        call("account.set", {"apiKey": "bench-key", "apiSecret": "bench-secret", "sender": "Bench", "gatewayUrl": url,
                             "customerCountry": "MY"})
        call("outbox.configure", {"ratePerSecond": 10000, "concurrency": 64})
        call("store.set", {"storeHash": "sandbox", "accessToken": "sandbox-store-token", "apiUrl": url})
        call("customers.sync")
        idle = memory(service.pid)
        # Memory sampled every 100 ms while the broadcast runs.
        peak = {"rss": idle["VmRSS"]}
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak["rss"] = max(peak["rss"], memory(service.pid)["VmRSS"])
                time.sleep(0.1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        before = sandbox(sandbox_port, "/sandbox/stats")["messages"]
        dry_started = time.monotonic()
        dry = call("broadcast.send", {"message": "Our summer sale starts today!", "recipients": {"all": True},
                                      "dryRun": True})
        dry_seconds = time.monotonic() - dry_started
        started = time.monotonic()
        answer = call("broadcast.send", {"message": "Our summer sale starts today!", "recipients": {"all": True},
                                         "follow": False})
        answered = time.monotonic() - started
        while True:
            status = call("broadcast.get", {"id": answer["id"]})
            if status["state"] in ("finished", "cancelled") or time.monotonic() - started > 1800:
                break
            time.sleep(0.5)
        seconds = time.monotonic() - started
        done.set()
        sampler.join()
        sent = sandbox(sandbox_port, "/sandbox/stats")["messages"] - before
        after = memory(service.pid)
        rows.append({"name": "broadcast to every customer", "customers": CUSTOMERS, "toSend": answer["toSend"],
                     "skipped": sum(answer["skipped"].values()), "sent": sent, "answerSeconds": answered,
                     "dryRunSeconds": dry_seconds, "seconds": seconds, "messagesPerSecond": sent / seconds,
                     "state": status["state"], "sentRows": status["messages"].get("sent", 0) +
                     status["messages"].get("delivered", 0), "idleResidentMiB": idle["VmRSS"],
                     "peakResidentMiB": max(peak["rss"], after["VmHWM"]), "cost": dry.get("cost")})
        capacity = run([os.path.join(BIN, "mocean-notify-bench"), "gateway", url, "bench-key", "bench-secret",
                        "6000", "64"])
        rows.append(dict(capacity, name="bare gateway client, 64 in flight (the sandbox's capacity)"))
        sdk = run([SDK_PYTHON, os.path.join(os.path.dirname(__file__), "moceansdk_send.py"), url, "bench-key",
                   "bench-secret", "200"])
        rows.append(dict(sdk, name="MoceanAPI's Python SDK, one at a time"))
    finally:
        SYSTEM.stop()
    with open(RESULTS, "a") as results:
        for row in rows:
            results.write(json.dumps(row) + "\n")
    broadcast, capacity, sdk = rows
    print("| sender (50 ms gateway) | SMS | SMS/s | × the SDK loop | share of the sandbox's capacity | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f'| broadcast.send to every customer | {broadcast["sent"]:,} | {broadcast["messagesPerSecond"]:,.0f} | '
          f'{broadcast["messagesPerSecond"] / sdk["messagesPerSecond"]:,.0f} | '
          f'{100 * broadcast["messagesPerSecond"] / capacity["messagesPerSecond"]:.0f} % | '
          f'{broadcast["peakResidentMiB"]:.1f} |')
    print(f'| {capacity["name"]} | {capacity["messages"]:,} | {capacity["messagesPerSecond"]:,.0f} | '
          f'{capacity["messagesPerSecond"] / sdk["messagesPerSecond"]:,.0f} | 100 % | |')
    print(f'| {sdk["name"]} | {sdk["messages"]:,} | {sdk["messagesPerSecond"]:,.1f} | 1 | | |')
    print()
    times = 50 * sdk["messagesPerSecond"]
    print(f'{CUSTOMERS:,} customers: {broadcast["toSend"]:,} to send, {broadcast["skipped"]:,} skipped (no phone); '
          f'the sandbox received {broadcast["sent"]:,}, the broadcast ended {broadcast["state"]} with '
          f'{broadcast["sentRows"]:,} rows sent, in {broadcast["seconds"]:.1f} s. broadcast.send answered in '
          f'{broadcast["answerSeconds"]:.2f} s (its dry run in {broadcast["dryRunSeconds"]:.2f} s).')
    print()
    print(f'Goals: 50x the SDK loop or more: {broadcast["messagesPerSecond"] / sdk["messagesPerSecond"]:,.0f}x '
          f'({"met" if broadcast["messagesPerSecond"] >= times else "missed"}); broadcast.send answered in under '
          f'2 s: {broadcast["answerSeconds"]:.2f} s ({"met" if broadcast["answerSeconds"] < 2 else "missed"}); '
          f'memory under 100 MB throughout: {broadcast["peakResidentMiB"] * 1.048576:.0f} MB '
          f'({"met" if broadcast["peakResidentMiB"] * 1.048576 < 100 else "missed"}).')


main()
