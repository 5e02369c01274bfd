import JSONRPC
import Logging
import Notifier
import TestSupport
import Testing

@testable import NotifierRPC

/// Guessing the token: slowed down, cut off, and logged once per connection.
@Suite struct SessionAuthenticateTests {
    @Test func repeatedFailuresAreSlowedLoggedOnceAndEndTheSession() async throws {
        let capture = CapturingLogHandler()
        let logger = Logger(label: "test") { _ in capture }
        let path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        let dispatcher = NotifierMethods.makeDispatcher(
            database: try AppDatabase.open(path: path), http: StubTransport(body: "{}"), token: "the-right-token",
            logger: logger)
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
        let failures = capture.messages.withLock { $0 }.filter { $0.contains("authentication failed") }
        #expect(failures.count == 1, "\(capture.messages.withLock { $0 })")
        let closing = capture.messages.withLock { $0 }.filter { $0.contains("closing the session") }
        #expect(closing.count == 1)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 100, Int.max])
    func theDelayGrowsAndStaysBounded(failures: Int) {
        let delay = SessionAuthenticate.delay(afterFailures: failures)
        #expect(delay >= .milliseconds(250) && delay <= .seconds(2))
    }
}
