import Foundation
import HTTPClient
import Logging
import NotifierRPC
import TestSupport
import Testing

/// Guessing the token on `/rpc` and at the console's sign-in: limited per client address and overall, and
/// logged in a bounded way, over real HTTP with a clock the tests move.
@Suite struct CredentialLimitTests {
    static let token = "credential-limit-token-0123456789"
    static let ping = Array(#"{"jsonrpc":"2.0","method":"system.ping","id":1}"#.utf8)

    /// `/rpc` with `token`, as if from `address` (the front believes the forwarding header of a proxy on this
    /// machine).
    private func rpc(_ front: HTTPFrontHarness, token: String, from address: String) async throws -> HTTPResponse {
        try await front.request(
            .post, "/rpc",
            headers: [
                ("Content-Type", "application/json"), ("Authorization", "Bearer \(token)"),
                ("X-Forwarded-For", address),
            ],
            body: Self.ping)
    }

    /// `count` wrong tokens at once from `address(i)`; their statuses.
    private func guesses(
        _ front: HTTPFrontHarness, _ count: Int, from address: @escaping @Sendable (Int) -> String
    ) async throws -> [Int] {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<count {
                group.addTask { try await rpc(front, token: "guess-\(index)", from: address(index)).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func oneAddressIsHeldBackAfterTenWrongTokensWithoutItsTokensBeingChecked() async throws {
        let clock = ManualClock()
        try await HTTPFrontHarness.with(token: Self.token, clock: clock.serviceClock) { front in
            #expect(try await guesses(front, 10) { _ in "203.0.113.7" } == Array(repeating: 401, count: 10))
            let limited = try await rpc(front, token: "guess-11", from: "203.0.113.7")
            #expect(
                limited.status == 429 && limited.json?["error"]?["code"] == "tooManyAttempts", "\(limited.json ?? nil)")
            let wait = try #require(limited.header("retry-after").flatMap { Int($0) })
            #expect((1...12).contains(wait), "one more guess in about 6 s: \(wait)")
            let right = try await rpc(front, token: Self.token, from: "203.0.113.7")
            #expect(right.status == 429, "while held back, even the right token is not checked")
            #expect(try await rpc(front, token: Self.token, from: "198.51.100.1").status == 200, "others go on")
            clock.advance(by: .seconds(7))
            #expect(try await rpc(front, token: Self.token, from: "203.0.113.7").status == 200, "refilled")
            let signIn = try await front.request(
                .post, "/console/session",
                headers: [("Content-Type", "application/json"), ("X-Forwarded-For", "203.0.113.7")],
                body: Array(#"{"token":"guess"}"#.utf8))
            #expect(signIn.status == 401, "the refilled attempt is spent by the sign-in")
            let again = try await front.request(
                .post, "/console/session",
                headers: [("Content-Type", "application/json"), ("X-Forwarded-For", "203.0.113.7")],
                body: Array(#"{"token":"\#(Self.token)"}"#.utf8))
            #expect(again.status == 429, "the sign-in shares the limit")
        }
    }

    @Test func guessesFromManyAddressesAreSlowedOverallWithoutLockingTheRightTokenOut() async throws {
        let clock = ManualClock()
        try await HTTPFrontHarness.with(token: Self.token, clock: clock.serviceClock) { front in
            #expect(try await rpc(front, token: Self.token, from: "192.0.2.1").status == 200, "the operator, known")
            let first = try await guesses(front, 60) { "198.51.100.\($0)" }
            #expect(first.allSatisfy { $0 == 401 }, "\(first)")
            // Everyone's allowance is spent: attempts are checked slowly, a few at a time, the rest refused.
            let started = ContinuousClock.now
            let beyond = try await guesses(front, 20) { "203.0.113.\($0)" }
            #expect(beyond.filter { $0 == 401 }.count == CredentialGuard.slowCheckConcurrency, "\(beyond)")
            #expect(beyond.filter { $0 == 429 }.count == 20 - CredentialGuard.slowCheckConcurrency)
            #expect(ContinuousClock.now - started >= CredentialGuard.slowCheckDelay, "checked slowly")
            #expect(try await rpc(front, token: Self.token, from: "192.0.2.1").status == 200, "known: not slowed")
            let newcomer = try await rpc(front, token: Self.token, from: "192.0.2.99")
            #expect(newcomer.status == 200, "the right token still gets in, slowly: nobody is locked out")
            clock.advance(by: .seconds(120))
            #expect(try await rpc(front, token: "guess", from: "192.0.2.98").status == 401, "refilled: checked at once")
        }
    }

    @Test func theClientAddressComesFromTheConfiguredHeaderOfAProxyOnThisMachineOnly() async throws {
        let clock = ManualClock()
        try await HTTPFrontHarness.with(token: Self.token, clock: clock.serviceClock, clientAddressHeader: nil) {
            front in
            // Without a configured header, X-Forwarded-For is not believed: every guess is this machine's.
            let statuses = try await guesses(front, 12) { "198.51.100.\($0)" }
            #expect(
                statuses.filter { $0 == 401 }.count == 10 && statuses.filter { $0 == 429 }.count == 2, "\(statuses)")
        }
        try await HTTPFrontHarness.with(token: Self.token, clock: clock.serviceClock, clientAddressHeader: "X-Real-IP")
        {
            front in
            // A header other than the configured one changes nothing.
            let statuses = try await guesses(front, 12) { "198.51.100.\($0)" }
            #expect(statuses.filter { $0 == 429 }.count == 2, "\(statuses)")
        }
    }

    @Test func refusalsAreLoggedAsOneLineThenOneSummaryAnInterval() async throws {
        let clock = ManualClock()
        let log = CapturingLogHandler()
        try await HTTPFrontHarness.with(token: Self.token, clock: clock.serviceClock, log: log) { front in
            let statuses = try await guesses(front, 40) { "198.51.100.\($0)" }
            #expect(statuses.allSatisfy { $0 == 401 })
            for index in 0..<30 {
                let body = HTTPFrontHarness.webhookBody(hash: "forged-\(index)")
                let forged = try await front.request(
                    .post, "/webhooks/bigcommerce",
                    headers: HTTPFrontHarness.signedHeaders(body, secret: "not-the-secret"), body: body)
                #expect(forged.status == 401)
            }
            let refusals = { log.messages.withLock { $0.filter { $0.hasPrefix("refused") } } }
            #expect(refusals().count == 1, "the first alone, at once: \(refusals())")
            #expect(refusals().first?.contains(Self.token) == false)
            clock.advance(by: .seconds(11))
            #expect(try await rpc(front, token: "late", from: "192.0.2.5").status == 401)
            let lines = refusals()
            #expect(lines.count == 3, "the first, the summary of the interval, the first of the next: \(lines)")
            let summary = lines.count > 1 ? lines[1] : ""
            #expect(summary.contains("refused 69 more requests"), "\(summary)")
            #expect(summary.contains("wrong token on /rpc") && summary.contains("webhook (401 badSignature)"))
            #expect(summary.contains("from 41 addresses") || summary.contains("from 40 addresses"), "\(summary)")
            #expect(!lines.joined().contains(Self.token) && !lines.joined().contains(HTTPFrontHarness.clientSecret))
        }
    }
}
