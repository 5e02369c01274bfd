import Foundation
import JSONRPC
import TestSupport
import Testing

/// Store events to SMS through the real service and the gateway sandbox, as child processes over real
/// sockets and real HTTP.
@Suite(.timeLimit(.minutes(3))) struct EventsEndToEndTests {
    static let seedTemplate =
        "Shipment {shipments.id} created for order {shipments.orderId} created at {shipments.created_at}."
    static let seedText = "Shipment 1 created for order 102 created at 2021-09-20 05:08:09.000Z."

    private let folder: URL

    init() throws {
        folder = try Fixtures.temporaryFolder()
    }

    static func shipmentCreated(hash: String, id: Int = 1) -> JSONValue {
        [
            "scope": "store/shipment/created", "store_id": "1025646",
            "data": ["type": "shipment", "id": .number(JSONNumber(id)), "orderId": 102], "hash": .string(hash),
            "created_at": 1_632_114_489, "producer": "stores/abc123",
        ]
    }

    private func enableAdmins(_ system: ServiceUnderTest, numbers: [String]) async throws {
        let configured = try await system.call(
            "notifications.configure",
            [
                "audience": "admin", "adminNumbers": .array(numbers.map(JSONValue.string)),
                "events": ["store/shipment/created": ["enabled": true, "template": .string(Self.seedTemplate)]],
            ])
        #expect(configured["error"] == nil, "\(configured)")
    }

    @Test func theSeedsExampleReachesTheGatewayOnceWithTheSeedsText() async throws {
        let system = try await ServiceUnderTest(folder: folder)
        try await enableAdmins(system, numbers: ["60123456789"])
        let ingested = try await system.call(
            "events.ingest",
            ["payload": Self.shipmentCreated(hash: "dd70c0976e06b67aaf671e73f49dcb79230ebf9d"), "notify": true])
        #expect(ingested["result"]?["status"] == "accepted")
        let id = try #require(ingested["result"]?["id"])
        // The session that asked is told when its SMS settles.
        let progress = try #require(await system.nextMessage())
        #expect(progress["method"] == "messages.progress")
        #expect(progress["params"]?["state"] == "sent" && progress["params"]?["recipient"] == "60123456789")
        let again = try await system.call(
            "events.ingest", ["payload": Self.shipmentCreated(hash: "dd70c0976e06b67aaf671e73f49dcb79230ebf9d")])
        #expect(again["result"] == ["status": "duplicate", "id": id])

        let recorded = try await system.sandboxMessages()
        #expect(recorded.count == 1, "one SMS, however often the event arrives")
        #expect(recorded.first?["text"]?.stringValue == Self.seedText)
        #expect(recorded.first?["receiver"] == "60123456789" && recorded.first?["sender"] == "MyShop")
        let event = try await system.call("events.get", ["id": id])["result"]
        let message = try #require(event?["messages"]?.arrayValue?.first)
        #expect(message["state"] == "sent" && message["status"] == "Success" && message["response"] == "Message sent")
        #expect(message["msgid"] == recorded.first?["msgid"], "the gateway's msgid is on record")
        #expect(message["message"]?.stringValue == Self.seedText)
        let exits = await system.stop()
        #expect(exits.service == 0 && exits.sandbox == 0)
        let log = await system.service.stderr.all.joined()
        #expect(!log.contains("e2e-secret-0001"))
    }

    @Test func withOneRequestInFiveFailingEveryMessageArrivesOnce() async throws {
        let system = try await ServiceUnderTest(
            folder: folder,
            sandboxArguments: ["--fail-share", "0.2", "--fail-status", "45", "--seed", "7", "--balance", "1000"])
        try await enableAdmins(system, numbers: ["60123456789", "60134567890"])
        let configured = try await system.call(
            "outbox.configure",
            ["ratePerSecond": 500, "retryBaseSeconds": 0.1, "retryMaxSeconds": 1, "maxAttempts": 30])
        #expect(configured["error"] == nil, "\(configured)")
        for index in 0..<50 {
            _ = try await system.call(
                "events.ingest", ["payload": Self.shipmentCreated(hash: "h-\(index)", id: index + 1)])
        }
        let status = try await system.waitFor("outbox.status", seconds: 60) { $0["counts"]?["sent"] == 100 }
        #expect(status["counts"]?["failed"] == 0 && status["counts"]?["queued"] == 0)
        let recorded = try await system.sandboxMessages()
        let pairs = recorded.compactMap { message -> String? in
            guard let text = message["text"]?.stringValue, let to = message["receiver"]?.stringValue else { return nil }
            return text + "→" + to
        }
        #expect(pairs.count == 100 && Set(pairs).count == 100, "every SMS exactly once")
        let stats = try await system.sandboxRequest("GET", "/sandbox/stats").1
        #expect(stats["faults"]?["fail"] != nil && stats["faults"]?["fail"] != 0, "faults were injected: \(stats)")
        _ = await system.stop()
    }

    @Test func aFinalFailureIsRecordedOnceAndNeverRetried() async throws {
        let system = try await ServiceUnderTest(folder: folder)
        try await enableAdmins(system, numbers: ["60123456789"])
        // Every send refused from now on: "invalid destination", a final error.
        let (changed, _) = try await system.sandboxRequest(
            "POST", "/sandbox/faults", body: #"{"failShare": 1, "failStatus": 28}"#)
        #expect(changed == 200)
        let id = try #require(
            try await system.call("events.ingest", ["payload": Self.shipmentCreated(hash: "final")])["result"]?["id"])
        let event = try await system.waitFor("events.get", ["id": id]) {
            $0["messages"]?.arrayValue?.first?["state"] == "failed"
        }
        let row = event["messages"]?.arrayValue?.first
        #expect(row?["attempts"] == 1 && row?["gatewayStatus"] == 28)
        try await Task.sleep(for: .milliseconds(500))
        let stats = try await system.sandboxRequest("GET", "/sandbox/stats").1
        #expect(stats["requests"]?["sms"] == 1, "tried once: \(stats)")
        _ = await system.stop()
    }

    @Test func anEmptyBalanceHoldsTheQueueUntilItIsToppedUp() async throws {
        let system = try await ServiceUnderTest(folder: folder, sandboxArguments: ["--balance", "0"])
        try await enableAdmins(system, numbers: ["60123456789", "60134567890"])
        _ = try await system.call("events.ingest", ["payload": Self.shipmentCreated(hash: "broke")])
        let held = try await system.waitFor("outbox.status") {
            $0["pausedReason"]?.stringValue?.contains("balance") == true && $0["counts"]?["queued"] == 2
        }
        #expect(held["counts"]?["queued"] == 2 && held["counts"]?["failed"] == 0, "held, not failed: \(held)")
        let (topUp, _) = try await system.sandboxRequest("POST", "/sandbox/balance", body: #"{"value": 5}"#)
        #expect(topUp == 200)
        _ = try await system.call("outbox.resume")
        let drained = try await system.waitFor("outbox.status") { $0["counts"]?["sent"] == 2 }
        #expect(drained["paused"] == false)
        #expect(try await system.sandboxMessages().count == 2)
        _ = await system.stop()
    }
}
