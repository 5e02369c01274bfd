#!/usr/bin/env python3
"""`bench/run scale`: several instances on one PostgreSQL database, every figure a ratio within one run.

1. Throughput: N queued SMS (written straight into the outbox before the instances start) sent through the
   sandbox with 50 ms of latency, 64 in flight per instance, by 1, 2 and 3 instances on one PostgreSQL, and by one
   instance on SQLite: SMS/s from the first send to the last, and the CPU each process used (the busiest one is
   the ceiling reached).
2. Failover: 3 instances (a 5 s lease) sending at a paced rate; the one holding the most taken rows is killed
   with kill -9: seconds until every row it held is settled by the others, and how many SMS the gateway got
   twice (0 is the only acceptable answer).
3. Webhooks: signed store webhooks posted over 16 connections spread across the HTTP fronts of 3 instances,
   against one instance: accepted per second, p50 / p99, and every accepted one looked for in the events table.

    scale.py BIN_DIR WORK_DIR RESULTS_FILE CLUSTER_URL PSQL [SMS]
"""
import http.client
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid

from benchlib import System, sandbox, signed_headers

BIN, WORK, RESULTS, CLUSTER, PSQL = sys.argv[1:6]
SMS = int(sys.argv[6]) if len(sys.argv) > 6 else 20000
SECRET = "scale-bench-client-secret"
LEASE = 5
CONNECTIONS, WEBHOOK_SECONDS = 16, 10


def psql(url, sql):
    """The rows `sql` answers on `url`, as lists of strings."""
    out = subprocess.run([PSQL, url, "-At", "-F", "\t", "-c", sql], capture_output=True, text=True, check=True)
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def fresh_database(name):
    psql(CLUSTER, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(CLUSTER, f"CREATE DATABASE {name}")
    return CLUSTER.rsplit("/", 1)[0] + "/" + name


def cpu_seconds(pid):
    """User and system CPU seconds of a process so far."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_pids():
    found = subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in found]


class Run:
    """A sandbox and the instances of one measurement, stopped together."""

    def __init__(self, name, latency=50):
        self.system = System(BIN, os.path.join(WORK, name))
        os.makedirs(self.system.work, exist_ok=True)
        self.sandbox, self.sandbox_port = self.system.start("sandbox", [
            "sandbox", "--port", "0", "--api-key", "scale-key", "--api-secret", "scale-secret-01", "--balance",
            "100000000"])
        sandbox(self.sandbox_port, "/sandbox/faults", {"latencyMs": latency})
        self.sandbox_url = f"http://127.0.0.1:{self.sandbox_port}"
        self.instances = []

    def start(self, database, count, http=False, lease=15):
        """Starts `count` instances on `database`; their JSON-RPC ports (and HTTP ports)."""
        started = []
        for _ in range(count):
            name = f"instance-{len(self.instances)}"
            arguments = ["serve", "--tcp", "127.0.0.1:0", "--database", database]
            if database.startswith("postgres"):
                arguments += ["--instance-lease", str(lease)]
            if http:
                arguments += ["--http", "127.0.0.1:0"]
            process, port = self.system.start(name, arguments)
            http_port = None
            if http:
                time.sleep(0.3)
                http_port = self.system.port(name, r"HTTP front serving on 127\.0\.0\.1:(\d+)")
            self.instances.append(process)
            started.append((process, port, http_port))
        return started

    def configure(self, port, rate=10000):
        call = lambda method, params=None: self.system.call(port, method, params)
        call("account.set", {"apiKey": "scale-key", "apiSecret": "scale-secret-01", "sender": "Scale",
                             "gatewayUrl": self.sandbox_url})
        call("outbox.configure", {"ratePerSecond": rate, "concurrency": 64})
        call("store.set", {"clientSecret": SECRET})

    def stop_instances(self):
        for process in self.instances:
            if process.poll() is None:
                process.terminate()
        for process in self.instances:
            process.wait(timeout=30)
        self.instances = []

    def stop(self):
        self.system.stop()


QUEUE_SQL = """
INSERT INTO messages (store, origin, event_type, text, recipient, encoding, parts, state, attempts,
    next_attempt_at, priority, created_at, updated_at)
SELECT 1, 'event', 'store/order/created', 'Scale ' || g, '601' || {pad}, 'GSM-7', 1, 'queued', 0,
    {now}, 0, {now}, {now}
FROM {series}
"""


def queue(database, count):
    """Writes `count` queued SMS rows into the outbox, with the instances stopped."""
    if database.startswith("postgres"):
        psql(database, QUEUE_SQL.format(pad="lpad(g::text, 8, '0')", now="now()",
                                        series=f"generate_series(1, {count}) g"))
    else:
        connection = sqlite3.connect(database)
        now = time.strftime("'%Y-%m-%d %H:%M:%S.000'", time.gmtime())
        connection.execute(
            "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < ?) "
            + QUEUE_SQL.format(pad="substr('00000000' || g, -8, 8)", now=now, series="s"), (count,))
        connection.commit()
        connection.close()


def count_sent(database):
    sql = "SELECT count(*) FROM messages WHERE state IN ('sent', 'delivered', 'failed', 'unknown', 'expired')"
    if database.startswith("postgres"):
        return int(psql(database, sql)[0][0])
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


def throughput(name, database, instances):
    """SMS/s of `instances` instances sending SMS queued rows, from the first send to the last."""
    run = Run(name)
    try:
        (_, port, _), = run.start(database, 1)
        run.configure(port)
        run.stop_instances()
        queue(database, SMS)
        watched = [run.sandbox.pid] + (postgres_pids() if database.startswith("postgres") else [])
        processes = run.start(database, instances)
        watched += [process.pid for process, _, _ in processes]
        cpu_before = {pid: cpu_seconds(pid) for pid in watched}
        first = None
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            sent = count_sent(database)
            if sent > 0 and first is None:
                first = time.monotonic()
            if sent >= SMS:
                break
            time.sleep(0.05)
        elapsed = time.monotonic() - first
        cpu = {}
        if database.startswith("postgres"):
            # The server's backends are forked per connection, after the first look: all of theirs is this run's.
            for pid in postgres_pids():
                if pid not in cpu_before:
                    watched.append(pid)
                    cpu_before[pid] = 0
        for pid in watched:
            try:
                cpu[pid] = cpu_seconds(pid) - cpu_before[pid]
            except FileNotFoundError:
                pass
        names = {run.sandbox.pid: "sandbox"}
        for index, (process, _, _) in enumerate(processes):
            names[process.pid] = f"instance {index + 1}"
        by_name = {}
        for pid, seconds in cpu.items():
            label = names.get(pid, "postgres")
            by_name[label] = by_name.get(label, 0) + seconds
        busiest = max(by_name, key=by_name.get)
        return {"name": name, "instances": instances, "sms": SMS, "seconds": elapsed,
                "smsPerSecond": SMS / elapsed,
                "cpuShareOfRun": {label: seconds / elapsed for label, seconds in by_name.items()},
                "busiest": busiest}
    finally:
        run.stop_instances()
        run.stop()


def failover():
    """Kills the instance holding the most taken rows; seconds until its rows are settled by the others."""
    database = fresh_database("scale_failover")
    run = Run("failover")
    try:
        (_, port, _), = run.start(database, 1, lease=LEASE)
        run.configure(port, rate=600)
        run.stop_instances()
        queue(database, SMS)
        run.start(database, 3, lease=LEASE)
        time.sleep(3)
        holder, held = None, []
        for _ in range(100):
            rows = psql(database, "SELECT claimed_by, count(*) FROM messages WHERE claimed_by IS NOT NULL "
                                  "GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
            if rows:
                holder = rows[0][0]
                break
            time.sleep(0.05)
        name = psql(database, f"SELECT name FROM instances WHERE id = {holder}")[0][0]
        pid = int(name.rsplit(":", 1)[1])
        held = [row[0] for row in psql(database, f"SELECT id FROM messages WHERE claimed_by = {holder}")]
        os.kill(pid, signal.SIGKILL)
        killed = time.monotonic()
        ids = ",".join(held)
        settled_after = None
        while time.monotonic() - killed < 120:
            left = int(psql(database, f"SELECT count(*) FROM messages WHERE id IN ({ids}) "
                                      "AND (state IN ('queued', 'sending') OR claimed_by IS NOT NULL)")[0][0])
            if left == 0:
                settled_after = time.monotonic() - killed
                break
            time.sleep(0.05)
        deadline = time.monotonic() + 300
        while count_sent(database) < SMS and time.monotonic() < deadline:
            time.sleep(0.2)
        recorded = sandbox(run.sandbox_port, "/sandbox/messages")
        texts = {}
        for message in recorded:
            texts[message.get("text")] = texts.get(message.get("text"), 0) + 1
        twice = sum(1 for count in texts.values() if count > 1)
        states = dict((state, int(count)) for state, count in psql(
            database, "SELECT state, count(*) FROM messages GROUP BY 1"))
        return {"name": "failover", "leaseSeconds": LEASE, "heldRows": len(held),
                "secondsToSettleHeldRows": settled_after, "goalSeconds": LEASE + 5, "sentTwice": twice,
                "states": states}
    finally:
        run.stop_instances()
        run.stop()


def signed(number, now):
    body = json.dumps({"scope": "store/order/created", "store_id": "1", "data": {"type": "order", "id": number},
                       "hash": f"scale-{number:09d}", "created_at": now}, separators=(",", ":"))
    return signed_headers(SECRET, "msg_" + uuid.uuid4().hex, now, body), body.encode()


def webhooks(instances):
    """Signed webhooks as fast as CONNECTIONS connections take them, spread over the instances' fronts."""
    database = fresh_database(f"scale_webhooks_{instances}")
    run = Run(f"webhooks-{instances}")
    try:
        started = run.start(database, instances, http=True)
        run.configure(started[0][1])
        time.sleep(1.2)  # the fronts read the store's settings once a second
        ports = [http_port for _, _, http_port in started]
        now = int(time.time())
        latencies, accepted, statuses = [], [], {}
        lock = threading.Lock()
        stop_at = time.monotonic() + WEBHOOK_SECONDS
        counter = iter(range(10_000_000))

        def worker(index):
            connection = http.client.HTTPConnection("127.0.0.1", ports[index % len(ports)], timeout=30)
            mine, ok, codes = [], [], {}
            while time.monotonic() < stop_at:
                with lock:
                    number = next(counter)
                headers, body = signed(number, now)
                began = time.monotonic()
                connection.request("POST", "/webhooks/bigcommerce", body=body, headers=headers)
                response = connection.getresponse()
                answer = response.read()
                mine.append(time.monotonic() - began)
                codes[response.status] = codes.get(response.status, 0) + 1
                if response.status == 200 and b'"accepted"' in answer:
                    ok.append(number)
            with lock:
                latencies.extend(mine)
                accepted.extend(ok)
                for code, count in codes.items():
                    statuses[code] = statuses.get(code, 0) + count

        threads = [threading.Thread(target=worker, args=(index,)) for index in range(CONNECTIONS)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        latencies.sort()
        pick = lambda share: latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000
        stored = int(psql(database, "SELECT count(*) FROM events WHERE dedupe_key LIKE '%scale-%'")[0][0])
        return {"name": f"webhooks over {instances} instance(s)", "instances": instances,
                "accepted": len(accepted), "perSecond": len(accepted) / elapsed, "p50Milliseconds": pick(0.5),
                "p99Milliseconds": pick(0.99), "statuses": statuses, "stored": stored,
                "lost": len(accepted) - stored}
    finally:
        run.stop_instances()
        run.stop()


def main():
    rows = []
    sqlite_path = os.path.join(WORK, "scale.sqlite")
    rows.append(throughput("SQLite, 1 instance", sqlite_path, 1))
    for count in (1, 2, 3):
        rows.append(throughput(f"PostgreSQL, {count} instance(s)", fresh_database(f"scale_{count}"), count))
    rows.append(failover())
    rows.append(webhooks(1))
    rows.append(webhooks(3))
    with open(RESULTS, "a") as results:
        for row in rows:
            results.write(json.dumps(row) + "\n")
    by = {row["name"]: row for row in rows}
    one_pg = by["PostgreSQL, 1 instance(s)"]["smsPerSecond"]
    print("| measurement | figure | ratio | goal |")
    print("|---|---|---|---|")
    for count in (1, 2, 3):
        row = by[f"PostgreSQL, {count} instance(s)"]
        print(f"| {count} instance(s) on PostgreSQL | {row['smsPerSecond']:.0f} SMS/s (busiest: {row['busiest']}) "
              f"| {row['smsPerSecond'] / one_pg:.2f}x one instance | {'≥ 2.0x' if count == 3 else ''} |")
    sqlite_rate = by["SQLite, 1 instance"]["smsPerSecond"]
    print(f"| 1 instance, PostgreSQL against SQLite | {one_pg:.0f} against {sqlite_rate:.0f} SMS/s "
          f"| {one_pg / sqlite_rate:.2f}x | ≥ 0.7x |")
    fail = by["failover"]
    settled = fail["secondsToSettleHeldRows"]
    print(f"| failover: the killed instance's {fail['heldRows']} rows settled by the others "
          f"| {settled if settled is None else round(settled, 1)} s, {fail['sentTwice']} sent twice "
          f"| {'' if settled is None else round(settled / fail['goalSeconds'], 2)}x the goal "
          f"| < lease + 5 s = {fail['goalSeconds']} s, 0 twice |")
    one, three = by["webhooks over 1 instance(s)"], by["webhooks over 3 instance(s)"]
    print(f"| webhooks over 3 instances | {three['perSecond']:.0f}/s, p99 {three['p99Milliseconds']:.1f} ms, "
          f"{three['lost']} lost | {three['perSecond'] / one['perSecond']:.2f}x one instance "
          f"({one['perSecond']:.0f}/s, p99 {one['p99Milliseconds']:.1f} ms) | p99 < 50 ms, 0 lost |")
    for row in rows:
        if "cpuShareOfRun" in row:
            shares = ", ".join(f"{label} {share:.2f}" for label, share in sorted(row["cpuShareOfRun"].items()))
            print(f"\n{row['name']}: CPU cores used over the run: {shares}")


if __name__ == "__main__":
    main()
