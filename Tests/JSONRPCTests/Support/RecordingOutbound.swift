import JSONRPC
import Logging
import Synchronization

/// Keeps every message a session sends, for tests to read.
actor RecordingOutbound: RPCOutbound {
    private(set) var messages: [JSONValue] = []

    func send(_ message: [UInt8]) throws {
        messages.append(try JSONParser.parse(message))
    }
}

/// A dispatcher with the spec's demo methods and the test methods, and a session recording what it sends.
struct EngineHarness {
    let dispatcher: RPCDispatcher
    let outbound = RecordingOutbound()
    let session: RPCSession

    init(
        requiresAuthentication: Bool = false, extra: [any RPCMethod] = [], logger: Logger = Logger(label: "test"),
        drain: ShutdownDrain? = nil
    ) {
        let methods: [any RPCMethod] =
            SpecExampleMethods.all + [
                TestMethods.Explode(), TestMethods.Progress(), TestMethods.Configure(), TestMethods.Slow(),
                TestMethods.Large(),
                AlwaysAuthenticate(),
            ] + extra
        dispatcher = RPCDispatcher(
            methods: methods, authenticationMethod: AlwaysAuthenticate.name, logger: logger, drain: drain)
        session = RPCSession(label: "test", requiresAuthentication: requiresAuthentication, outbound: outbound)
    }

    /// Sends one raw line through the transports' framing and returns the parsed answer, or nil when none
    /// is due (blank lines are skipped by the framing, as on stdio and TCP).
    func answer(_ line: String) async throws -> JSONValue? {
        var framer = LineFramer()
        let events = framer.push(Array((line + "\n").utf8))
        guard case .line(let bytes)? = events.first else { return nil }
        guard let answer = await dispatcher.handle(line: bytes, session: session) else { return nil }
        return try JSONParser.parse(answer)
    }

    /// Accepts the token "letmein".
    struct AlwaysAuthenticate: RPCMethod {
        static let name = "test.authenticate"
        static let parameters: [RPCParameter] = [.required("token")]
        struct Params: Decodable, Sendable { let token: String }
        func handle(_ params: Params, context: RPCContext) async throws -> Bool {
            guard params.token == "letmein" else {
                let left = RPCSession.maximumAuthenticationFailures - context.session.recordAuthenticationFailure()
                throw RPCError.authenticationFailed(attemptsLeft: max(0, left))
            }
            context.session.markAuthenticated()
            return true
        }
    }
}
