import JSONCore
import MCP
import NotifierRPC
import Testing

@testable import NotifierMCP

/// The tools come from the contract: one per method, with its params and result as schemas, and annotations
/// from each method's nature.
@Suite struct MCPToolCatalogTests {
    let document = OpenRPCDocument.value

    private var methods: [JSONValue] { document["methods"]?.arrayValue ?? [] }

    private func json(_ value: Value?) throws -> JSONValue {
        try MCPValues.json(try #require(value))
    }

    @Test func everyMethodIsATool() throws {
        let catalog = try MCPToolCatalog(document: document)
        #expect(catalog.tools.map(\.name) == methods.compactMap { $0["name"]?.stringValue })
        #expect(catalog.tools.count == 56)
    }

    @Test func aMethodOfUnknownNatureIsRefused() throws {
        guard case .object(var root) = document, case .array(var list)? = root["methods"],
            case .object(var first) = list[0]
        else { throw CatalogFixtureError() }
        first["x-effect"] = .string("maybe")
        list[0] = .object(first)
        root["methods"] = .array(list)
        #expect(throws: MCPToolCatalog.Invalid.self) { try MCPToolCatalog(document: .object(root)) }
    }

    @Test func annotationsFollowEachMethodsNature() throws {
        let catalog = try MCPToolCatalog(document: document)
        for method in methods {
            let name = try #require(method["name"]?.stringValue)
            let hints = try #require(catalog.entry(named: name)).tool.annotations
            let effect = method["x-effect"]?.stringValue
            #expect(hints.readOnlyHint == (effect == "read"), "\(name)")
            #expect(hints.destructiveHint == (effect == "destructive"), "\(name)")
        }
        for sends in ["broadcast.send", "broadcast.resume", "messages.retry", "events.ingest", "outbox.resume"] {
            #expect(catalog.entry(named: sends)?.tool.annotations.destructiveHint == true, "\(sends) sends SMS")
        }
        for overwrites in ["history.prune", "optOut.remove", "account.set", "store.set", "stores.erase"] {
            #expect(catalog.entry(named: overwrites)?.tool.annotations.destructiveHint == true, "\(overwrites)")
        }
        #expect(catalog.entry(named: "broadcast.send")?.tool.annotations.idempotentHint == false)
        #expect(catalog.entry(named: "history.query")?.tool.annotations.idempotentHint == true)
    }

    @Test func paramsBecomeTheInputSchema() throws {
        let catalog = try MCPToolCatalog(document: document)
        let input = try json(catalog.entry(named: "broadcast.send")?.tool.inputSchema)
        #expect(input["type"] == .string("object") && input["additionalProperties"] == .bool(false))
        #expect(input["required"] == .array([.string("message"), .string("recipients")]))
        #expect(input["properties"]?["message"]?["maxLength"] == .number(JSONNumber(1600)))
        #expect(input["properties"]?["dryRun"]?["description"]?.stringValue?.isEmpty == false)
        let text = String(decoding: JSONWriter.serialize(input), as: UTF8.self)
        #expect(!text.contains("#/components/"), "references are the tool's own $defs")
    }

    @Test func resultsBecomeObjectOutputSchemas() throws {
        let catalog = try MCPToolCatalog(document: document)
        for entry in catalog.entries {
            let output = try json(entry.tool.outputSchema)
            #expect(output["type"] == .string("object"), "\(entry.tool.name)")
        }
        let ping = try #require(catalog.entry(named: "system.ping"))
        #expect(ping.wrapsResult)
        #expect(try json(ping.tool.outputSchema)["required"] == .array([.string("result")]))
        let balance = try #require(catalog.entry(named: "account.balance"))
        #expect(!balance.wrapsResult, "a shared object schema is an object")
        let output = try json(balance.tool.outputSchema)
        #expect(output["allOf"]?.arrayValue?.first?["$ref"] == .string("#/$defs/Balance"))
        #expect(output["$defs"]?["Balance"] != nil)
    }

    @Test func readOnlyAndNoSecretsLeaveToolsOut() throws {
        let readOnly = try MCPToolCatalog(document: document, selection: .init(readOnly: true))
        #expect(!readOnly.tools.isEmpty && readOnly.tools.allSatisfy { $0.annotations.readOnlyHint == true })
        #expect(readOnly.entry(named: "broadcast.send") == nil && readOnly.entry(named: "history.query") != nil)
        let noSecrets = try MCPToolCatalog(document: document, selection: .init(noSecrets: true))
        for name in ["account.set", "store.set", "app.set", "tokens.create", "session.authenticate", "stores.erase"] {
            #expect(noSecrets.entry(named: name) == nil, "\(name)")
        }
        #expect(noSecrets.entry(named: "broadcast.send") != nil && noSecrets.entry(named: "account.get") != nil)
    }

    @Test func summariesAndProgressReadTheResult() {
        let page: JSONValue = .object(
            JSONObject([
                .init(key: "rows", value: .array([.null, .null])), .init(key: "total", value: .number(JSONNumber(2))),
            ]))
        #expect(MCPSummary.text(of: "history.query", result: page) == "history.query: rows: 2 items; total: 2")
        let broadcast: JSONValue = .object(
            JSONObject([
                .init(key: "state", value: .string("running")), .init(key: "settled", value: .number(JSONNumber(3))),
                .init(key: "toSend", value: .number(JSONNumber(10))),
            ]))
        let progress = MCPSummary.progress(of: "broadcast.progress", params: broadcast, count: 1)
        #expect(progress.progress == 3 && progress.total == 10)
        #expect(progress.message == "broadcast.progress: running, 3 of 10 settled")
    }
}

struct CatalogFixtureError: Error {}

/// A call's notifications are its progress until it has its answer, and none after.
@Suite struct NotificationRelayTests {
    actor Seen {
        var progress: [MCPProgress] = []
        func add(_ item: MCPProgress) { progress.append(item) }
    }

    @Test func notificationsAreProgressUntilTheCallEnds() async throws {
        let seen = Seen()
        let relay = NotificationRelay { await seen.add($0) }
        let notification = #"{"jsonrpc":"2.0","method":"customers.syncProgress","params":{"pages":2,"totalPages":5}}"#
        try await relay.send(Array(notification.utf8))
        #expect(await seen.progress.map(\.progress) == [2] && relay.latest("customers.syncProgress") != nil)
        relay.end()
        await #expect(throws: NotificationRelay.CallEnded.self) { try await relay.send(Array(notification.utf8)) }
        #expect(await seen.progress.count == 1, "no progress after the answer")
    }
}
