"""bench/run mcp: `mocean-notify mcp` against `mocean-notify serve` on stdio, the same methods through both in
the same run: start-up to the first answer, calls one at a time (p50, p99), and calls with 32 in flight.

    python3 bench/mcp.py BIN_DIR WORK RESULTS
"""
import json
import os
import statistics
import subprocess
import sys
import time

BIN_DIR, WORK, RESULTS = sys.argv[1:4]
BINARY = os.path.join(BIN_DIR, "mocean-notify")
CALLS = int(os.environ.get("BENCH_MCP_CALLS", "2000"))
IN_FLIGHT = 32


class Peer:
    """One process on stdio: `serve` (JSON-RPC) or `mcp`, a request a line."""

    def __init__(self, kind, database):
        arguments = ["serve", "--stdio"] if kind == "json-rpc" else ["mcp"]
        self.kind = kind
        self.started = time.perf_counter()
        self.process = subprocess.Popen([BINARY, *arguments, "--database", database], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
        self.next_id = 0

    def request(self, method, arguments):
        """The line of a call of `method` with `arguments`."""
        self.next_id += 1
        if self.kind == "json-rpc":
            message = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": arguments}
        else:
            message = {"jsonrpc": "2.0", "id": self.next_id, "method": "tools/call",
                       "params": {"name": method, "arguments": arguments}}
        return (json.dumps(message) + "\n").encode()

    def answer(self):
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"{self.kind}: no answer")
        answer = json.loads(line)
        result = answer.get("result")
        if "error" in answer or (isinstance(result, dict) and result.get("isError")):
            raise SystemExit(f"{self.kind}: {line[:300]}")
        return answer

    def first_answer(self):
        """Seconds from the start to the first answer: initialize (MCP) or system.ping (JSON-RPC)."""
        if self.kind == "json-rpc":
            self.process.stdin.write(self.request("system.ping", {}))
        else:
            self.process.stdin.write((json.dumps({
                "jsonrpc": "2.0", "id": 0, "method": "initialize",
                "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                           "clientInfo": {"name": "bench", "version": "1"}}}) + "\n").encode())
        self.answer()
        seconds = time.perf_counter() - self.started
        if self.kind == "mcp":
            self.process.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
        return seconds

    def one_at_a_time(self, method, arguments, count):
        times = []
        for _ in range(count):
            started = time.perf_counter()
            self.process.stdin.write(self.request(method, arguments))
            self.answer()
            times.append(time.perf_counter() - started)
        return times

    def in_flight(self, method, arguments, count):
        started = time.perf_counter()
        sent = answered = 0
        while sent < min(IN_FLIGHT, count):
            self.process.stdin.write(self.request(method, arguments))
            sent += 1
        while answered < count:
            self.answer()
            answered += 1
            if sent < count:
                self.process.stdin.write(self.request(method, arguments))
                sent += 1
        return count / (time.perf_counter() - started)

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    rows = []
    startups = {"json-rpc": [], "mcp": []}
    for round_number in range(5):
        for kind in ("json-rpc", "mcp") if round_number % 2 == 0 else ("mcp", "json-rpc"):
            peer = Peer(kind, os.path.join(WORK, f"mcp-bench-start-{kind}-{round_number}.sqlite"))
            startups[kind].append(peer.first_answer())
            peer.stop()
    for kind, values in startups.items():
        rows.append({"name": "start-up to the first answer", "kind": kind,
                     "medianMilliseconds": statistics.median(values) * 1000})
    for method, arguments in [("system.ping", {}), ("history.query", {"search": "refund"}),
                              ("template.render", {"event": "store/order/created",
                                                   "template": "Order #[order_id] is [order_status]"})]:
        for kind in ("json-rpc", "mcp"):
            peer = Peer(kind, os.path.join(WORK, f"mcp-bench-{kind}.sqlite"))
            peer.first_answer()
            peer.one_at_a_time(method, arguments, 100)  # warm-up
            times = peer.one_at_a_time(method, arguments, CALLS)
            rate = peer.in_flight(method, arguments, CALLS)
            peer.stop()
            rows.append({"name": method, "kind": kind, "calls": CALLS,
                         "p50Microseconds": percentile(times, 0.5) * 1e6,
                         "p99Microseconds": percentile(times, 0.99) * 1e6, "callsPerSecondInFlight": rate})
    with open(RESULTS, "w") as results:
        for row in rows:
            results.write(json.dumps(row) + "\n")
    by = {(row["name"], row["kind"]): row for row in rows}
    print("| measurement | JSON-RPC (serve --stdio) | MCP (mcp) | MCP / JSON-RPC |")
    print("|---|---:|---:|---:|")
    start_j = by[("start-up to the first answer", "json-rpc")]["medianMilliseconds"]
    start_m = by[("start-up to the first answer", "mcp")]["medianMilliseconds"]
    print(f"| start-up to the first answer, median of 5, ms | {start_j:,.1f} | {start_m:,.1f} | {start_m / start_j:.2f} |")
    worst = 0
    for method in ("system.ping", "history.query", "template.render"):
        j, m = by[(method, "json-rpc")], by[(method, "mcp")]
        for key, label in (("p50Microseconds", "p50 µs"), ("p99Microseconds", "p99 µs")):
            print(f"| {method}, one at a time, {label} | {j[key]:,.0f} | {m[key]:,.0f} | {m[key] / j[key]:.2f} |")
        ratio = m["callsPerSecondInFlight"] / j["callsPerSecondInFlight"]
        worst = max(worst, m["p50Microseconds"] / j["p50Microseconds"])
        print(f"| {method}, {IN_FLIGHT} in flight, calls/s | {j['callsPerSecondInFlight']:,.0f} | "
              f"{m['callsPerSecondInFlight']:,.0f} | {ratio:.2f} |")
    print(f"\n{CALLS:,} calls of each method one at a time, then {CALLS:,} with {IN_FLIGHT} in flight, each on a fresh "
          "process and database.")
    print(f"Goal, a tool call costs at most twice the JSON-RPC call (p50): {'met' if worst <= 2 else 'missed'} "
          f"(the highest ratio is {worst:.2f}); start-up at most 1.5x: {'met' if start_m / start_j <= 1.5 else 'missed'}.")


main()
