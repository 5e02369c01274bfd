"""`mocean-notify mcp` driven by the real Python MCP SDK (`mcp` from PyPI) over a real pipe, against the
gateway's stand-in over real HTTP: initialize, list the tools (every method of rpc.discover, schemas valid
JSON Schema, annotations from the methods' nature), call the account's balance, a template, the history, a
broadcast's dry run and its send without and with the confirmation, follow it to its end with progress; errors
as tool errors in the service's words; --read-only and --no-secrets; and an mcp process beside a running
`serve` on the same SQLite file, which leaves the sending to it.

Prints "mcp: N passed, M failed" last; exit status 0 only when all pass.
"""
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

from jsonschema import Draft202012Validator
from mcp import Client, ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Tests", "PythonSupport"))
from processes import Processes  # noqa: E402

BINARY = os.environ.get("MOCEAN_NOTIFY_BIN") or os.path.join(ROOT, ".build", "debug", "mocean-notify")
KEY, SECRET = "mcp-key", "mcp-secret"
NUMBERS = ["60123456789", "60123456666"]


def http(url, data=None, method=None):
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


class MCP:
    """One `mocean-notify mcp` session through the SDK's client."""

    def __init__(self, session, initialized, errlog):
        self.session, self.initialized, self.errlog = session, initialized, errlog

    def log(self):
        self.errlog.seek(0)
        return self.errlog.read()

    async def call(self, name, arguments=None, progress=None):
        return await self.session.call_tool(name, arguments or {}, progress_callback=progress)

    async def ok(self, name, arguments=None, progress=None):
        result = await self.call(name, arguments, progress)
        assert not result.is_error, f"{name}: {result.content}"
        return result.structured_content

    async def confirmed_broadcast(self, message, recipients):
        """A broadcast sent as an assistant must: its dry run, then the send with the dry run's confirmation;
        the send's answer and the confirmation."""
        dry = await self.ok("broadcast.send", {"message": message, "recipients": recipients, "dryRun": True})
        sent = await self.ok("broadcast.send", {"message": message, "recipients": recipients,
                                                "confirmation": dry["confirmation"]})
        assert sent["created"] is True and sent["id"], sent
        return sent, dry["confirmation"]

    async def followed_to_its_end(self, broadcast, sent):
        """broadcast.subscribe's answer once the broadcast has ended: finished, with `sent` SMS sent."""
        ended = await self.ok("broadcast.subscribe", {"id": broadcast["id"]})
        assert ended["state"] == "finished" and ended["messages"]["sent"] == sent, ended
        return ended


@contextlib.asynccontextmanager
async def mcp_session(database, *options):
    """`mocean-notify mcp` on `database`, initialized."""
    parameters = StdioServerParameters(command=BINARY, args=["mcp", "--database", database, *options],
                                       env={"MOCEAN_NOTIFY_LOG_LEVEL": "info"})
    with tempfile.TemporaryFile(mode="w+") as errlog:
        async with stdio_client(parameters, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                yield MCP(session, await session.initialize(), errlog)


def contract():
    with open(os.path.join(ROOT, "schema", "openrpc.json")) as file:
        return json.load(file)


async def checks(work, sandbox):
    gateway = f"http://127.0.0.1:{sandbox}"
    database = os.path.join(work, "mcp.sqlite")
    results = []

    async def check(name, body):
        try:
            await body()
            results.append((name, None))
            print(f"ok   {name}", flush=True)
        except Exception:
            results.append((name, traceback.format_exc()))
            print(f"FAIL {name}\n{traceback.format_exc()}", flush=True)

    async with mcp_session(database) as mcp:
        async def initializes():
            info = mcp.initialized
            assert info.protocol_version == "2025-11-25", info.protocol_version
            assert info.server_info.name == "mocean-notify", info.server_info
            assert info.capabilities.tools is not None, info.capabilities
            assert "confirmation" in (info.instructions or ""), info.instructions
            await mcp.session.send_ping()

        async def lists_every_method_as_a_tool():
            tools = (await mcp.session.list_tools()).tools
            names = [tool.name for tool in tools]
            discovered = await mcp.ok("rpc.discover")
            methods = [method["name"] for method in discovered["methods"]]
            assert sorted(names) == sorted(methods), set(names) ^ set(methods)
            assert methods == [method["name"] for method in contract()["methods"]]
            for tool in tools:
                Draft202012Validator.check_schema(tool.input_schema)
                assert tool.input_schema["type"] == "object", tool.name
                assert tool.output_schema is not None and tool.output_schema["type"] == "object", tool.name
                Draft202012Validator.check_schema(tool.output_schema)
                assert tool.description, tool.name
            by_name = {tool.name: tool for tool in tools}
            for name in ["history.query", "account.balance", "template.render", "broadcast.get"]:
                hints = by_name[name].annotations
                assert hints.read_only_hint is True and hints.destructive_hint is False, (name, hints)
            for name in ["broadcast.send", "history.prune", "optOut.remove", "account.set", "stores.erase"]:
                hints = by_name[name].annotations
                assert hints.read_only_hint is False and hints.destructive_hint is True, (name, hints)
            assert by_name["account.set"].annotations.idempotent_hint is True
            assert by_name["broadcast.send"].annotations.idempotent_hint is False
            message = by_name["broadcast.send"].input_schema["properties"]["message"]
            assert message["type"] == "string" and message["maxLength"] == 1600, message
            assert "confirmation" in by_name["broadcast.send"].input_schema["properties"]

        async def sets_the_account_and_reads_the_balance():
            answer = await mcp.ok("account.set", {"apiKey": KEY, "apiSecret": SECRET, "sender": "MCPTest",
                                                  "gatewayUrl": gateway})
            assert answer["credentials"]["status"] == "valid", answer
            assert SECRET not in json.dumps(answer), "the secret came back"
            balance = await mcp.ok("account.balance")
            assert float(balance["value"]) == 25.0, balance
            result = await mcp.call("account.balance")
            assert "account.balance" in result.content[0].text, result.content

        async def renders_a_template():
            answer = await mcp.ok("template.render", {"event": "store/order/created",
                                                      "template": "Order #[order_id] is [order_status]"})
            assert answer["text"].startswith("Order #"), answer
            assert answer["parts"] == 1 and answer["encoding"] == "GSM-7", answer

        async def queries_the_history():
            answer = await mcp.ok("history.query", {"status": "Fail"})
            assert answer["total"] == 0 and answer["rows"] == [], answer

        async def errors_are_tool_errors_in_the_services_words():
            result = await mcp.call("history.query", {"page": 0})
            assert result.is_error is True, result
            text = result.content[0].text
            assert "page" in text and "1 or more" in text, text
            result = await mcp.call("broadcast.get", {"id": 999})
            assert result.is_error is True and "999" in result.content[0].text, result.content

        async def a_broadcast_goes_only_with_its_dry_runs_confirmation():
            recipients = {"numbers": " ".join(NUMBERS)}
            message = "Flash sale: 20% off today only"
            dry = await mcp.ok("broadcast.send", {"message": message, "recipients": recipients, "dryRun": True})
            assert dry["dryRun"] is True and dry["toSend"] == 2 and dry.get("id") is None, dry
            assert dry["cost"]["total"], dry
            confirmation = dry["confirmation"]
            assert confirmation, dry
            unconfirmed = await mcp.ok("broadcast.send", {"message": message, "recipients": recipients})
            assert unconfirmed["dryRun"] is True and unconfirmed.get("id") is None, unconfirmed
            assert "dryRun first" in unconfirmed["confirmationRequired"], unconfirmed
            other = await mcp.ok("broadcast.send", {"message": message + "!", "recipients": recipients,
                                                    "confirmation": confirmation})
            assert other.get("id") is None and "not those of the dry run" in other["confirmationRequired"], other
            forged = await mcp.ok("broadcast.send", {"message": message, "recipients": recipients,
                                                     "confirmation": "c1.1.x"})
            assert forged.get("id") is None and forged["confirmationRequired"], forged
            assert http(gateway + "/sandbox/messages") == [], "something was sent before the confirmation"
            sent = await mcp.ok("broadcast.send", {"message": message, "recipients": recipients,
                                                   "confirmation": confirmation, "follow": False})
            assert sent["dryRun"] is False and sent["created"] is True and sent["id"], sent
            assert sent.get("confirmationRequired") is None, sent
            progress = []

            async def on_progress(done, total, text):
                progress.append((done, total, text))

            ended = await mcp.ok("broadcast.subscribe", {"id": sent["id"]}, progress=on_progress)
            assert ended["state"] == "finished", ended
            assert ended["settled"] == 2 and ended["messages"]["sent"] == 2, ended
            assert progress and progress[-1][0] == 2 and progress[-1][1] == 2, progress
            gateway_saw = sorted(message["receiver"] for message in http(gateway + "/sandbox/messages"))
            assert gateway_saw == sorted(NUMBERS), gateway_saw
            history = await mcp.ok("history.query", {"search": "Flash"})
            assert history["total"] == 2, history

        async def answers_fit_their_output_schemas():
            # The SDK checks each structured answer against its tool's output schema; these are the tools the
            # other checks do not call, with fields that may be null.
            await mcp.ok("optOut.add", {"number": "60123450000"})
            calls = [
                ("system.info", {}), ("account.get", {}), ("notifications.get", {}), ("template.keywords", {"event": "store/order/created"}),
                ("events.list", {}), ("outbox.status", {}), ("messages.get", {"id": 1}),
                ("messages.retry", {"ids": [1, 999]}), ("history.configure", {"retentionDays": None}),
                ("store.get", {}), ("customers.list", {}), ("broadcast.list", {}), ("optOut.list", {}),
                ("stores.list", {}), ("stores.get", {"store": 1}), ("app.get", {}), ("tokens.list", {}),
                ("phone.validate", {"number": "60123456789", "audience": "customer"}),
            ]
            for name, arguments in calls:
                result = await mcp.call(name, arguments)
                assert not result.is_error, (name, result.content)
                assert result.structured_content is not None, name

        for name, body in [
            ("initializes at 2025-11-25 and answers ping", initializes),
            ("lists every method as a tool with valid schemas", lists_every_method_as_a_tool),
            ("sets the account and reads the balance", sets_the_account_and_reads_the_balance),
            ("renders a template", renders_a_template),
            ("queries the history", queries_the_history),
            ("errors are tool errors in the service's words", errors_are_tool_errors_in_the_services_words),
            ("a broadcast goes only with its dry run's confirmation",
             a_broadcast_goes_only_with_its_dry_runs_confirmation),
            ("answers fit their output schemas", answers_fit_their_output_schemas),
        ]:
            await check(name, body)
        log = mcp.log()
    await check("logs go to stderr, never the secret", lambda: logs_are_clean(log))

    async def read_only_and_no_secrets():
        async with mcp_session(database, "--read-only") as mcp:
            tools = (await mcp.session.list_tools()).tools
            assert tools and all(tool.annotations.read_only_hint for tool in tools), tools
            assert "broadcast.send" not in [tool.name for tool in tools]
            # A tool not listed is a protocol error, as MCP says of unknown tools.
            try:
                await mcp.session.call_tool("broadcast.send", {"message": "x", "recipients": {"all": True}})
                raise AssertionError("broadcast.send ran on a read-only server")
            except MCPError as error:
                assert "Unknown tool: broadcast.send" in str(error), error
        async with mcp_session(database, "--no-secrets") as mcp:
            names = {tool.name for tool in (await mcp.session.list_tools()).tools}
            for left_out in ["account.set", "store.set", "app.set", "tokens.create", "session.authenticate",
                             "stores.erase", "outbox.configure"]:
                assert left_out not in names, left_out
            assert {"history.query", "broadcast.send", "account.get"} <= names

    await check("--read-only and --no-secrets leave tools out", read_only_and_no_secrets)

    async def every_request_is_answered_when_stdin_ends():
        # A line that is not JSON, then calls, then the end of stdin at once: every call has its answer before
        # the process exits, and stdout holds nothing but MCP messages.
        lines = [
            json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}),
            json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
            "this is not JSON",
        ] + [json.dumps({"jsonrpc": "2.0", "id": 10 + number, "method": "tools/call",
                         "params": {"name": "history.query", "arguments": {"page": 1 + number}}})
             for number in range(20)]
        finished = subprocess.run([BINARY, "mcp", "--database", database, "--read-only"],
                                  input=("\n".join(lines) + "\n").encode(), capture_output=True, timeout=60)
        assert finished.returncode == 0, finished.stderr[-2000:]
        answers = [json.loads(line) for line in finished.stdout.decode().splitlines()]
        answered = {answer.get("id") for answer in answers if "result" in answer}
        assert set(range(10, 30)) <= answered and 1 in answered, sorted(answered, key=str)
        assert all(answer.get("jsonrpc") == "2.0" for answer in answers), answers

    await check("every request is answered when stdin ends", every_request_is_answered_when_stdin_ends)

    async def the_sdks_client_negotiates_in_auto_mode():
        # The high-level client probes the newer discovery first and falls back to the handshake.
        parameters = StdioServerParameters(command=BINARY, args=["mcp", "--database", database, "--read-only"])
        async with Client(parameters) as client:
            assert client.protocol_version == "2025-11-25", client.protocol_version
            result = await client.call_tool("history.query", {"search": "Flash"})
            assert not result.is_error and result.structured_content["total"] == 2, result

    await check("the SDK's high-level client negotiates and calls", the_sdks_client_negotiates_in_auto_mode)

    async def beside_a_running_serve():
        shared = os.path.join(work, "shared.sqlite")
        processes = Processes(BINARY, work)
        try:
            processes.start("serve", ["serve", "--tcp", "127.0.0.1:0", "--database", shared],
                            r"listening on 127\.0\.0\.1:(\d+)")
            http(gateway + "/sandbox/messages", method="DELETE")
            async with mcp_session(shared) as mcp:
                await mcp.ok("account.set", {"apiKey": KEY, "apiSecret": SECRET, "sender": "Beside",
                                             "gatewayUrl": gateway})
                sent, _ = await mcp.confirmed_broadcast("Beside", {"numbers": NUMBERS[0]})
                await mcp.followed_to_its_end(sent, 1)
                assert [message["receiver"] for message in http(gateway + "/sandbox/messages")] == [NUMBERS[0]]
                # serve stops: mcp takes the sending over.
                processes.stop()
                sent, confirmation = await mcp.confirmed_broadcast("Taken over", {"numbers": NUMBERS[1]})
                again = await mcp.ok("broadcast.send", {"message": "Taken over",
                                                        "recipients": {"numbers": NUMBERS[1]},
                                                        "confirmation": confirmation})
                assert again["id"] == sent["id"] and again["created"] is False, again
                await mcp.followed_to_its_end(sent, 1)
                log = mcp.log()
            assert "another process runs the sending" in log, log
            assert "this process now runs the sending" in log, log
            received = [message["receiver"] for message in http(gateway + "/sandbox/messages")]
            assert received == [NUMBERS[0], NUMBERS[1]], received
        finally:
            processes.stop()

    await check("beside a running serve on the same file, the serve sends", beside_a_running_serve)

    postgres = os.environ.get("MOCEAN_NOTIFY_TEST_POSTGRES_URL")

    async def beside_a_serve_on_postgresql():
        name = f"mcp_{os.getpid()}_{int(time.time())}"
        subprocess.run(["psql", postgres, "-v", "ON_ERROR_STOP=1", "-qc", f"CREATE DATABASE {name}"], check=True,
                       capture_output=True)
        url = postgres.rsplit("/", 1)[0] + "/" + name
        processes = Processes(BINARY, work)
        try:
            processes.start("serve-pg", ["serve", "--tcp", "127.0.0.1:0", "--database", url],
                            r"listening on 127\.0\.0\.1:(\d+)")
            http(gateway + "/sandbox/messages", method="DELETE")
            async with mcp_session(url) as mcp:
                await mcp.ok("account.set", {"apiKey": KEY, "apiSecret": SECRET, "sender": "OnPG",
                                             "gatewayUrl": gateway})
                sent, _ = await mcp.confirmed_broadcast("On PG", {"numbers": NUMBERS})
                await mcp.followed_to_its_end(sent, 2)
            # Two instances shared the outbox: each SMS went once.
            received = sorted(message["receiver"] for message in http(gateway + "/sandbox/messages"))
            assert received == sorted(NUMBERS), received
        finally:
            processes.stop()

    if postgres:
        await check("beside a serve on one PostgreSQL database, each SMS goes once", beside_a_serve_on_postgresql)
    else:
        print("skip beside a serve on PostgreSQL: MOCEAN_NOTIFY_TEST_POSTGRES_URL is not set (scripts/test sets it)")
    return results


async def logs_are_clean(log):
    assert "serving MCP on stdin/stdout" in log, log
    assert SECRET not in log, "the API secret was logged"


def main():
    if not os.path.exists(BINARY):
        print(f"mcp: no binary at {BINARY}: build first (swift build)")
        print("mcp: 0 passed, 1 failed")
        return 1
    with tempfile.TemporaryDirectory() as work:
        processes = Processes(BINARY, work)
        try:
            sandbox = processes.start("sandbox", ["sandbox", "--port", "0", "--api-key", KEY, "--api-secret", SECRET,
                                                  "--balance", "25"], r"listening on 127\.0\.0\.1:(\d+)")
            results = asyncio.run(checks(work, sandbox))
        finally:
            processes.stop()
    failed = sum(1 for _, failure in results if failure)
    print(f"mcp: {len(results) - failed} passed, {failed} failed")
    return 0 if failed == 0 and results else 1


if __name__ == "__main__":
    sys.exit(main())
