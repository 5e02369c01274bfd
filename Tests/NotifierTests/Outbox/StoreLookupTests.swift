import Foundation
import HTTPClient
import JSONCore
import Synchronization
import TestSupport
import Testing

@testable import Notifier

/// The look-ups behind events when the store is connected: what is fetched, once, and what it changes.
@Suite(.timeLimit(.minutes(1))) struct StoreLookupTests {
    static let store = #"{"name":"My Shop","domain":"myshop.example","country_code":"MY"}"#
    static let order =
        #"{"id":250,"customer_id":0,"status_id":11,"status":"Awaiting Fulfillment","billing_address":{"first_name":"Aisyah","phone":"012-345 6789","country_iso2":"MY"}}"#

    static func orderEvent(_ scope: String, hash: String) -> JSONValue {
        [
            "scope": .string(scope), "store_id": "1", "data": ["type": "order", "id": 250], "hash": .string(hash),
            "created_at": 1_632_114_489,
        ]
    }

    @Test func aGuestOrderReachesTheCustomerFromTheOrdersBillingAddressWithOneRequest() async throws {
        let store = StubTransport(routes: ["/v2/store": (200, Self.store), "/v2/orders/250": (200, Self.order)])
        let outbox = try await OutboxHarness(store: store)
        try await outbox.enableCustomers([.orderCreated])
        let before = store.count("/v2/orders/250")
        _ = try await outbox.ingest(Self.orderEvent("store/order/created", hash: "o1"))
        try await outbox.processor.processWaiting()
        let rows = try await outbox.messages()
        #expect(rows.map(\.state) == [.queued] && rows.first?.recipient == "60123456789", "\(rows)")
        #expect(rows.first?.recipientTyped == "012-345 6789")
        #expect(store.count("/v2/orders/250") - before == 1, "the order is fetched once")
    }

    @Test func nothingIsFetchedThatNoEnabledTemplateOrAudienceNeeds() async throws {
        let store = StubTransport(routes: ["/v2/store": (200, Self.store), "/v2/orders/250": (200, Self.order)])
        let outbox = try await OutboxHarness(store: store)
        try await outbox.enableAdmins([.orderCreated], numbers: ["60123456789"])
        let before = store.requests.withLock { $0.count }
        _ = try await outbox.ingest(Self.orderEvent("store/order/created", hash: "o1"))
        try await outbox.processor.processWaiting()
        #expect(store.requests.withLock { $0.count } == before, "the default admin template needs no store data")
        #expect(try await outbox.messages().map(\.state) == [.queued])
    }

    @Test func aShipmentTemplateRendersTheTrackingNumber() async throws {
        let shipment = #"{"id":12,"order_id":251,"tracking_number":"ER123456789MY","shipping_provider":"Pos Malaysia"}"#
        let store = StubTransport(routes: [
            "/v2/store": (200, Self.store), "/v2/orders/251/shipments/12": (200, shipment),
        ])
        let outbox = try await OutboxHarness(store: store)
        try await outbox.enableAdmins(
            [.shipmentCreated], numbers: ["60123456789"],
            template: "Order {shipments.orderId}: {shipments.tracking_number}")
        let event: JSONValue = [
            "scope": "store/shipment/created", "store_id": "1", "data": ["type": "shipment", "id": 12, "orderId": 251],
            "hash": "s12", "created_at": 1_632_114_489,
        ]
        _ = try await outbox.ingest(event)
        try await outbox.processor.processWaiting()
        #expect(try await outbox.messages().first?.text == "Order 251: ER123456789MY")
    }

    @Test func anAbandonedCartThatBecameAnOrderSendsNothingAndSaysWhy() async throws {
        let store = StubTransport(routes: [
            "/v2/store": (200, Self.store), "/v3/carts/": (404, #"{"status":404,"title":"Cart not found"}"#),
        ])
        let outbox = try await OutboxHarness(store: store)
        try await outbox.enableAdmins([.cartAbandoned], numbers: ["60123456789"])
        let cart: JSONValue = [
            "scope": "store/cart/abandoned", "store_id": "1",
            "data": ["type": "cart", "id": "09346904-4175-44fd-be53-f7e598531b6c"], "hash": "c1",
            "created_at": 1_632_114_489,
        ]
        _ = try await outbox.ingest(cart)
        try await outbox.processor.processWaiting()
        let rows = try await outbox.messages()
        #expect(rows.map(\.state) == [.skipped])
        #expect(rows.first?.reason?.contains("the cart has become an order") == true)
    }

    @Test func aStoreThatCannotBeReachedLeavesTheEventWaitingThenItIsSent() async throws {
        let down = Atomic(true)
        let store = StubTransport { request in
            if request.url.hasSuffix("/v2/store") { return HTTPResponse(status: 200, body: Array(Self.store.utf8)) }
            return down.load(ordering: .relaxed)
                ? HTTPResponse(status: 503, body: Array("down".utf8))
                : HTTPResponse(status: 200, body: Array(Self.order.utf8))
        }
        let outbox = try await OutboxHarness(store: store)
        try await outbox.enableCustomers([.orderCreated])
        let stored = try await outbox.ingest(Self.orderEvent("store/order/created", hash: "o1"))
        try await outbox.processor.processWaiting()
        let waiting = try #require(try await outbox.events.event(id: stored.id, store: .first))
        #expect(waiting.event.state == .received && waiting.messages.isEmpty, "never dropped")
        #expect(waiting.event.lookupAttempts == 1 && waiting.event.note?.hasPrefix("waiting for the store") == true)
        down.store(false, ordering: .relaxed)
        // Its next try falls due.
        try await outbox.database.writer.write { db in try db.execute(sql: "UPDATE events SET next_lookup_at = NULL") }
        try await outbox.processor.processWaiting()
        #expect(try await outbox.messages().map(\.recipient) == ["60123456789"])
    }

    @Test func anOrderUpdateThatChangedNoStatusReachesTheAdminOnly() async throws {
        let store = StubTransport(routes: ["/v2/store": (200, Self.store), "/v2/orders/250": (200, Self.order)])
        let outbox = try await OutboxHarness(store: store)
        try await outbox.enableCustomers([.orderCreated, .orderUpdated])
        try await outbox.enableAdmins([.orderUpdated], numbers: ["60134567890"])
        _ = try await outbox.ingest(Self.orderEvent("store/order/created", hash: "o1"))
        _ = try await outbox.ingest(Self.orderEvent("store/order/updated", hash: "o2"))
        try await outbox.processor.processWaiting()
        let rows = try await outbox.messages()
        let update = rows.filter { $0.eventType == "store/order/updated" }
        #expect(update.first { $0.audience == .admin }?.state == .queued)
        let customer = try #require(update.first { $0.audience == .customer })
        #expect(customer.state == .skipped && customer.reason?.contains("status did not change") == true)
    }

    @Test func customersCanBeToldOfEveryOrderUpdate() async throws {
        let store = StubTransport(routes: ["/v2/store": (200, Self.store), "/v2/orders/250": (200, Self.order)])
        let outbox = try await OutboxHarness(store: store)
        try await outbox.enableCustomers([.orderCreated, .orderUpdated])
        let every = NotificationChange(audience: .customer, events: [.orderUpdated: .init(statusChangesOnly: false)])
        let settings = try await outbox.notifications.configure(every, of: .first)
        #expect(settings.events.first { $0.event == .orderUpdated }?.statusChangesOnly == false)
        #expect(settings.events.first { $0.event == .orderCreated }?.statusChangesOnly == nil)
        _ = try await outbox.ingest(Self.orderEvent("store/order/created", hash: "o1"))
        _ = try await outbox.ingest(Self.orderEvent("store/order/updated", hash: "o2"))
        try await outbox.processor.processWaiting()
        let rows = try await outbox.messages()
        #expect(rows.map(\.state) == [.queued, .queued], "the unchanged status no longer holds the update back")
        let admins = try await outbox.notifications.settings(for: .admin, of: .first)
        #expect(admins.events.first { $0.event == .orderUpdated }?.statusChangesOnly == false, "admins hear of all")
        let refused = NotificationChange(audience: .admin, events: [.orderCreated: .init(statusChangesOnly: true)])
        let error = await #expect(throws: ValidationError.self) {
            try await outbox.notifications.configure(refused, of: .first)
        }
        #expect(error?.field == "events.store/order/created.statusChangesOnly")
    }
}
