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
    /// The database the methods use, for tests that put rows in place first.
    let database: AppDatabase

    /// - Parameter transport: what the gateway answers (an empty object by default).
    /// - Parameter confirmBroadcasts: whether `broadcast.send` goes only with its dry run's confirmation.
    init(transport: StubTransport = StubTransport(body: "{}"), token: String? = nil, confirmBroadcasts: Bool = false)
        throws
    {
        path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        database = try AppDatabase.open(path: path)
        var options = NotifierServices.Options()
        options.confirmBroadcasts = confirmBroadcasts
        dispatcher = NotifierMethods.makeDispatcher(
            services: NotifierServices(
                database: database, transport: transport, logger: Logger(label: "test"), options: options),
            token: token, logger: Logger(label: "test"))
    }

    /// The whole answer to one request with id 1, made by `caller` (the operator unless said).
    func call(_ method: String, _ params: JSONValue, as caller: Caller = .operator) async -> JSONValue {
        let session = RPCSession(label: "test", requiresAuthentication: false, outbound: NullOutbound())
        session.setPrincipal(caller)
        return await dispatcher.handle(
            ["jsonrpc": "2.0", "method": .string(method), "params": params, "id": 1], session: session) ?? .null
    }
}
