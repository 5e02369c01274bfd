import Foundation
import JSONCore
import Logging
import TestSupport
import Testing

@testable import Notifier

/// The event storage over each backend, below the processor: an order update whose status did not change tells
/// the audiences told of status changes only nothing, the store's opt-outs hold back event SMS when they apply,
/// an event is made into rows once; and on PostgreSQL, processors taking together never take the same event and
/// a gone processor's events are given back.
@Suite(.timeLimit(.minutes(2))) struct EventStorageTests {
    static func orderUpdated(_ hash: String, order: Int = 7) throws -> IncomingEvent {
        try IncomingEvent(
            payload: [
                "scope": "store/order/updated", "store_id": "1",
                "data": ["type": "order", "id": .number(JSONNumber(order))],
                "hash": .string(hash), "created_at": 1_632_114_489,
            ], resources: nil)
    }

    /// Customers told of order updates, with their phone from the order.
    static func planner() -> EventPlanner {
        var account = AccountSettings.initial(store: .first, now: Date())
        account.sender = "Shop"
        account.customerCountry = "MY"
        let customer = AudienceSettings(
            audience: .customer,
            events: StoreEvent.allCases.map { event in
                AudienceSettings.EventSetting(
                    event: event, enabled: event == .orderUpdated,
                    template: DefaultTemplates.text(for: event, audience: .customer),
                    isDefaultTemplate: false, statusChangesOnly: event == .orderUpdated ? true : nil)
            }, adminNumbers: [])
        let admin = AudienceSettings(
            audience: .admin,
            events: StoreEvent.allCases.map {
                AudienceSettings.EventSetting(
                    event: $0, enabled: false, template: "", isDefaultTemplate: true, statusChangesOnly: nil)
            }, adminNumbers: [])
        return EventPlanner(settings: [
            .first: EventMessages.Settings(account: account, admin: admin, customer: customer)
        ])
    }

    static func lookups(status: Int, phone: String = "012-345 6789") -> EventMessages.Lookups {
        var lookups = EventMessages.Lookups()
        lookups.resources = [
            "order": [
                "id": 7, "status_id": .number(JSONNumber(status)), "status": "Shipped",
                "billing_address": ["phone": .string(phone)],
            ]
        ]
        return lookups
    }

    @Test(arguments: StorageBackend.available)
    func anUnchangedStatusTellsNobodyAndOptOutsHoldBackEventSMS(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let events = try await storages.events(.seconds(15))
            let stored = try await events.store(
                [
                    (try Self.orderUpdated("u-1"), .first), (try Self.orderUpdated("u-2"), .first),
                    (try Self.orderUpdated("u-3"), .first), (try Self.orderUpdated("u-1"), .first),
                ], now: Date())
            #expect(stored.map(\.duplicate) == [false, false, false, true])
            let taken = try await events.takeWaiting(limit: 10, now: Date())
            #expect(taken.count == 3)
            let planner = Self.planner()
            #expect(try await events.process([(taken[0], Self.lookups(status: 2))], planner: planner, now: Date()))
            #expect(
                try await events.process([(taken[0], Self.lookups(status: 3))], planner: planner, now: Date()) == false,
                "an event is made into rows once")
            #expect(
                try await events.process([(taken[1], Self.lookups(status: 2))], planner: planner, now: Date()) == false)
            try await storages.execute(
                "INSERT INTO opt_out_settings (id, applies_to_events, updated_at) VALUES (1, true, '2026-01-01 00:00:00')"
            )
            try await storages.execute(
                """
                INSERT INTO opt_outs (store, number, typed, source, created_at)
                VALUES (1, '60123456789', '012-345 6789', 'manual', '2026-01-01 00:00:00')
                """)
            #expect(
                try await events.process([(taken[2], Self.lookups(status: 5))], planner: planner, now: Date()) == false)
            let rows = try await storages.messages()
            #expect(rows.map(\.state) == [.queued, .skipped, .skipped])
            #expect(rows[1].reason?.contains("did not change") == true, "\(rows[1].reason ?? "")")
            #expect(rows[2].reason?.contains("opt") == true, "\(rows[2].reason ?? "")")
            #expect(try await storages.count("SELECT count(*) FROM events WHERE state = 'processed'") == 3)
            let page = try await events.list(limit: 2, before: nil, store: .first)
            #expect(page.count == 2 && page[0].event.id == stored[2].id && page[0].messages[.skipped] == 1)
            #expect(try await events.list(limit: 10, before: nil, store: StoreID(rawValue: 2)).isEmpty)
            #expect(try await events.event(id: stored[0].id, store: StoreID(rawValue: 2)) == nil)
            #expect(try await events.event(id: stored[0].id, store: .first)?.messages.count == 1)
        }
    }

    @Test func processorsTakingTogetherNeverTakeTheSameEventAndAGoneOnesAreGivenBack() async throws {
        guard StorageBackend.available.contains(.postgres) else { return }
        try await StorageBackend.postgres.with { storages in
            let writer = try await storages.events(.seconds(15))
            _ = try await writer.store(
                try (0..<60).map { (try Self.orderUpdated("e-\($0)", order: $0), StoreID.first) }, now: Date())
            let first = try await storages.events(.seconds(15))
            let second = try await storages.events(.seconds(15))
            async let a = first.takeWaiting(limit: 40, now: Date())
            async let b = second.takeWaiting(limit: 40, now: Date())
            let (takenA, takenB) = try await (a, b)
            #expect(takenA.count + takenB.count == 60 && Set((takenA + takenB).compactMap(\.id)).count == 60)

            let gone = try await storages.events(.milliseconds(200))
            try await first.release(ids: takenA.compactMap(\.id))
            try await second.release(ids: takenB.compactMap(\.id))
            #expect(try await gone.takeWaiting(limit: 100, now: Date()).count == 60)
            #expect(
                try await first.takeWaiting(limit: 100, now: Date()).isEmpty, "the gone one's, while its lease lasts")
            try await Task.sleep(for: .milliseconds(400))
            _ = try await storages.outbox(.seconds(15)).recoverInterrupted(now: Date(), reason: "stopped")
            #expect(try await first.takeWaiting(limit: 100, now: Date()).count == 60, "given back after its lease")
        }
    }
}
