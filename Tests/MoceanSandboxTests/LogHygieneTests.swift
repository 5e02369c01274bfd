import Logging
import MoceanSandbox
import TestSupport
import Testing

/// What the sandbox logs while apps are installed, loaded and uninstalled: never a token, secret, code or
/// signed payload.
@Suite(.timeLimit(.minutes(1))) struct LogHygieneTests {
    @Test func noCredentialReachesTheLog() async throws {
        let handler = CapturingLogHandler()
        let logger = Logger(label: "sandbox-log-hygiene") { _ in LevelledCapture(target: handler) }
        try await Sandbox.run(Sandbox.configuration(), logger: logger) { sandbox in
            try await AppStandIn.run(sandboxPort: sandbox.port) { app in
                try await app.register(with: sandbox)
                let installed = try await AppInstallTests.install(sandbox, store: "shop1")
                let code = try #require(installed["code"]?.stringValue)
                let token = try #require(await app.log.latestToken)
                _ = try await AppInstallTests.exchange(
                    sandbox, AppInstallTests.exchangeFields(app, code: code, store: "shop1"))
                let load = try await sandbox.request("POST", "/sandbox/apps/load", body: #"{"store": "shop1"}"#)
                let loadJWT = try #require(try load.json()["jwt"]?.stringValue)
                _ = try await sandbox.request("GET", "/sandbox/apps/panel?store=shop1")
                _ = try await sandbox.request(
                    "POST", "/sandbox/apps/remove_user",
                    body: #"{"store": "shop1", "user": {"id": 9, "email": "gone@shop1.example"}}"#)
                _ = try await sandbox.request("POST", "/sandbox/apps/uninstall", body: #"{"store": "shop1"}"#)
                _ = try await sandbox.request(
                    "POST", "/sandbox/accounts", body: #"{"apiKey": "k2", "apiSecret": "account-s3cret"}"#)
                let signedPayloads = await app.log.callbacks.compactMap { $0.query["signed_payload_jwt"] }
                #expect(signedPayloads.count == 2)

                let messages = handler.messages.withLock { $0 }
                #expect(messages.contains { $0.contains("shop1") }, "the flow was logged")
                let secrets = [AppStandIn.clientSecret, code, token, loadJWT, "account-s3cret"] + signedPayloads
                for secret in secrets {
                    #expect(!messages.contains { $0.contains(secret) }, "\(secret.prefix(6))… reached the log")
                }
                // Tokens and codes are long random text: no part of one long enough to identify it either.
                for secret in [code, token] {
                    let fragment = String(secret.prefix(12))
                    #expect(!messages.contains { $0.contains(fragment) })
                }
            }
        }
    }
}

/// A log handler of its own level that hands every message it lets through to a ``CapturingLogHandler``: the
/// sandbox quiets a copy of its logger for Hummingbird, which would quiet a shared class handler too.
private struct LevelledCapture: LogHandler {
    let target: CapturingLogHandler
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Hands the event to the capturing handler.
    func log(event: LogEvent) {
        target.log(event: event)
    }
}
