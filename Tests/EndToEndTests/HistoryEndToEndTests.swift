import Foundation
import JSONRPC
import TestSupport
import Testing

/// The history of real sends through the sandbox: queried, searched, paged and exported, and the CSV read back
/// by Python's `csv` module.
@Suite(.timeLimit(.minutes(2))) struct HistoryEndToEndTests {
    private let folder: URL

    init() throws {
        folder = try Fixtures.temporaryFolder()
    }

    @Test func theSeedsTableFromRealSendsIsQueriedSearchedAndExported() async throws {
        let system = try await ServiceUnderTest(folder: folder)
        _ = try await system.call(
            "notifications.configure",
            [
                "audience": "admin", "adminNumbers": ["60103333933"],
                "events": [
                    "store/order/refund/created": [
                        "enabled": true,
                        "template":
                            "Order refund {refunds.id} created for order {refunds.orderId}, \"quoted\"\nline two",
                    ],
                    "store/shipment/updated": [
                        "enabled": true,
                        "template":
                            "Shipment {shipments.id} created for order {shipments.orderId} updated at {shipments.created_at}. admin",
                    ],
                ],
            ])
        let refund: JSONValue = [
            "scope": "store/order/refund/created", "store_id": "1",
            "data": ["type": "order", "id": 102, "refund": ["refund_id": 29]],
            "hash": "refund-29", "created_at": 1_632_110_338,
        ]
        let shipment: JSONValue = [
            "scope": "store/shipment/updated", "store_id": "1", "data": ["type": "shipment", "id": 1, "orderId": 102],
            "hash": "shipment-1", "created_at": 1_632_114_489,
        ]
        _ = try await system.call("events.ingest", ["payload": refund])
        _ = try await system.waitFor("outbox.status") { $0["counts"]?["sent"] == 1 }
        // The gateway refuses the next send: "Authorization failed", a final error.
        _ = try await system.sandboxRequest("POST", "/sandbox/faults", body: #"{"failShare": 1, "failStatus": 1}"#)
        _ = try await system.call("events.ingest", ["payload": shipment])
        _ = try await system.waitFor("outbox.status") { $0["counts"]?["failed"] == 1 }
        _ = try await system.sandboxRequest("POST", "/sandbox/faults", body: #"{"failShare": 0}"#)
        _ = try await system.call("events.ingest", ["payload": shipment.with(hash: "shipment-1-again")])
        _ = try await system.waitFor("outbox.status") { $0["counts"]?["sent"] == 2 }
        // The seed's first row: a broadcast to one typed number.
        let broadcast = try await system.call(
            "broadcast.send", ["message": "testing", "recipients": ["numbers": "60103333934"]])
        #expect(broadcast["result"]?["toSend"] == 1, "\(broadcast)")
        _ = try await system.waitFor("outbox.status") { $0["counts"]?["sent"] == 3 }

        let table = try #require(try await system.call("history.query")["result"])
        #expect(table["showing"] == "Showing 1 to 4 of 4 entries")
        let rows = table["rows"]?.arrayValue ?? []
        #expect(rows.map { $0["status"]?.stringValue ?? "" } == ["Success", "Success", "Fail", "Success"])
        // In JSON a broadcast has no event or order id (the export writes the seed's None).
        #expect(rows[0]["eventType"] == "SMS Broadcast" && rows[0]["eventId"] == nil && rows[0]["orderId"] == nil)
        #expect(rows[0]["message"] == "testing" && rows[0]["recipient"] == "60103333934")
        #expect(rows[2]["response"] == "Authorization failed" && rows[2]["eventType"] == "store/shipment/updated")
        #expect(rows[3]["eventId"] == "102" && rows[3]["orderId"] == "102")
        let searched = try await system.call("history.query", ["search": "3933 refund"])["result"]
        #expect(searched?["total"] == 1)
        let page = try await system.call("history.query", ["pageSize": 2, "page": 2])["result"]
        #expect(page?["showing"] == "Showing 3 to 4 of 4 entries")

        let path = folder.appendingPathComponent("history.csv").path
        let exported = try await system.call("history.export", ["path": .string(path)])["result"]
        #expect(exported?["rows"] == 4)
        // Python's csv module reads back exactly what the history holds, commas, quotes and newlines included.
        let script = """
            import csv, json, sys
            rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
            print(json.dumps(rows))
            """
        let python = try ServerProcess(
            ["python3", "-c", script, path], standardInput: FileHandle(forReadingAtPath: "/dev/null"),
            executable: "/usr/bin/env")
        #expect(await python.waitForExit() == 0)
        _ = await python.stdout.waitForEnd()
        let parsed = try JSONParser.parse(Array(python.stdout.all.joined().utf8)).arrayValue ?? []
        #expect(
            parsed.first?.arrayValue?.prefix(9).map { $0.stringValue ?? "" } == [
                "Event ID", "Order ID", "Event type", "Sender", "Datetime", "Message", "Recipient", "Response",
                "Status",
            ])
        let first = try #require(parsed.dropFirst().first?.arrayValue?.map { $0.stringValue ?? "" })
        #expect(Array(first[0..<4]) == ["None", "None", "SMS Broadcast", "MyShop"])
        #expect(Array(first[5..<9]) == ["testing", "60103333934", "Message sent", "Success"])
        let last = try #require(parsed.last?.arrayValue?.map { $0.stringValue ?? "" })
        #expect(last[0] == "102" && last[1] == "102" && last[2] == "store/order/refund/created" && last[3] == "MyShop")
        #expect(last[5] == "Order refund 29 created for order 102, \"quoted\"\nline two")
        #expect(last[6] == "60103333933" && last[7] == "Message sent" && last[8] == "Success")
        _ = await system.stop()
    }
}

extension JSONValue {
    fileprivate func with(hash: String) -> JSONValue {
        guard case .object(var object) = self else { return self }
        object["hash"] = .string(hash)
        return .object(object)
    }
}
