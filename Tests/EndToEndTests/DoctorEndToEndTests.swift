import Foundation
import JSONCore
import TestSupport
import Testing

/// `mocean-notify doctor` as an operator runs it, beside a running service: the real binary, the sandbox as the
/// gateway and the store, the service's HTTP front as the public URL. All right, it exits 0; a deactivated
/// webhook, refused credentials or no database make it exit 1 naming the store, what is wrong and the fix.
@Suite(.timeLimit(.minutes(3))) struct DoctorEndToEndTests {
    private let folder: URL

    init() throws {
        folder = try Fixtures.temporaryFolder()
    }

    private func doctor(_ arguments: [String]) throws -> (Int32, JSONValue) {
        let (status, output) = try ChildProcess.runCapturingOutput(
            ServerProcess.executableURL.path, ["doctor", "--json"] + arguments)
        return (status, (try? JSONParser.parse(Array(output.utf8))) ?? .string(output))
    }

    private static func findings(_ report: JSONValue, _ level: String) -> [JSONValue] {
        (report["findings"]?.arrayValue ?? []).filter { $0["level"] == .string(level) }
    }

    @Test func aHealthyServiceIsAllRightAndEachFaultIsNamedWithItsFix() async throws {
        let port = try HTTPFrontEndToEndTests.freePort()
        let front = "http://127.0.0.1:\(port)"
        let system = try await ServiceUnderTest(
            folder: folder, serviceArguments: ["--http", "127.0.0.1:\(port)", "--public-url", front])
        let store = try await system.call(
            "store.set",
            [
                "storeHash": "sandbox", "accessToken": "sandbox-store-token",
                "apiUrl": .string("http://127.0.0.1:\(system.sandboxPort)"),
            ])
        #expect(store["result"]?["credentials"]?["status"] == "valid", "\(store)")
        _ = try await system.call("store.registerWebhooks")
        let arguments = ["--database", system.databasePath, "--public-url", front]

        var (status, report) = try doctor(arguments)
        #expect(status == 0, "\(report)")
        #expect(Self.findings(report, "problem").isEmpty, "\(report)")
        let warnings = Self.findings(report, "warning")
        #expect(
            warnings.contains {
                $0["subject"] == "configuration" && $0["message"]?.stringValue?.contains("no token") == true
            },
            "a public URL without a token is said: \(warnings)")
        let oks = Self.findings(report, "ok").compactMap { $0["message"]?.stringValue }
        for expected in [
            "integrity check: ok", "answers as this service does", "balance EUR 6.4448", "takes its access token",
            "nine webhooks are active",
        ] {
            #expect(oks.contains { $0.contains(expected) }, "\(expected) in \(oks)")
        }

        // The store deactivates a hook after failed deliveries: a problem, with the call that mends it.
        let (code, hooks) = try await ServiceUnderTest.httpRequest(
            port: system.sandboxPort, "GET", "/stores/sandbox/v3/hooks",
            headers: [("X-Auth-Token", "sandbox-store-token")])
        let hook = try #require(
            hooks["data"]?.arrayValue?.first { $0["scope"] == "store/order/created" }?["id"]?.description,
            "\(code) \(hooks)")
        let (changed, _) = try await ServiceUnderTest.httpRequest(
            port: system.sandboxPort, "PUT", "/stores/sandbox/v3/hooks/\(hook)",
            headers: [("X-Auth-Token", "sandbox-store-token")], body: #"{"is_active": false}"#)
        #expect(changed == 200)
        (status, report) = try doctor(arguments)
        #expect(status == 1)
        let problems = Self.findings(report, "problem")
        #expect(problems.count == 1, "\(report)")
        #expect(problems.first?["subject"] == "store 1 (sandbox)")
        #expect(problems.first?["message"]?.stringValue?.contains("deactivated") == true)
        #expect(problems.first?["message"]?.stringValue?.contains("store/order/created") == true)
        #expect(problems.first?["fix"]?.stringValue?.contains("store.registerWebhooks") == true)
        _ = try await system.call("store.registerWebhooks")
        #expect(try doctor(arguments).0 == 0, "mended")

        // Credentials the gateway refuses, and a public URL nobody answers at.
        _ = try await system.call("account.set", ["apiKey": "e2e-key", "apiSecret": "not-the-secret"])
        (status, report) = try doctor(["--database", system.databasePath, "--public-url", "http://127.0.0.1:9"])
        #expect(status == 1)
        let messages = Self.findings(report, "problem").compactMap { $0["message"]?.stringValue }
        #expect(messages.contains { $0.contains("the gateway refuses its credentials") }, "\(messages)")
        #expect(messages.contains { $0.contains("cannot be reached") }, "\(messages)")
        #expect(!report.description.contains("not-the-secret"), "no secret in the report")
        #expect(!report.description.contains("sandbox-store-token"), "no token in the report")
        _ = await system.stop()

        // No database where it is said to be: a problem, and no file made.
        let missing = folder.appendingPathComponent("missing.sqlite").path
        (status, report) = try doctor(["--database", missing])
        #expect(status == 1 && Self.findings(report, "problem").first?["subject"] == "database", "\(report)")
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
