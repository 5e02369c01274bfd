import JSONRPC
import Logging
import Notifier
import TestSupport

@testable import NotifierRPC

/// The service's methods on a fresh database file, called as a client would call them.
struct RPCHarness {
    let dispatcher: RPCDispatcher
    /// The database file.
    let path: String

    /// - Parameter transport: what the gateway answers (an empty object by default).
    init(transport: StubTransport = StubTransport(body: "{}"), token: String? = nil) throws {
        path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        dispatcher = NotifierMethods.makeDispatcher(
            database: try AppDatabase.open(path: path), http: transport, token: token, logger: Logger(label: "test"))
    }

    /// The whole answer to one request with id 1.
    func call(_ method: String, _ params: JSONValue) async -> JSONValue {
        let session = RPCSession(label: "test", requiresAuthentication: false, outbound: NullOutbound())
        return await dispatcher.handle(
            ["jsonrpc": "2.0", "method": .string(method), "params": params, "id": 1], session: session) ?? .null
    }
}
