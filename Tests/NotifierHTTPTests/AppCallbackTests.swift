import Foundation
import GRDB
import HTTPClient
import JWTKit
import Notifier
import NotifierRPC
import TestSupport
import Testing

/// The BigCommerce app's signed callbacks over real HTTP: load opens the console for that store and user in
/// a page session bound to the store; uninstall and remove_user end what they should; every refusal is a
/// page or answer that tells nothing an attacker could use, logged without the payload.
@Suite struct AppCallbackTests {
    static let clientID = "app-client-id-test"
    static let clientSecret = "app-client-secret-for-the-callback-tests-0123"

    /// BigCommerce's claims, every one replaceable.
    struct Claims: JWTPayload {
        struct User: Codable {
            var id: Int64
            var email: String
        }

        var aud = AppCallbackTests.clientID
        var iss = "bc"
        var iat = Int(Date().timeIntervalSince1970) - 5
        var nbf = Int(Date().timeIntervalSince1970) - 5
        var exp = Int(Date().timeIntervalSince1970) + 86_395
        var jti: String? = UUID().uuidString
        var sub = "stores/abc123"
        var user = User(id: 42, email: "merchant@example.com")
        var owner = User(id: 7, email: "owner@example.com")
        var url = "/"

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func sign(_ claims: Claims = Claims(), secret: String = clientSecret) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        return try await keys.sign(claims)
    }

    /// A front with the app set and two installed stores (`abc123` is store 1, `def456` store 2).
    static func withTwoStores(
        log: CapturingLogHandler? = nil, clock: ServiceClock = .continuous,
        _ body: (HTTPFrontHarness, StoreID, StoreID) async throws -> Void
    ) async throws {
        try await HTTPFrontHarness.with(token: "operator-token-0123456789abcdef", clock: clock, log: log) { front in
            var app = AppUpdate()
            app.clientID = .set(clientID)
            app.clientSecret = .set(clientSecret)
            _ = try await front.services.stores.updateApp(app)
            let (first, _) = try await front.services.stores.install(
                .init(storeHash: "abc123", accessToken: "t1", scopes: "s"))
            let (second, _) = try await front.services.stores.install(
                .init(storeHash: "def456", accessToken: "t2", scopes: "s"))
            try await body(front, first, second)
        }
    }

    /// The page session's token written into a console page.
    static func pageSession(_ response: HTTPResponse) -> String? {
        let page = String(decoding: response.body, as: UTF8.self)
        guard let start = page.range(of: #"<meta name="console-session" content=""#) else { return nil }
        return String(page[start.upperBound...].prefix { $0 != "\"" })
    }

    /// `method` over /rpc as the console's page does it: its bearer, its origin, `X-Console`.
    static func consoleCall(
        _ front: HTTPFrontHarness, session: String, _ method: String, _ params: String = "{}",
        origin: String? = nil, console: Bool = true
    ) async throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"), ("Authorization", "Bearer \(session)"),
            ("Origin", origin ?? "http://127.0.0.1:\(front.port)"),
        ]
        if console { headers.append(("X-Console", "1")) }
        return try await front.request(
            .post, "/rpc", headers: headers,
            body: Array(#"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":\#(params)}"#.utf8))
    }

    @Test func loadOpensTheConsoleForThatStoreAndItsSessionSeesThatStoreOnly() async throws {
        try await Self.withTwoStores { front, first, second in
            let load = try await front.request(
                .get, "/bigcommerce/load?signed_payload_jwt=\(try await Self.sign(Claims(sub: "stores/def456")))")
            #expect(load.status == 200)
            let csp = try #require(load.headers.first { $0.name == "content-security-policy" }?.value)
            #expect(csp.contains("frame-ancestors https://store-def456.mybigcommerce.com https://*.bigcommerce.com"))
            #expect(!load.headers.contains { $0.name == "x-frame-options" }, "the control panel frames it")
            #expect(!load.headers.contains { $0.name == "set-cookie" }, "no cookie: the iframe would not send it")
            let session = try #require(Self.pageSession(load))
            #expect(session.hasPrefix("mncs_"))

            let store = try await Self.consoleCall(front, session: session, "store.get")
            #expect(store.json?["result"]?["storeHash"] == "def456")
            let other = try await Self.consoleCall(
                front, session: session, "store.get", #"{"store": \#(first.rawValue)}"#)
            #expect(other.json?["error"]?["code"] == 1005, "another store is NotFound")
            let operatorOnly = try await Self.consoleCall(front, session: session, "stores.list")
            #expect(operatorOnly.json?["error"]?["code"] == 1010)
            #expect(second.rawValue == 2)

            // Only the console's own page may use it.
            let withoutConsole = try await Self.consoleCall(front, session: session, "store.get", console: false)
            #expect(withoutConsole.status == 401)
            let elsewhere = try await Self.consoleCall(
                front, session: session, "store.get", origin: "https://evil.example")
            #expect(elsewhere.status == 401)
            let made = try await Self.consoleCall(
                front, session: "mncs_" + String(repeating: "0", count: 64), "store.get")
            #expect(made.status == 401 && made.json?["error"]?["code"] == "sessionEnded")
        }
    }

    @Test func aLoadLinkOpensTheConsoleOnce() async throws {
        try await Self.withTwoStores { front, _, _ in
            let path = "/bigcommerce/load?signed_payload_jwt=\(try await Self.sign())"
            #expect(try await front.request(.get, path).status == 200)
            let again = try await front.request(.get, path)
            #expect(again.status == 401)
            #expect(Self.pageSession(again) == nil)
        }
    }

    @Test(arguments: ["signature", "audience", "expired", "notBefore", "unknownStore", "uninstalled", "none"])
    func aRefusedLoadOpensNothingAndSaysNothingOfWhy(case refusal: String) async throws {
        let log = CapturingLogHandler()
        try await Self.withTwoStores(log: log) { front, _, _ in
            var claims = Claims()
            var secret = Self.clientSecret
            let now = Int(Date().timeIntervalSince1970)
            switch refusal {
            case "signature": secret = "another-secret-of-enough-length-0123456789"
            case "audience": claims.aud = "another-app"
            case "expired": claims.exp = now - 3600
            case "notBefore": claims.nbf = now + 3600
            case "unknownStore": claims.sub = "stores/zzz999"
            case "uninstalled": _ = try await front.services.stores.uninstall(hash: "abc123")
            default: break
            }
            let token = refusal == "none" ? "" : try await Self.sign(claims, secret: secret)
            let answer = try await front.request(.get, "/bigcommerce/load?signed_payload_jwt=\(token)")
            #expect(answer.status == (refusal == "none" ? 400 : 401))
            #expect(Self.pageSession(answer) == nil)
            let page = String(decoding: answer.body, as: UTF8.self)
            #expect(page.contains("open the app again from your store") || page.contains("not one BigCommerce makes"))
            for word in ["signature", "audience", "aud", "exp", "nbf", "zzz999", "uninstalled"] {
                #expect(!page.contains(word), "the page says \(word)")
            }
            let logged = log.messages.withLock { $0.joined(separator: "\n") }
            if !token.isEmpty { #expect(!logged.contains(token), "the payload is never logged") }
            #expect(logged.contains("BigCommerce load callback"), "the refusal is logged")
        }
    }

    @Test func uninstallEndsTheStoresSessionsCancelsItsSMSAndRefusesItsWebhooks() async throws {
        try await Self.withTwoStores { front, first, second in
            let firstSession = try #require(
                Self.pageSession(
                    try await front.request(.get, "/bigcommerce/load?signed_payload_jwt=\(try await Self.sign())")))
            let secondSession = try #require(
                Self.pageSession(
                    try await front.request(
                        .get,
                        "/bigcommerce/load?signed_payload_jwt=\(try await Self.sign(Claims(sub: "stores/def456")))")))
            try await front.services.database.writer.write { db in
                for store in [first, second] {
                    try db.execute(
                        sql: """
                            INSERT INTO messages (store, origin, event_type, text, recipient, encoding, parts, state,
                                next_attempt_at, created_at, updated_at)
                            VALUES (?, 'broadcast', 'SMS Broadcast', 'x', '+60123456789', 'GSM-7', 1, 'queued', ?, ?, ?)
                            """, arguments: [store.rawValue, Date().addingTimeInterval(3600), Date(), Date()])
                }
            }
            let refused = try await front.request(
                .get,
                "/bigcommerce/uninstall?signed_payload_jwt=\(try await Self.sign(secret: "wrong-secret-of-enough-length-01234567"))"
            )
            #expect(refused.status == 401)
            #expect(try await front.services.stores.route(first)?.state == .active, "nothing done on a refusal")

            let uninstall = try await front.request(
                .get, "/bigcommerce/uninstall?signed_payload_jwt=\(try await Self.sign())")
            #expect(uninstall.status == 200)
            #expect(uninstall.json?["cancelledMessages"] == 1)
            #expect(try await front.services.stores.route(first)?.state == .uninstalled)
            let states = try await front.services.database.writer.read { db in
                try Row.fetchAll(db, sql: "SELECT store, state FROM messages ORDER BY store").map {
                    "\($0["store"] as Int64):\($0["state"] as String)"
                }
            }
            #expect(states == ["1:cancelled", "2:queued"])
            let token = try await front.services.database.writer.read { db in
                try String.fetchOne(
                    db, sql: "SELECT access_token FROM stores WHERE id = ?", arguments: [first.rawValue])
            }
            #expect(token == nil, "the store's token is erased at once")
            #expect(try await Self.consoleCall(front, session: firstSession, "store.get").status == 401)
            #expect(try await Self.consoleCall(front, session: secondSession, "store.get").status == 200)
            let body = HTTPFrontHarness.webhookBody(hash: "after-uninstall", producer: "stores/abc123")
            let webhook = try await front.request(
                .post, "/webhooks/bigcommerce", headers: HTTPFrontHarness.signedHeaders(body), body: body)
            #expect(webhook.status == 403)
        }
    }

    @Test func removeUserEndsThatUsersSessionsOnly() async throws {
        try await Self.withTwoStores { front, _, _ in
            func open(_ user: Int64) async throws -> String {
                var claims = Claims()
                claims.user = .init(id: user, email: "u\(user)@example.com")
                return try #require(
                    Self.pageSession(
                        try await front.request(
                            .get, "/bigcommerce/load?signed_payload_jwt=\(try await Self.sign(claims))")
                    ))
            }
            let removed = try await open(42)
            let kept = try await open(43)
            var claims = Claims()
            claims.user = .init(id: 42, email: "u42@example.com")
            let answer = try await front.request(
                .get, "/bigcommerce/remove_user?signed_payload_jwt=\(try await Self.sign(claims))")
            #expect(answer.status == 200 && answer.json?["sessionsEnded"] == 1)
            #expect(try await Self.consoleCall(front, session: removed, "store.get").status == 401)
            #expect(try await Self.consoleCall(front, session: kept, "store.get").status == 200)
        }
    }

    @Test func anUninstallOrRemoveUserPayloadIsTakenOnceAndOnlyForTheCurrentInstall() async throws {
        try await Self.withTwoStores { front, first, _ in
            let removal = try await Self.sign()
            #expect(
                try await front.request(.get, "/bigcommerce/remove_user?signed_payload_jwt=\(removal)").status == 200)
            #expect(
                try await front.request(.get, "/bigcommerce/remove_user?signed_payload_jwt=\(removal)").status == 401)
            // Signed before the store's current install (a payload replayed from an old log): refused.
            var old = Claims()
            old.nbf = Int(Date().timeIntervalSince1970) - 3600
            old.iat = old.nbf
            let stale = try await front.request(
                .get, "/bigcommerce/uninstall?signed_payload_jwt=\(try await Self.sign(old))")
            #expect(stale.status == 401)
            #expect(try await front.services.stores.route(first)?.state == .active)
            let uninstall = try await Self.sign()
            #expect(
                try await front.request(.get, "/bigcommerce/uninstall?signed_payload_jwt=\(uninstall)").status == 200)
            // Re-installed, then the same uninstall presented again: refused, the store stays installed.
            _ = try await front.services.stores.install(.init(storeHash: "abc123", accessToken: "t3", scopes: "s"))
            #expect(
                try await front.request(.get, "/bigcommerce/uninstall?signed_payload_jwt=\(uninstall)").status == 401)
            #expect(try await front.services.stores.route(first)?.state == .active)
            var withoutID = Claims()
            withoutID.jti = nil
            let anonymous = try await front.request(
                .get, "/bigcommerce/load?signed_payload_jwt=\(try await Self.sign(withoutID))")
            #expect(anonymous.status == 401 && Self.pageSession(anonymous) == nil, "a payload without jti")
        }
    }

    @Test func aPageSessionEndsWhenItsStoreIsErasedAndTheIdGoesToAnotherInstall() async throws {
        try await Self.withTwoStores { front, first, _ in
            let session = try #require(
                Self.pageSession(
                    try await front.request(.get, "/bigcommerce/load?signed_payload_jwt=\(try await Self.sign())")))
            #expect(try await Self.consoleCall(front, session: session, "store.get").status == 200)
            #expect(try await front.services.stores.erase(first))
            let (taken, _) = try await front.services.stores.install(
                .init(storeHash: "zzz000", accessToken: "t9", scopes: "s"))
            #expect(taken == first, "the emptied first store goes to the next install")
            let after = try await Self.consoleCall(front, session: session, "store.get")
            #expect(after.status == 401, "the session was for the erased store, not for the new one")
        }
    }

    @Test func refusedCallbacksFromOneAddressAreHeldBack() async throws {
        // The front's clock stands still, so that a slow machine's requests do not refill the allowance.
        let clock = ManualClock()
        try await Self.withTwoStores(clock: clock.serviceClock) { front, _, _ in
            let forged = try await Self.sign(secret: "another-secret-of-enough-length-0123456789")
            var statuses: [Int] = []
            for _ in 0..<12 {
                statuses.append(
                    try await front.request(.get, "/bigcommerce/load?signed_payload_jwt=\(forged)").status)
            }
            #expect(statuses.prefix(10).allSatisfy { $0 == 401 })
            #expect(statuses.suffix(2).allSatisfy { $0 == 429 }, "\(statuses)")
        }
    }

    @Test func withoutTheAppsCredentialsCallbacksAreRefused() async throws {
        try await HTTPFrontHarness.with { front in
            let answer = try await front.request(.get, "/bigcommerce/load?signed_payload_jwt=\(try await Self.sign())")
            #expect(answer.status == 503)
            #expect(Self.pageSession(answer) == nil)
            let install = try await front.request(.get, "/bigcommerce/auth?code=c&scope=s&context=stores%2Fabc123")
            #expect(install.status == 503)
            #expect(try await front.services.stores.route(hash: "abc123") == nil, "nothing stored")
        }
    }
}
