import Foundation
import JSONCore
import JSONRPC
import Logging
import MCP
import Synchronization

/// Runs tool calls as the JSON-RPC methods they are: the arguments become the method's params, the answer
/// its structured content with a short text summary, and an error of the service a tool error (`isError`)
/// in the service's words. The notifications a method sends while it runs (a customer sync's pages, a
/// broadcast's counts) become `notifications/progress` of the call, when the client asked for them.
public struct MCPToolCalls: Sendable {
    let catalog: MCPToolCatalog
    let dispatcher: RPCDispatcher
    /// Who the calls are made as (the operator, or one store), set on each call's session.
    let principal: (any Sendable)?
    let logger: Logger

    /// How long `broadcast.subscribe` waits for its broadcast to end before answering where it stands.
    static let followLimit: Duration = .seconds(900)

    public init(catalog: MCPToolCatalog, dispatcher: RPCDispatcher, principal: (any Sendable)?, logger: Logger) {
        self.catalog = catalog
        self.dispatcher = dispatcher
        self.principal = principal
        self.logger = logger
    }

    /// The answer to `params`; `progress` is told of each notification the method sends meanwhile.
    ///
    /// - Throws: `MCPError.invalidParams` for a tool the catalog does not have (a protocol error, as MCP says).
    public func call(
        _ params: CallTool.Parameters, progress: @escaping @Sendable (MCPProgress) async -> Void
    ) async throws -> CallTool.Result {
        guard let entry = catalog.entry(named: params.name) else {
            throw MCPError.invalidParams("Unknown tool: \(params.name)")
        }
        let notifications = NotificationRelay(progress: progress)
        let session = RPCSession(label: "mcp", requiresAuthentication: false, outbound: notifications)
        if let principal { session.setPrincipal(principal) }
        defer {
            notifications.end()
            session.close()
        }
        var request = JSONObject([
            .init(key: "jsonrpc", value: .string("2.0")), .init(key: "id", value: .number(JSONNumber(1))),
            .init(key: "method", value: .string(params.name)),
        ])
        if let arguments = params.arguments {
            request["params"] = try MCPValues.json(.object(arguments))
        }
        guard let answer = await dispatcher.handle(.object(request), session: session) else {
            return CallTool.Result(content: [.text(text: "no answer", annotations: nil, _meta: nil)], isError: true)
        }
        if let error = answer["error"] { return Self.failure(error) }
        var result = answer["result"] ?? .null
        if let followed = FollowedCall(tool: params.name) {
            result = await followed.finalAnswer(after: result, from: notifications, limit: Self.followLimit)
        }
        let structured: JSONValue =
            entry.wrapsResult ? .object(JSONObject([.init(key: "result", value: result)])) : result
        let content: Value? = try MCPValues.mcp(structured)
        return CallTool.Result(
            content: [
                .text(text: MCPSummary.text(of: params.name, result: result), annotations: nil, _meta: nil),
                .text(
                    text: String(decoding: JSONWriter.serialize(structured), as: UTF8.self), annotations: nil,
                    _meta: nil),
            ],
            structuredContent: content, isError: false)
    }

    /// A JSON-RPC error as a tool error: its message, code and data, as the service said them.
    static func failure(_ error: JSONValue) -> CallTool.Result {
        let message = error["message"]?.stringValue ?? "the call failed"
        let code = error["code"].map { String(describing: $0) } ?? "?"
        var text = "Error \(code): \(message)"
        if let data = error["data"], data != .null {
            text += "\n" + String(decoding: JSONWriter.serialize(data), as: UTF8.self)
        }
        return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], isError: true)
    }
}

/// How far a call has come, from a notification its method sent.
public struct MCPProgress: Sendable, Equatable {
    public var progress: Double
    public var total: Double?
    public var message: String
}

/// The session's way out during one call: notifications are read for their progress and kept for the calls
/// that answer with the last one; nothing else leaves (the call's answer is returned, not sent).
final class NotificationRelay: RPCOutbound {
    private let progress: @Sendable (MCPProgress) async -> Void
    private let state = Mutex<(count: Int, latest: [String: JSONValue], ended: Bool)>((0, [:], false))

    init(progress: @escaping @Sendable (MCPProgress) async -> Void) {
        self.progress = progress
    }

    /// The call has its answer: MCP allows no progress after it, so what the method still sends (a broadcast
    /// followed by `broadcast.send`) fails, and its sender stops.
    struct CallEnded: Error {}

    func send(_ message: [UInt8]) async throws {
        guard let value = try? JSONParser.parse(message), let method = value["method"]?.stringValue else { return }
        let params = value["params"] ?? .null
        let count = try state.withLock { state in
            guard !state.ended else { throw CallEnded() }
            state.count += 1
            return state.count
        }
        await progress(MCPSummary.progress(of: method, params: params, count: count))
        // Kept once its progress is out: a call that answers with it answers after its progress.
        state.withLock { $0.latest[method] = params }
    }

    /// Ends the call: notifications sent from now on fail.
    func end() { state.withLock { $0.ended = true } }

    /// The params of the last `method` notification.
    func latest(_ method: String) -> JSONValue? { state.withLock { $0.latest[method] } }
}
