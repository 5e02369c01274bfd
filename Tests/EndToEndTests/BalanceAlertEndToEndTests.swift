import Foundation
import JSONCore
import TestSupport
import Testing

/// The low-balance alert as a store owner meets it: the real service and the gateway's stand-in, whose balance
/// goes down by each SMS's price. Order SMS take the balance below the store's alert: its admins get one SMS each,
/// and no more while it stays below.
@Suite(.timeLimit(.minutes(3))) struct BalanceAlertEndToEndTests {
    static func event(_ index: Int) -> JSONValue {
        [
            "scope": "store/order/created", "store_id": "1",
            "data": ["type": "order", "id": .number(JSONNumber(index))],
            "hash": .string("alert-\(index)"), "created_at": 1_632_114_489,
        ]
    }

    @Test func sendingBelowTheThresholdTellsTheAdminsOnce() async throws {
        let folder = try Fixtures.temporaryFolder()
        // 1.0000 EUR at 0.05 a part: the alert at 0.80 is crossed after the fifth SMS.
        let system = try await ServiceUnderTest(
            folder: folder, sandboxArguments: ["--balance", "1"], serviceArguments: ["--balance-watch-interval", "0.2"])
        _ = try await system.call(
            "notifications.configure",
            [
                "audience": "admin", "adminNumbers": ["60123456789", "60134567890"],
                "events": ["store/order/created": ["enabled": true, "template": "Order {orders.id} placed"]],
            ])
        let set = try await system.call("account.set", ["lowBalanceAlert": ["below": 0.8, "currency": "EUR"]])
        #expect(set["result"]?["account"]?["lowBalanceAlert"]?["low"] == false, "1.0000 is above: \(set)")
        for index in 1...3 { _ = try await system.call("events.ingest", ["payload": Self.event(index)]) }
        let alerts = { () async throws -> [JSONValue] in
            try await system.sandboxMessages().filter {
                $0.description.contains("SMS balance low")
            }
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while try await alerts().count < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let told = try await alerts()
        #expect(told.count == 2, "one SMS to each admin number: \(told)")
        #expect(told.allSatisfy { $0.description.contains("below your alert at EUR 0.8") }, "\(told)")
        let account = try await system.call("account.get")
        #expect(account["result"]?["lowBalanceAlert"]?["low"] == true, "\(account)")

        // More SMS while it stays below: no second alert.
        for index in 4...5 { _ = try await system.call("events.ingest", ["payload": Self.event(index)]) }
        _ = try await system.waitFor("outbox.status") { $0["counts"]?["queued"] == 0 && $0["counts"]?["sending"] == 0 }
        try await Task.sleep(for: .seconds(1))
        #expect(try await alerts().count == 2, "still below: told once")
        let history = try await system.call("history.query", ["search": "SMS balance low"])
        #expect(history["result"]?["total"] == 2, "the alerts are in the history: \(history)")
        _ = await system.stop()
    }
}
