import Foundation
import JSONRPC
import TestSupport
import Testing

/// The service with the sandbox playing both the gateway and the store, over real HTTP.
@Suite(.timeLimit(.minutes(2))) struct StoreEndToEndTests {
    private let folder: URL

    init() throws {
        folder = try Fixtures.temporaryFolder()
    }

    private func connected() async throws -> ServiceUnderTest {
        let system = try await ServiceUnderTest(folder: folder, sandboxArguments: ["--store-quota", "150"])
        _ = try await system.call("account.set", ["customerCountry": "MY"])
        let store = try await system.call(
            "store.set",
            [
                "storeHash": "sandbox", "accessToken": "sandbox-store-token",
                "apiUrl": .string("http://127.0.0.1:\(system.sandboxPort)"),
            ])
        #expect(store["result"]?["credentials"]?["status"] == "valid", "\(store)")
        #expect(store["result"]?["store"]?["storeName"] == "Sandbox Shop")
        return system
    }

    private func event(_ scope: String, data: JSONValue, hash: String) -> JSONValue {
        [
            "payload": [
                "scope": .string(scope), "store_id": "1", "data": data, "hash": .string(hash),
                "created_at": 1_632_114_489,
            ]
        ]
    }

    @Test func orderEventsReachTheCustomersPhoneFromTheStore() async throws {
        let system = try await connected()
        _ = try await system.call(
            "notifications.configure", ["audience": "customer", "events": ["store/order/created": ["enabled": true]]])
        // Order 104 belongs to customer 5; order 105 is a guest's (customer 0): both have a billing phone.
        for order in [104, 105] {
            let id = try #require(
                try await system.call(
                    "events.ingest",
                    event(
                        "store/order/created", data: ["type": "order", "id": .number(JSONNumber(order))],
                        hash: "o\(order)")
                )["result"]?["id"])
            let done = try await system.waitFor("events.get", ["id": id]) {
                $0["messages"]?.arrayValue?.first?["state"] == "sent"
            }
            #expect(done["messages"]?.arrayValue?.first?["recipient"] == .string("60123000\(order)"))
        }
        _ = await system.stop()
    }

    @Test func aShipmentRendersItsTrackingNumberAndAConvertedCartSendsNothing() async throws {
        let system = try await connected()
        _ = try await system.call(
            "notifications.configure",
            [
                "audience": "admin", "adminNumbers": ["60134567890"],
                "events": [
                    "store/shipment/created": [
                        "enabled": true, "template": "Order {shipments.orderId}: {shipments.tracking_number}",
                    ],
                    "store/cart/abandoned": ["enabled": true],
                ],
            ])
        let shipment = try #require(
            try await system.call(
                "events.ingest",
                event("store/shipment/created", data: ["type": "shipment", "id": 5, "orderId": 104], hash: "s5")
            )["result"]?["id"])
        let shipped = try await system.waitFor("events.get", ["id": shipment]) {
            $0["messages"]?.arrayValue?.first?["state"] == "sent"
        }
        #expect(shipped["messages"]?.arrayValue?.first?["message"] == "Order 104: ER100000005MY")
        // A cart id ending in an odd digit is one the sandbox's store no longer has: it became an order.
        let cart = try #require(
            try await system.call(
                "events.ingest",
                event(
                    "store/cart/abandoned", data: ["type": "cart", "id": "09346904-4175-44fd-be53-f7e598531b6b"],
                    hash: "c1")
            )["result"]?["id"])
        let skipped = try await system.waitFor("events.get", ["id": cart]) { $0["state"] == "processed" }
        let row = skipped["messages"]?.arrayValue?.first
        #expect(row?["state"] == "skipped" && row?["reason"]?.stringValue?.contains("has become an order") == true)
        _ = await system.stop()
    }

    @Test func theCustomerDirectorySyncsFromTheStore() async throws {
        let system = try await connected()
        let counts = try #require(try await system.call("customers.sync")["result"])
        #expect(counts["added"] == 200 && counts["withoutPhone"] == 25, "\(counts)")
        let reachable = try await system.call("customers.list", ["hasPhone": true, "pageSize": 1])["result"]
        #expect(reachable?["total"] == 175)
        _ = await system.stop()
    }

    @Test(arguments: [429, 503])
    func aStoreThatRefusesForAWhileStillGetsTheSMSSentOnce(status: Int) async throws {
        let system = try await connected()
        _ = try await system.call(
            "notifications.configure", ["audience": "customer", "events": ["store/order/created": ["enabled": true]]])
        let (code, stats) = try await system.sandboxRequest(
            "POST", "/sandbox/store/faults", body: #"{"count": 3, "status": \#(status)}"#)
        #expect(code == 200 && stats["faultsLeft"] == 3, "\(stats)")
        let id = try #require(
            try await system.call(
                "events.ingest", event("store/order/created", data: ["type": "order", "id": 104], hash: "f\(status)")
            )["result"]?["id"])
        let done = try await system.waitFor("events.get", ["id": id]) {
            $0["messages"]?.arrayValue?.first?["state"] == "sent"
        }
        #expect(done["messages"]?.arrayValue?.count == 1)
        let (_, after) = try await system.sandboxRequest("GET", "/sandbox/store/stats")
        #expect(after["faulted"] == 3 && after["faultsLeft"] == 0, "every injected fault was met: \(after)")
        let sent = try await system.sandboxMessages().filter { $0["receiver"] == "60123000104" }
        #expect(sent.count == 1, "one SMS, however many times the store refused")
        // The same event again changes nothing.
        let again = try await system.call(
            "events.ingest", event("store/order/created", data: ["type": "order", "id": 104], hash: "f\(status)"))
        #expect(again["result"] == ["status": "duplicate", "id": id])
        _ = await system.stop()
    }
}
