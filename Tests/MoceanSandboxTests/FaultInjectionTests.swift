import Foundation
import MoceanSandbox
import Synchronization
import Testing

/// Latency, gateway errors, HTTP errors and dropped connections, set at start or while running.
@Suite(.timeLimit(.minutes(1))) struct FaultInjectionTests {
    @Test func latencyDelaysTheAnswerWithoutHoldingUpOthers() async throws {
        try await Sandbox.run(Sandbox.configuration(faults: FaultSettings(latencyMilliseconds: 2000))) { sandbox in
            let start = ContinuousClock.now
            let slowDone = Mutex(false)
            let slow = Task {
                defer { slowDone.withLock { $0 = true } }
                return try await sandbox.get("/rest/2/account/balance")
            }
            try await Task.sleep(for: .milliseconds(50))
            // The sandbox's own paths carry no latency, and they are served meanwhile: the answer comes while
            // the delayed request is still waiting. (Order, not wall time: the machine may be busy.)
            #expect(try await sandbox.request("GET", "/sandbox/stats").status == 200)
            #expect(slowDone.withLock { !$0 }, "the delayed request held up another one")
            #expect(try await slow.value.status == 200)
            #expect(ContinuousClock.now - start >= .milliseconds(2000), "the latency was applied")
            let stats = try await sandbox.request("GET", "/sandbox/stats").json()
            #expect(stats["faults"]?["latency"] == 1)
        }
    }

    @Test func aFailShareOfOneAnswersEveryRequestWithTheGatewayError() async throws {
        let faults = FaultSettings(failShare: 1, failStatus: 32)
        try await Sandbox.run(Sandbox.configuration(faults: faults)) { sandbox in
            let send = try await sandbox.sendSMS([
                ("mocean-from", "Shop"), ("mocean-to", "60123456789"), ("mocean-text", "Hi"),
            ])
            #expect(send.status == 429)
            #expect(try send.json() == ["status": 32, "err_msg": "Throttled"])
            let balance = try await sandbox.get("/rest/2/account/balance")
            #expect(balance.status == 429)
            #expect(try await sandbox.messages() == [], "a failed send records nothing")
            #expect(try await sandbox.request("GET", "/sandbox/faults").status == 200, "own paths carry no faults")
        }
    }

    @Test(arguments: [(45, 500, "System error"), (2, 400, "Insufficient balance"), (40, 503, "Down for maintenance")])
    func eachGatewayErrorComesWithItsHTTPStatus(status: Int, http: Int, text: String) async throws {
        let faults = FaultSettings(failShare: 1, failStatus: status)
        try await Sandbox.run(Sandbox.configuration(faults: faults)) { sandbox in
            let response = try await sandbox.get("/rest/2/account/pricing")
            #expect(response.status == http)
            #expect(try response.json() == ["status": .number(Double(status)), "err_msg": .string(text)])
        }
    }

    @Test func anHTTPErrorShareOfOneAnswersWithTheBareHTTPError() async throws {
        try await Sandbox.run(Sandbox.configuration(faults: FaultSettings(httpErrorShare: 1))) { sandbox in
            let response = try await sandbox.sendSMS([
                ("mocean-from", "Shop"), ("mocean-to", "60123456789"), ("mocean-text", "Hi"),
            ])
            #expect(response.status == 503)
            #expect(response.text == "Service Unavailable")
            #expect(response.headers["content-type"]?.hasPrefix("text/plain") == true)
        }
    }

    @Test func aDropShareOfOneClosesTheConnectionWithoutAnAnswer() async throws {
        try await Sandbox.run(Sandbox.configuration(faults: FaultSettings(dropShare: 1))) { sandbox in
            let connection = try HTTPTestConnection(port: sandbox.port)
            let target = "/rest/2/account/balance?" + encodeForm(Sandbox.credentials())
            #expect(try await connection.send("GET", target) == nil)
            let stats = try await sandbox.request("GET", "/sandbox/stats").json()
            #expect(stats["faults"]?["drop"] == 1)
            #expect(stats["requests"]?["balance"] == 1)
        }
    }

    @Test func faultsChangeWhileRunning() async throws {
        try await Sandbox.run { sandbox in
            let initial = try await sandbox.request("GET", "/sandbox/faults").json()
            #expect(
                initial == [
                    "latencyMs": 0, "failShare": 0, "failStatus": 45, "httpErrorShare": 0, "httpErrorCode": 503,
                    "dropShare": 0,
                ])
            let changed = try await sandbox.request(
                "POST", "/sandbox/faults", headers: [("Content-Type", "application/json")],
                body: #"{"failShare": 1, "failStatus": 32}"#)
            #expect(changed.status == 200)
            #expect(try changed.json()["failStatus"] == 32)
            #expect(try await sandbox.get("/rest/2/account/balance").status == 429)
            #expect(try await sandbox.request("GET", "/sandbox/faults").json()["failShare"] == 1)
            for body in [
                #"{"failShare": 1.5}"#, #"{"failStatus": 0}"#, #"{"httpErrorCode": 302}"#, #"{"latencyMs": -1}"#,
                #"{"nope": 1}"#, #"{"failShare": "half"}"#, "not json",
            ] {
                let refused = try await sandbox.request("POST", "/sandbox/faults", body: body)
                #expect(refused.status == 400, "\(body)")
                #expect(try refused.json()["error"]?.stringValue?.isEmpty == false, "\(body)")
            }
            _ = try await sandbox.request("POST", "/sandbox/faults", body: #"{"failShare": 0}"#)
            #expect(try await sandbox.get("/rest/2/account/balance").status == 200)
            let stats = try await sandbox.request("GET", "/sandbox/stats").json()
            #expect(stats["faults"]?["fail"] == 1)
            #expect(stats["requests"]?["balance"] == 2)
        }
    }

    @Test func theSameSeedGivesTheSameFaults() async throws {
        let faults = FaultSettings(failShare: 0.5, failStatus: 45)
        let first = try await Self.statuses(Sandbox.configuration(faults: faults, seed: 42), count: 40)
        let again = try await Self.statuses(Sandbox.configuration(faults: faults, seed: 42), count: 40)
        #expect(first == again)
        #expect(first.contains(500) && first.contains(200), "\(first)")
        let other = try await Self.statuses(Sandbox.configuration(faults: faults, seed: 43), count: 40)
        #expect(other != first)
    }

    private static func statuses(_ configuration: SandboxConfiguration, count: Int) async throws -> [Int] {
        let collected = Collected()
        try await Sandbox.run(configuration) { sandbox in
            for _ in 0..<count {
                await collected.append(try await sandbox.get("/rest/2/account/balance").status)
            }
        }
        return await collected.values
    }
}

private actor Collected {
    var values: [Int] = []
    func append(_ value: Int) { values.append(value) }
}
