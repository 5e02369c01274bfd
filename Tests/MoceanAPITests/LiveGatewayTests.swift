import Foundation
import HTTPClient
import MoceanAPI
import MoceanSandbox
import Testing

/// The client over real HTTP on loopback: libcurl talking to the sandbox.
@Suite(.timeLimit(.minutes(1))) struct LiveGatewayTests {
    let http = CurlHTTPClient()

    @Test func sendsAndTheSandboxRecordsExactlyWhatWasSent() async throws {
        try await withSandbox { baseURL, sandbox in
            let client = sandboxClient(baseURL, http: http)
            let text = "Order #102 shipped: tracking 1Z999 — thank you! €5 & ünïcödé"
            let receipts = try await client.send(
                SMSMessage(from: "MyShop", to: ["60123456789", "0123"], text: text, deliveryReportURL: nil))
            #expect(receipts.count == 2)
            #expect(receipts[0].receiver == "60123456789")
            #expect((try? receipts[0].outcome.get())?.hasPrefix("CPASS_restapi_") == true)
            guard case .failure(let refused) = receipts[1].outcome else {
                Issue.record("0123 should be refused")
                return
            }
            #expect(refused.kind == .invalidDestination && refused.gatewayStatus == 28)
            let recorded = await sandbox.recordedMessages()
            #expect(recorded.count == 1)
            #expect(recorded.first?.text == text && recorded.first?.sender == "MyShop")
            #expect(recorded.first?.medium == "mocean-notify")
        }
    }

    @Test func bothAuthenticationFormsWorkAndWrongCredentialsAreRefusedInTheGatewaysWords() async throws {
        let credentials = SandboxConfiguration.Credentials(apiKey: "k", apiSecret: "s", apiToken: "token-123")
        try await withSandbox(SandboxConfiguration(credentials: credentials, balance: 6.4448, seed: 1)) { baseURL, _ in
            let byToken = try await sandboxClient(baseURL, http: http, credentials: .token("token-123")).balance()
            #expect(byToken.literal == "6.4448")
            let byKey = try await sandboxClient(baseURL, http: http, credentials: .keyAndSecret(key: "k", secret: "s"))
                .balance()
            #expect(byKey.literal == "6.4448")
            let wrong = sandboxClient(baseURL, http: http, credentials: .keyAndSecret(key: "k", secret: "nope"))
            let error = await #expect(throws: MoceanError.self) { try await wrong.balance() }
            #expect(error?.kind == .authorization && error?.message == "Authorization failed")
            #expect(error?.isTransient == false)
            let pricing = try await sandboxClient(baseURL, http: http, credentials: .token("token-123")).pricing()
            #expect(pricing.first?.currency == "EUR")
        }
    }

    @Test func manyRequestsAreInFlightAtOnce() async throws {
        // 32 requests of 400 ms each: one at a time they would take 12.8 s (the bound leaves room for a loaded
        // machine and still proves they overlap).
        let slow = SandboxConfiguration(faults: FaultSettings(latencyMilliseconds: 400), seed: 2)
        try await withSandbox(slow) { baseURL, _ in
            // A generous timeout: the total is what is judged.
            let client = sandboxClient(baseURL, http: http, timeout: .seconds(60))
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<32 { group.addTask { _ = try await client.balance() } }
                try await group.waitForAll()
            }
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func injectedFaultsBecomeTypedErrors() async throws {
        let throttled = SandboxConfiguration(faults: FaultSettings(failShare: 1, failStatus: 32), seed: 3)
        try await withSandbox(throttled) { baseURL, _ in
            let error = await #expect(throws: MoceanError.self) {
                try await sandboxClient(baseURL, http: http).balance()
            }
            #expect(error?.kind == .throttled && error?.isTransient == true)
        }
        let down = SandboxConfiguration(faults: FaultSettings(httpErrorShare: 1, httpErrorCode: 503), seed: 4)
        try await withSandbox(down) { baseURL, _ in
            let error = await #expect(throws: MoceanError.self) {
                try await sandboxClient(baseURL, http: http).balance()
            }
            #expect(error?.kind == .gatewayDown && error?.httpStatus == 503)
        }
        let dropped = SandboxConfiguration(faults: FaultSettings(dropShare: 1), seed: 5)
        try await withSandbox(dropped) { baseURL, _ in
            let error = await #expect(throws: MoceanError.self) {
                try await sandboxClient(baseURL, http: http).balance()
            }
            #expect(error?.kind == .network && error?.isTransient == true)
        }
    }

    @Test func aCancelledCallStopsWaiting() async throws {
        // The answer would take 15 s: a call that ends within 10 s (room for a loaded machine) was cancelled.
        let slow = SandboxConfiguration(faults: FaultSettings(latencyMilliseconds: 15_000), seed: 6)
        try await withSandbox(slow) { baseURL, _ in
            // A generous timeout: the total is what is judged.
            let client = sandboxClient(baseURL, http: http, timeout: .seconds(60))
            let started = ContinuousClock.now
            let call = Task { try await client.balance() }
            try await Task.sleep(for: .milliseconds(200))
            call.cancel()
            let error = await #expect(throws: MoceanError.self) { try await call.value }
            #expect(error?.kind == .cancelled && error?.isTransient == false)
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }
}
