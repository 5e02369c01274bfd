import JSONRPC
import Logging
import Notifier
import TestSupport
import Testing

@testable import NotifierRPC

/// Guessing the token: slowed down, cut off, held to the limits per address across connections, and logged in
/// a bounded way.
@Suite struct SessionAuthenticateTests {
    /// A clock that stands still however long a loaded machine takes to run the test.
    static let standingClock: ServiceClock = {
        let start = ContinuousClock.now
        return ServiceClock { start }
    }()

    @Test func repeatedFailuresAreSlowedLoggedOnceAndEndTheSession() async throws {
        let capture = CapturingLogHandler()
        let logger = Logger(label: "test") { _ in capture }
        let path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        let dispatcher = NotifierMethods.makeDispatcher(
            database: try AppDatabase.open(path: path), http: StubTransport(body: "{}"), token: "the-right-token",
            logger: logger, tokenCheck: TokenCheck(logger: logger, clock: Self.standingClock))
        let session = RPCSession(label: "tcp 127.0.0.1:1", requiresAuthentication: true, outbound: NullOutbound())
        func attempt(_ token: String) async -> JSONValue? {
            let request: JSONValue = [
                "jsonrpc": "2.0", "method": "session.authenticate", "params": ["token": .string(token)], "id": 1,
            ]
            return await dispatcher.handle(request, session: session)
        }
        let started = ContinuousClock.now
        for attemptsLeft in (0..<RPCSession.maximumAuthenticationFailures).reversed() {
            let answer = await attempt("guess")
            #expect(answer?["error"]?["code"] == -32002)
            #expect(answer?["error"]?["data"]?["attemptsLeft"] == .number(JSONNumber(attemptsLeft)))
        }
        #expect(ContinuousClock.now - started >= .milliseconds(250 + 500 + 1000 + 2000), "each failure waits longer")
        #expect(session.isClosing, "the fifth failure ends the session")
        let afterwards = await attempt("the-right-token")
        #expect(afterwards?["error"]?["data"]?["attemptsLeft"] == 0, "not even the right token opens a closed session")
        let refusals = capture.messages.withLock { $0 }.filter { $0.hasPrefix("refused") }
        #expect(refusals.count == 1, "the first at once, the others in the interval's summary: \(refusals)")
        #expect(refusals.first?.contains("session.authenticate") == true && refusals.first?.contains("guess") == false)
    }

    @Test func connectionsFromOneAddressShareItsLimitAndOthersAreNotHeldBack() async throws {
        let path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        let dispatcher = NotifierMethods.makeDispatcher(
            database: try AppDatabase.open(path: path), http: StubTransport(body: "{}"), token: "the-right-token",
            logger: Logger(label: "test"),
            tokenCheck: TokenCheck(logger: Logger(label: "test"), clock: Self.standingClock))
        @Sendable func attempt(_ token: String, from address: String) async -> JSONValue? {
            let session = RPCSession(
                label: "tcp \(address):1", requiresAuthentication: true, outbound: NullOutbound(), peerAddress: address)
            let request: JSONValue = [
                "jsonrpc": "2.0", "method": "session.authenticate", "params": ["token": .string(token)], "id": 1,
            ]
            return await dispatcher.handle(request, session: session)
        }
        // Ten connections, one wrong token each: the address's whole allowance.
        let answers = await withTaskGroup(of: JSONValue?.self) { group in
            for index in 0..<10 { group.addTask { await attempt("guess-\(index)", from: "203.0.113.9") } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0?["error"]?["code"] == -32002 && $0?["error"]?["data"]?["attemptsLeft"] == 4 })
        let heldBack = await attempt("the-right-token", from: "203.0.113.9")
        #expect(heldBack?["error"]?["code"] == -32002, "a new connection from the address: not checked")
        guard case .number(let wait)? = heldBack?["error"]?["data"]?["retryAfterSeconds"] else {
            Issue.record("no retryAfterSeconds: \(String(describing: heldBack))")
            return
        }
        #expect((1...7).contains(wait.integer(as: Int.self) ?? 0), "one more attempt in about 6 s: \(wait)")
        #expect(heldBack?["error"]?["message"]?.stringValue?.contains("held back") == true)
        let other = await attempt("the-right-token", from: "198.51.100.4")
        #expect(other?["result"]?["authenticated"] == true, "another address is not held back")
    }

    @Test(arguments: [1, 2, 3, 4, 5, 100, Int.max])
    func theDelayGrowsAndStaysBounded(failures: Int) {
        let delay = SessionAuthenticate.delay(afterFailures: failures)
        #expect(delay >= .milliseconds(250) && delay <= .seconds(2))
    }
}
