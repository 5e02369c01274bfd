import Foundation
import Hummingbird
import JSONCore
import JSONRPC
import Notifier
import NotifierRPC
import ServiceLifecycle

/// `GET /console/live`: what the console's status strip and a broadcast's progress show, pushed as server-sent
/// events while it changes, so that the console never polls. Authenticated as `/rpc` is (the console's sign-in or
/// page session, with `X-Console: 1`), and computed through the same dispatcher as the caller's own calls, so it
/// shows nothing the caller could not ask for.
///
/// Events: `status` (`outbox` as `outbox.status`, `balance` as `account.balance`, `lowBalanceAlert` as in
/// `account.get`, `store`: connected, name and hash), `broadcast` (as `broadcast.get`, with `?broadcast=ID`), and
/// `ended` when the session ends. Each is sent when its data changes (``LiveFeed``: recomputed when an SMS row
/// changes, at most once a second, and every 2 s for the rest; once for every console watching the same thing),
/// the whole state again on each connection: a console that lost its connection reconnects and is up to date
/// with the first events. `?store=ID` names the operator's store, as the `store` param of a call does.
struct LiveRoute: Sendable {
    let rpc: RPCRoute
    let feeds: LiveFeeds
    /// A comment line sent after this long without an event, so that proxies and idle timeouts keep the stream.
    static let heartbeat: Duration = .seconds(15)
    /// How often a connection checks that its session still holds.
    static let sessionCheck: Duration = .seconds(5)

    init(rpc: RPCRoute, updates: MessageUpdates) {
        self.rpc = rpc
        feeds = LiveFeeds(updates: updates)
    }

    func handle(_ request: Request, context: FrontRequestContext) async throws -> Response {
        let caller = try await rpc.caller(of: request, context: context)
        let query = request.uri.queryParameters
        let store = try Self.identifier(query.get("store"), name: "store")
        let broadcast = try Self.identifier(query.get("broadcast"), name: "broadcast")
        let views = LiveViews(dispatcher: rpc.dispatcher, caller: caller, store: store, broadcast: broadcast)
        let (route, feeds) = (rpc, feeds)
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                let (feed, bell) = await feeds.watch(views)
                do {
                    try await Self.stream(
                        feed, bell: bell, to: &writer,
                        sessionHolds: { (try? await route.caller(of: request, context: context)) != nil })
                } catch {
                    await feeds.leave(views, bell: bell)
                    throw error
                }
                await feeds.leave(views, bell: bell)
                try await writer.finish(nil)
            })
    }

    /// Writes each event of `feed` when it changes, until the connection or the service ends, or the session does
    /// (then `ended`).
    private static func stream(
        _ feed: LiveFeed, bell: Doorbell, to writer: inout any ResponseBodyWriter,
        sessionHolds: @Sendable () async -> Bool
    ) async throws {
        try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
        var sent: [String: String] = [:]
        var lastWrite = ContinuousClock.now
        var sessionCheckedAt = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if ContinuousClock.now - sessionCheckedAt >= sessionCheck {
                sessionCheckedAt = ContinuousClock.now
                guard await sessionHolds() else {
                    try await writer.write(ByteBuffer(string: "event: ended\ndata: {}\n\n"))
                    return
                }
            }
            for (name, data) in await feed.events where sent[name] != data {
                sent[name] = data
                try await writer.write(ByteBuffer(string: "event: \(name)\ndata: \(data)\n\n"))
                lastWrite = ContinuousClock.now
            }
            if ContinuousClock.now - lastWrite >= heartbeat {
                try await writer.write(ByteBuffer(string: ": still here\n\n"))
                lastWrite = ContinuousClock.now
            }
            await cancelWhenGracefulShutdown { await bell.wait(timeout: sessionCheck) }
        }
    }

    private static func identifier(_ text: String?, name: String) throws -> Int64? {
        guard let text else { return nil }
        guard let value = Int64(text), value > 0 else {
            throw HTTPFailure(.badRequest, "badQuery", "\(name) must be a positive whole number (an id)")
        }
        return value
    }
}

/// The data of each live event, as the caller's own calls answer it.
struct LiveViews: Sendable {
    let dispatcher: RPCDispatcher
    let caller: Caller
    let store: Int64?
    let broadcast: Int64?

    /// The status strip's part of the store's connection.
    struct StoreStrip: Encodable, Sendable {
        let connected: JSONValue
        let storeName: JSONValue
        let storeHash: JSONValue
    }

    struct Status: Encodable, Sendable {
        let outbox: JSONValue
        let balance: JSONValue
        let lowBalanceAlert: JSONValue
        let store: StoreStrip
    }

    /// What is watched: consoles with the same key see the same events.
    var key: String { "\(caller)|\(store ?? 0)|\(broadcast ?? 0)" }

    init(dispatcher: RPCDispatcher, caller: Caller, store: Int64?, broadcast: Int64?) {
        self.dispatcher = dispatcher
        self.caller = caller
        self.store = store
        self.broadcast = broadcast
    }

    /// The balance as `account.balance` answers it (the gateway is asked).
    func balance() async -> JSONValue {
        await call("account.balance")
    }

    /// Each event's data as JSON text, by event name, with `balance` as last asked.
    func current(balance: JSONValue) async -> [(String, String)] {
        let store = await call("store.get")
        let status = Status(
            outbox: await call("outbox.status"), balance: balance,
            lowBalanceAlert: await call("account.get")["lowBalanceAlert"] ?? .null,
            store: StoreStrip(
                connected: store["connected"] ?? false, storeName: store["storeName"] ?? .null,
                storeHash: store["storeHash"] ?? .null))
        var events = [("status", Self.text(status))]
        if let broadcast {
            events.append(("broadcast", (await call("broadcast.get", id: broadcast)).description))
        }
        return events
    }

    /// The result of `method` called as the caller (an `{"error": …}` object when it fails).
    private func call(_ method: String, id: Int64? = nil) async -> JSONValue {
        var params = JSONObject()
        if let id { params["id"] = .number(JSONNumber(id)) }
        if let store { params["store"] = .number(JSONNumber(store)) }
        let session = RPCSession(label: "live", requiresAuthentication: false, outbound: NoWayBack())
        session.setPrincipal(caller)
        let request: JSONValue = ["jsonrpc": "2.0", "method": .string(method), "params": .object(params), "id": 1]
        let answer = await dispatcher.handle(request, session: session)
        if let result = answer?["result"] { return result }
        return ["error": answer?["error"] ?? "no answer"]
    }

    private static func text(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }

    /// Server-to-client messages of a live view's calls: none are wanted.
    private struct NoWayBack: RPCOutbound {
        func send(_ message: [UInt8]) async throws {}
    }
}
