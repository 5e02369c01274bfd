"""`bench/run webhooks`: signed store webhooks posted to the HTTP front by wrk with 64 connections, as fast as
they are answered and paced; against the same front answering a request that does no work (its 404), the HTTP
stack's ceiling here. Then every hash answered "accepted" is looked for in the events table.

Usage: webhooks.py BIN WORK RESULTS [SECONDS]
"""
import base64
import hashlib
import hmac
import json
import os
import sqlite3
import subprocess
import sys
import time

from benchlib import System

bin_dir, work, results = sys.argv[1:4]
seconds = int(sys.argv[4]) if len(sys.argv) > 4 else 20
secret = "bench-client-secret-0123456789"
connections, threads = 64, 2
here = os.path.dirname(os.path.abspath(__file__))


def signed_file(path, count, prefix):
    """`count` distinct signed webhooks, one per line: id, timestamp, signature, body."""
    now = int(time.time())
    with open(path, "w") as out:
        for number in range(count):
            body = json.dumps({"scope": "store/order/created", "store_id": "1025646",
                               "data": {"type": "order", "id": 100000 + number},
                               "hash": f"{prefix}{number:010d}", "created_at": now,
                               "producer": "stores/bench"}, separators=(",", ":"))
            webhook_id = f"msg_{prefix}{number}"
            mac = hmac.new(secret.encode(), f"{webhook_id}.{now}.{body}".encode(), hashlib.sha256).digest()
            out.write(f"{webhook_id}\t{now}\tv1,{base64.b64encode(mac).decode()}\t{body}\n")


def wrk(port, path, lua=None, rate=None, environment=None):
    """One wrk run; its JSON summary line (for the webhooks) or its requests/s and latency."""
    arguments = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
                 "--timeout", "10s"]
    if lua:
        arguments += ["-s", lua]
    finished = subprocess.run(arguments + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                              env=dict(os.environ, **(environment or {})))
    if finished.returncode != 0:
        raise SystemExit(f"wrk failed: {finished.stderr}")
    return finished.stdout


def plain_summary(text):
    """requests/s and the p50 and p99 in ms from wrk's own report."""
    values = {}
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    for line in text.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            values["per_second"] = float(parts[1])
        elif len(parts) == 2 and parts[0] in ("50%", "99%"):
            unit = "us" if parts[1].endswith("us") else "ms" if parts[1].endswith("ms") else "s"
            values[f"p{parts[0][:-1]}_ms"] = float(parts[1][:-len(unit)]) * scale[unit]
    return values


system = System(bin_dir, work)
try:
    service, tcp_port = system.start(
        "service", ["serve", "--tcp", "127.0.0.1:0", "--http", "127.0.0.1:0", "--database",
                    os.path.join(work, "webhooks.sqlite")],
        )
    time.sleep(0.3)
    http_port = system.port("service", r"HTTP front serving on 127\.0\.0\.1:(\d+)")
    system.call(tcp_port, "store.set", {"clientSecret": secret})
    time.sleep(1.2)  # the front reads the store's settings at most once a second

    rows = []
    ceiling = plain_summary(wrk(http_port, "/nowhere"))
    rows.append({"name": "HTTP stack ceiling (404, no work)", **ceiling})
    file = os.path.join(work, "webhooks.tsv")
    count = seconds * 12000
    signed_file(file, count, "fast")
    run = json.loads(wrk(http_port, "", lua=os.path.join(here, "webhooks.lua"),
                         environment={"WEBHOOKS_FILE": file, "WEBHOOKS_THREADS": str(threads)}).strip().splitlines()[-1])
    run["per_second"] = run["requests"] / run["seconds"]
    run["accepted_per_second"] = run["accepted"] / run["seconds"]
    time.sleep(1)
    database = sqlite3.connect(f"file:{os.path.join(work, 'webhooks.sqlite')}?mode=ro", uri=True)
    stored = database.execute("SELECT count(*) FROM events WHERE dedupe_key LIKE 'fast%'").fetchone()[0]
    run["stored"] = stored
    run["lost"] = max(0, run["accepted"] - stored)
    rows.append({"name": "signed webhooks, 64 connections", **run})
    with open(results, "w") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
            print(json.dumps(row), file=sys.stderr)
finally:
    system.stop()

print("| measurement | answered/s | accepted/s | p50 ms | p99 ms | p99.9 ms | share of ceiling | stored / accepted |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
print(f"| {rows[0]['name']} | {rows[0]['per_second']:,.0f} | | {rows[0].get('p50_ms', 0):.2f} | "
      f"{rows[0].get('p99_ms', 0):.2f} | | 1.00 | |")
run = rows[1]
print(f"| {run['name']} | {run['per_second']:,.0f} | {run['accepted_per_second']:,.0f} | {run['p50_ms']:.2f} | "
      f"{run['p99_ms']:.2f} | {run['p999_ms']:.2f} | {run['per_second'] / rows[0]['per_second']:.2f} | "
      f"{run['stored']:,} / {run['accepted']:,} |")
print(f"\nrefused {run['refused']}, socket errors {run['errors']}, duplicates {run['duplicates']}, lost {run['lost']} "
      f"(goal: 2,000/s accepted, p99 under 50 ms, nothing lost)")
