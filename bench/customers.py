#!/usr/bin/env python3
"""The store section of the benchmarks: the customer directory's sync and a burst of order events, against the
sandbox playing the store with and without BigCommerce's Standard quota (150 requests per 30 s).

    customers.py BIN_DIR WORK_DIR RESULTS_FILE [CUSTOMERS] [BURST]

Prints a Markdown table and the goals' verdicts; appends one JSON object per measurement to RESULTS_FILE.
"""
import json
import os
import socket
import sys
import time

from benchlib import System, memory, sandbox

BIN, WORK, RESULTS = sys.argv[1], sys.argv[2], sys.argv[3]
CUSTOMERS = int(sys.argv[4]) if len(sys.argv) > 4 else 100_000
BURST = int(sys.argv[5]) if len(sys.argv) > 5 else 1_000
SYSTEM = System(BIN, WORK)
call = SYSTEM.call
start = SYSTEM.start


def system(quota):
    """A sandbox playing the store (with `quota`) and a service connected to it; returns their ports and pid."""
    _, sandbox_port = start(f"sandbox-{quota}", [
        "sandbox", "--port", "0", "--api-key", "bench-key", "--api-secret", "bench-secret", "--balance", "1000000",
        "--store-customers", str(CUSTOMERS), "--store-quota", str(quota)])
    service, port = start(f"service-{quota}", ["serve", "--tcp", "127.0.0.1:0", "--database",
                                               os.path.join(WORK, f"customers-{quota}.sqlite")])
    url = f"http://127.0.0.1:{sandbox_port}"
    call(port, "account.set", {"apiKey": "bench-key", "apiSecret": "bench-secret", "sender": "Bench",
                               "gatewayUrl": url, "customerCountry": "MY"})
    call(port, "outbox.configure", {"ratePerSecond": 10000, "concurrency": 64})
    call(port, "store.set", {"storeHash": "sandbox", "accessToken": "sandbox-store-token", "apiUrl": url})
    return sandbox_port, port, service.pid


def sync(name, quota):
    sandbox_port, port, pid = system(quota)
    before_requests = sandbox(sandbox_port, "/sandbox/store/stats")["requests"]
    idle = memory(pid)
    started = time.monotonic()
    counts = call(port, "customers.sync")
    seconds = time.monotonic() - started
    stats = sandbox(sandbox_port, "/sandbox/store/stats")
    after = memory(pid)
    synced = counts["added"] + counts["updated"]
    row = {"name": name, "quota": quota, "customers": synced, "seconds": seconds,
           "customersPerSecond": synced / seconds, "requests": stats["requests"] - before_requests,
           "rateLimited": stats["rateLimited"], "withoutPhone": counts["withoutPhone"],
           "idleResidentMiB": idle["VmRSS"], "peakResidentMiB": after["VmHWM"], "heapAfterMiB": after["RssAnon"],
           "heapIdleMiB": idle["RssAnon"]}
    return row, (sandbox_port, port, pid)


def burst(name, ports, customer):
    """`BURST` order events at once; waits until every event is processed and its SMS sent."""
    sandbox_port, port, pid = ports
    events = {"store/order/created": {"enabled": True}}
    call(port, "notifications.configure", {"audience": "customer", "events": events if customer else
                                           {"store/order/created": {"enabled": False}}})
    call(port, "notifications.configure", {"audience": "admin", "adminNumbers": ["60134567890"], "events": events})
    before = sandbox(sandbox_port, "/sandbox/store/stats")
    sent_before = sandbox(sandbox_port, "/sandbox/stats")["messages"]
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port)) as connection:
        stream = connection.makefile("rwb")
        for index in range(BURST):
            order = 100 + index  # orders 100 and up exist in the sandbox's store
            request = {"jsonrpc": "2.0", "id": index, "method": "events.ingest", "params": {"payload": {
                "scope": "store/order/created", "store_id": "1", "data": {"type": "order", "id": order},
                "hash": f"{name}-{order}", "created_at": 1632114489}}}
            stream.write(json.dumps(request).encode() + b"\n")
        stream.flush()
        answered = sum(1 for _ in range(BURST) if "result" in json.loads(stream.readline()))
    ingested = time.monotonic() - started
    expected = BURST * (2 if customer else 1)
    while sandbox(sandbox_port, "/sandbox/stats")["messages"] - sent_before < expected:
        if time.monotonic() - started > 900:
            break
        time.sleep(0.2)
    seconds = time.monotonic() - started
    after = sandbox(sandbox_port, "/sandbox/store/stats")
    sent = sandbox(sandbox_port, "/sandbox/stats")["messages"] - sent_before
    requests = after["requests"] - before["requests"]
    return {"name": name, "events": BURST, "answered": answered, "ingestSeconds": ingested, "seconds": seconds,
            "sms": sent, "expectedSMS": expected, "storeRequests": requests, "requestsPerEvent": requests / BURST,
            "rateLimited": after["rateLimited"] - before["rateLimited"],
            "storeRequestsPerSecond": requests / seconds}


def main():
    rows = []
    try:
        free, _ = sync("sync, no store quota", 0)
        rows.append(free)
        standard, ports = sync("sync, Standard quota (150 requests / 30 s)", 150)
        rows.append(standard)
        rows.append(burst("burst, admin SMS only (default template)", ports, customer=False))
        rows.append(burst("burst, admin and customer SMS", ports, customer=True))
    finally:
        SYSTEM.stop()
    with open(RESULTS, "a") as results:
        for row in rows:
            results.write(json.dumps(row) + "\n")

    print("| sync | customers | seconds | customers/s | store requests | 429s | idle RSS MiB | peak RSS MiB | "
          "heap MiB idle → after |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows[:2]:
        print(f'| {row["name"]} | {row["customers"]:,} | {row["seconds"]:.1f} | {row["customersPerSecond"]:,.0f} | '
              f'{row["requests"]:,} | {row["rateLimited"]} | {row["idleResidentMiB"]:.1f} | '
              f'{row["peakResidentMiB"]:.1f} | {row["heapIdleMiB"]:.1f} → {row["heapAfterMiB"]:.1f} |')
    print()
    print("| burst on the Standard store | events | answered | SMS sent / expected | seconds to the last SMS | "
          "store requests | requests per event | 429s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows[2:]:
        print(f'| {row["name"]} | {row["events"]:,} | {row["answered"]:,} | {row["sms"]:,} / {row["expectedSMS"]:,} | '
              f'{row["seconds"]:.1f} | {row["storeRequests"]:,} | {row["requestsPerEvent"]:.2f} | '
              f'{row["rateLimited"]} |')
    ceiling = 250 * 150 / 30
    print()
    print(f'Goals: without a quota, 2,000 customers/s or more: {free["customersPerSecond"]:,.0f} '
          f'({"met" if free["customersPerSecond"] >= 2000 else "missed"}); on the Standard quota, 90 % of '
          f'{ceiling:,.0f} customers/s with no 429: {standard["customersPerSecond"]:,.0f}, '
          f'{100 * standard["customersPerSecond"] / ceiling:.0f} %, {standard["rateLimited"]} 429s '
          f'({"met" if standard["customersPerSecond"] >= 0.9 * ceiling and standard["rateLimited"] == 0 else "missed"}).')


main()
