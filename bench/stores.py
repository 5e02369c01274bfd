#!/usr/bin/env python3
"""`bench/run stores`: many stores in one service, every figure from one run.

1. Installs (ONE_STORE=1 store, then) up to STORES stores through the sandbox's app install (auth callback, code
   exchange, nine hooks registered each), reading the service's resident memory at 10, 100, 500 and STORES stores:
   memory per installed store is the slope from 10 to STORES.
2. Signed webhooks paced at RATE a second for SECONDS, spread over every installed store, against the same load
   on one store, in the same run: answered latency (from the moment each was due) p50, p99; stored / accepted.
3. Fairness: store A (the sandbox's own store, its 100,000 customers synced) broadcasts to every customer through
   a gateway with 50 ms of latency while store B (installed, its own gateway account) takes an order every
   100 ms: how long B's order SMS waited from their row to the gateway's acceptance, against the same orders
   with no broadcast running.

    stores.py BIN_DIR WORK_DIR RESULTS_FILE [STORES] [CUSTOMERS]
"""
import http.client
import json
import os
import sqlite3
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from benchlib import System, memory, sandbox, signed_headers

BIN, WORK, RESULTS = sys.argv[1:4]
STORES = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
CUSTOMERS = int(sys.argv[5]) if len(sys.argv) > 5 else 100_000
RATE, SECONDS, CONNECTIONS = 1000, 10, 16
CLIENT_ID, CLIENT_SECRET = "bench-app", "bench-app-client-secret-0123456789abcdef"
SYSTEM = System(BIN, WORK)


def post(port, path, body):
    return sandbox(port, path, body)


def signed(hash_, store, now):
    """A signed `store/order/created` webhook of `store`: its headers and body."""
    body = json.dumps({"scope": "store/order/created", "store_id": "1", "data": {"type": "order", "id": 100},
                       "hash": hash_, "created_at": now, "producer": f"stores/{store}"}, separators=(",", ":"))
    return signed_headers(CLIENT_SECRET, "msg_" + hash_, now, body), body.encode()


def paced_webhooks(port, stores, name):
    """RATE signed webhooks a second for SECONDS over CONNECTIONS keep-alive connections, each store in turn;
    every latency counts from the moment its request was due."""
    total = RATE * SECONDS
    now = int(time.time())
    prepared = [signed(f"{name}-{number:08d}", stores[number % len(stores)], now) for number in range(total)]
    latencies, statuses = [], {}
    lock = threading.Lock()
    start = time.monotonic() + 0.5

    def worker(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, codes = [], {}
        for number in range(index, total, CONNECTIONS):
            due = start + number / RATE
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            headers, body = prepared[number]
            connection.request("POST", "/webhooks/bigcommerce", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append(time.monotonic() - due)
            codes[response.status] = codes.get(response.status, 0) + 1
        with lock:
            latencies.extend(mine)
            for code, count in codes.items():
                statuses[code] = statuses.get(code, 0) + count

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    latencies.sort()
    pick = lambda share: latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000
    return {"name": name, "stores": len(stores), "webhooks": total, "perSecond": total / elapsed,
            "p50Milliseconds": pick(0.50), "p99Milliseconds": pick(0.99), "p999Milliseconds": pick(0.999),
            "statuses": statuses}


def stored_events(database, prefix):
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM events WHERE dedupe_key LIKE ?", (prefix + "%",)).fetchone()[0]
    finally:
        connection.close()


def order_waits(database, store, since_id):
    """Seconds each order SMS of `store` (row id above `since_id`) waited from its row to the gateway's
    acceptance."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT (julianday(a.finished_at) - julianday(m.created_at)) * 86400 FROM messages m "
            "JOIN message_attempts a ON a.message_id = m.id WHERE m.store = ? AND m.origin = 'event' AND m.id > ? "
            "AND m.state IN ('sent', 'delivered') ORDER BY m.id", (store, since_id)).fetchall()
        return [row[0] for row in rows if row[0] is not None]
    finally:
        connection.close()


def max_message_id(database):
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
    finally:
        connection.close()


def orders_of(sandbox_port, store, count, interval):
    for _ in range(count):
        post(sandbox_port, "/sandbox/store/orders", {"store": store})
        time.sleep(interval)


def main():
    rows = []
    database = os.path.join(WORK, "stores.sqlite")
    try:
        _, sandbox_port = SYSTEM.start("sandbox", [
            "sandbox", "--port", "0", "--api-key", "bench-key", "--api-secret", "bench-secret", "--balance",
            "100000000", "--store-customers", str(CUSTOMERS)])
        sandbox_url = f"http://127.0.0.1:{sandbox_port}"
        service, port = SYSTEM.start("service", ["serve", "--tcp", "127.0.0.1:0", "--http", "127.0.0.1:0",
                                                 "--database", database])
        time.sleep(0.3)
        http_port = SYSTEM.port("service", r"HTTP front serving on 127\.0\.0\.1:(\d+)")
        call = lambda method, params=None: SYSTEM.call(port, method, params)
        # Store A: the sandbox's own store, connected by hand with its 100,000 customers: the first store.
        call("store.set", {"storeHash": "sandbox", "accessToken": "sandbox-store-token", "apiUrl": sandbox_url})
        call("account.set", {"apiKey": "bench-key", "apiSecret": "bench-secret", "sender": "StoreA",
                             "gatewayUrl": sandbox_url, "customerCountry": "MY"})
        call("outbox.configure", {"ratePerSecond": 10000, "concurrency": 64})
        call("app.set", {"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET, "loginUrl": sandbox_url,
                         "apiUrl": sandbox_url})
        post(sandbox_port, "/sandbox/apps", {"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET,
                                             "appUrl": f"http://127.0.0.1:{http_port}"})

        # 1. Installs, and memory per installed store.
        hashes = [f"s{number:05d}" for number in range(STORES)]
        marks = sorted({10, 100, 500, STORES} & set(range(1, STORES + 1)))
        installed, samples = 0, {}
        started = time.monotonic()
        failures = 0

        def install(store):
            answer = post(sandbox_port, "/sandbox/apps/install", {"store": store})
            return answer.get("status") == 200

        with ThreadPoolExecutor(max_workers=8) as pool:
            for mark in marks:
                results = list(pool.map(install, hashes[installed:mark]))
                failures += results.count(False)
                installed = mark
                time.sleep(1.5)  # let the installs' page sessions and the stores' caches settle
                samples[mark] = memory(service.pid)
        install_seconds = time.monotonic() - started
        slope = (samples[marks[-1]]["VmRSS"] - samples[marks[0]]["VmRSS"]) * 1024 / max(1, marks[-1] - marks[0])
        rows.append({"name": "installs", "stores": STORES, "seconds": install_seconds, "failures": failures,
                     "installsPerSecond": STORES / install_seconds,
                     "residentMiB": {str(mark): samples[mark]["VmRSS"] for mark in marks},
                     "kibPerStore": slope})

        # 2. Webhooks over every store, against one store.
        one = paced_webhooks(http_port, [hashes[0]], "one")
        time.sleep(2)
        spread = paced_webhooks(http_port, hashes, "spread")
        time.sleep(2)
        for row, prefix in ((one, "one"), (spread, "spread")):
            row["stored"] = stored_events(database, prefix)
            row["accepted"] = row["statuses"].get(200, 0)
        rows += [one, spread]

        # 3. Fairness: store B's order SMS during store A's broadcast, with 50 ms at the gateway.
        b_store = "fairb"
        post(sandbox_port, "/sandbox/accounts", {"apiKey": "bench-key-b", "apiSecret": "bench-secret-b"})
        post(sandbox_port, "/sandbox/apps/install", {"store": b_store})
        call("account.set", {"store": b_store, "apiKey": "bench-key-b", "apiSecret": "bench-secret-b",
                             "sender": "StoreB", "gatewayUrl": sandbox_url})
        call("notifications.configure", {"store": b_store, "audience": "admin", "adminNumbers": ["+60123456789"],
                                        "events": {"store/order/created": {"enabled": True}}})
        b_id = call("stores.get", {"store": b_store})["store"]["id"]
        post(sandbox_port, "/sandbox/faults", {"latencyMs": 50})
        call("customers.sync", {"store": 1})
        since = max_message_id(database)
        orders_of(sandbox_port, b_store, 30, 0.1)
        time.sleep(3)
        quiet = order_waits(database, b_id, since)
        since = max_message_id(database)
        broadcast = call("broadcast.send", {"store": 1, "message": "Our summer sale starts today!",
                                            "recipients": {"all": True}})
        time.sleep(3)  # the broadcast's rows are being written and sent
        orders_of(sandbox_port, b_store, 100, 0.1)
        time.sleep(3)
        busy = order_waits(database, b_id, since)
        progress = call("broadcast.get", {"store": 1, "id": broadcast["id"]})
        for name, waits in (("order SMS of store B, no broadcast", quiet),
                            ("order SMS of store B, during store A's broadcast", busy)):
            waits.sort()
            pick = lambda share: waits[min(len(waits) - 1, int(share * len(waits)))] * 1000 if waits else None
            rows.append({"name": name, "orders": len(waits), "p50Milliseconds": pick(0.5),
                         "p99Milliseconds": pick(0.99), "maxMilliseconds": waits[-1] * 1000 if waits else None,
                         "broadcastSettledSoFar": progress.get("settled") if "during" in name else None,
                         "broadcastRecipients": progress.get("toSend") if "during" in name else None})
        call("broadcast.cancel", {"store": 1, "id": broadcast["id"]})
    finally:
        SYSTEM.stop()
    with open(RESULTS, "w") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
            print(json.dumps(row), file=sys.stderr)
    report(rows)


def report(rows):
    installs = rows[0]
    print(f"Installed {installs['stores']:,} stores through the sandbox's app install in {installs['seconds']:.1f} s "
          f"({installs['installsPerSecond']:.1f}/s, {installs['failures']} failed).\n")
    print("| stores installed | service RSS MiB |\n|---:|---:|")
    for mark, mib in installs["residentMiB"].items():
        print(f"| {int(mark):,} | {mib:.1f} |")
    print(f"\nMemory per installed store (slope): {installs['kibPerStore']:.1f} KiB "
          f"(goal under 20 KiB: {'met' if installs['kibPerStore'] < 20 else 'missed'}).\n")
    print("| webhooks | stores | answered/s | p50 ms | p99 ms | p99.9 ms | stored / accepted |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows[1:3]:
        print(f"| {row['name']} | {row['stores']:,} | {row['perSecond']:,.0f} | {row['p50Milliseconds']:.2f} | "
              f"{row['p99Milliseconds']:.2f} | {row['p999Milliseconds']:.2f} | {row['stored']:,} / {row['accepted']:,} |")
    spread = rows[2]
    print(f"\nWebhooks over {spread['stores']:,} stores at {RATE:,}/s: p99 {spread['p99Milliseconds']:.2f} ms (goal under "
          f"20 ms: {'met' if spread['p99Milliseconds'] < 20 else 'missed'}); one store: {rows[1]['p99Milliseconds']:.2f} ms.\n")
    print("| order SMS of another store | orders | p50 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for row in rows[3:]:
        if row["orders"]:
            print(f"| {row['name']} | {row['orders']} | {row['p50Milliseconds']:.0f} | {row['p99Milliseconds']:.0f} | "
                  f"{row['maxMilliseconds']:.0f} |")
    busy = rows[-1]
    if busy["orders"]:
        print(f"\nDuring the broadcast to {busy['broadcastRecipients']:,} customers ({busy['broadcastSettledSoFar']:,} of its "
              f"SMS settled when the orders were done), store B's order SMS "
              f"waited at most {busy['maxMilliseconds']:.0f} ms (goal: never more than 1,000 ms: "
              f"{'met' if busy['maxMilliseconds'] <= 1000 else 'missed'}).")


if __name__ == "__main__":
    main()
