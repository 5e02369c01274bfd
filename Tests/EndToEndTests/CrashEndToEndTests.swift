import Foundation
import JSONRPC
import TestSupport
import Testing

/// kill -9 while events arrive and SMS go out: no acknowledged event is lost, no SMS is sent twice, and the
/// database and the gateway's record agree message by message.
@Suite(.timeLimit(.minutes(3))) struct CrashEndToEndTests {
    private let folder: URL

    init() throws {
        folder = try Fixtures.temporaryFolder()
    }

    static func event(_ index: Int) -> JSONValue {
        [
            "scope": "store/order/created", "store_id": "1",
            "data": ["type": "order", "id": .number(JSONNumber(index))],
            "hash": .string("crash-\(index)"), "created_at": 1_632_114_489,
        ]
    }

    @Test(arguments: [1, 2, 3])
    func killedMidStreamThenRestartedItLosesNothingAndSendsNothingTwice(round: Int) async throws {
        let system = try await ServiceUnderTest(
            folder: folder.appendingPathComponent("round-\(round)"),
            sandboxArguments: ["--latency-ms", "20", "--balance", "1000"])
        _ = try await system.call(
            "notifications.configure",
            [
                "audience": "admin", "adminNumbers": ["60123456789", "60134567890"],
                "events": ["store/order/created": ["enabled": true, "template": "Order {orders.id} placed"]],
            ])
        _ = try await system.call("outbox.configure", ["ratePerSecond": 2000, "concurrency": 16])
        let total = 150
        let killAt = 40 + round * 25
        var acknowledged: [Int: JSONValue] = [:]
        for index in 1...total {
            if index == killAt {
                // Events are arriving and SMS are in flight to a gateway that answers in 20 ms.
                try await system.killAndRestartService()
            }
            let answer = try await system.call("events.ingest", ["payload": Self.event(index)])
            acknowledged[index] = try #require(answer["result"]?["id"], "\(answer)")
        }
        _ = try await system.waitFor("outbox.status", seconds: 60) { status in
            status["counts"]?["queued"] == 0 && status["counts"]?["sending"] == 0
        }
        // Every acknowledged event is stored and produced its two rows.
        var rows: [JSONValue] = []
        for index in 1...total {
            let event = try await system.call("events.get", ["id": try #require(acknowledged[index])])["result"]
            #expect(event?["state"] == "processed", "event \(index)")
            let messages = event?["messages"]?.arrayValue ?? []
            #expect(messages.count == 2, "event \(index) has \(messages.count) rows")
            rows += messages
        }
        // Message by message: the gateway has each sent row once, and nothing it has is unaccounted for.
        let recorded = try await system.sandboxMessages()
        var byKey: [String: [JSONValue]] = [:]
        for message in recorded {
            let key = (message["text"]?.stringValue ?? "") + "→" + (message["receiver"]?.stringValue ?? "")
            byKey[key, default: []].append(message)
        }
        #expect(byKey.values.allSatisfy { $0.count == 1 }, "no SMS twice")
        var unknown = 0
        for row in rows {
            let key = (row["message"]?.stringValue ?? "") + "→" + (row["recipient"]?.stringValue ?? "")
            switch row["state"]?.stringValue {
            case "sent"?:
                #expect(byKey[key]?.first?["msgid"] == row["msgid"], "sent row \(key) is the gateway's")
            case "unknown"?:
                // Sending when the service died: at most once at the gateway, never resent.
                unknown += 1
                #expect((byKey[key]?.count ?? 0) <= 1)
            default:
                Issue.record("row \(key) ended \(row["state"] ?? .null)")
            }
        }
        // In flight at the kill: at most the 16 requests out, and the outcomes of as many more waiting for their
        // (group-committed) write.
        #expect(unknown <= 32, "at most the SMS in flight at the kill are unknown: \(unknown)")
        #expect(recorded.count >= rows.count - unknown && recorded.count <= rows.count)
        _ = await system.stop()
    }
}
