import Foundation
import TestSupport
import Testing

@testable import Notifier

/// Quiet hours kept over each backend: saved and read back per store, and a change makes the rows the old hours
/// held due again in the same transaction, but not another store's, nor a scheduled broadcast's, nor a row
/// waiting for another reason.
@Suite(.timeLimit(.minutes(2))) struct QuietHoursStorageTests {
    static func row(
        store: Int64, origin: MessageOrigin, broadcast: Int64? = nil, recipient: String, reason: String?,
        due: Date
    ) -> MessageRecord {
        MessageRecord(
            id: nil, store: store, origin: origin, eventRef: nil, broadcastID: broadcast, audience: nil,
            eventType: origin == .broadcast ? MessageRecord.broadcastEventType : "store/cart/abandoned", eventID: nil,
            orderID: nil, sender: "Shop", text: "Sale", recipientTyped: nil, recipient: recipient, encoding: "GSM-7",
            parts: 1, state: .queued, reason: reason, attempts: 0, nextAttemptAt: due, priority: 1,
            gatewayStatus: nil, gatewayResponse: nil, msgid: nil, deliveredAt: nil, statusChecks: 0,
            nextStatusCheckAt: nil, createdAt: Date(), updatedAt: Date())
    }

    @Test(arguments: StorageBackend.available)
    func savedPerStoreAndAChangeReleasesTheRowsTheyHeld(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let service = QuietHoursService(storage: storages.quietHours)
            #expect(try await service.hours(of: .first) == .none)
            var change = QuietHoursChange()
            change.window = .set(.init(start: "21:00", end: "07:30"))
            change.storeTimeZone = "Europe/Berlin"
            change.events = ["store/cart/abandoned", "store/order/created"]
            let saved = try await service.update(change, of: StoreID(rawValue: 2))
            let read = try await service.hours(of: StoreID(rawValue: 2))
            #expect(read.window?.start == 21 * 60 && read.window?.end == 7 * 60 + 30)
            #expect(read.storeTimeZone == "Europe/Berlin" && read.events == [.cartAbandoned, .orderCreated])
            #expect(read.updatedAt.map { abs($0.timeIntervalSince(saved.updatedAt ?? .distantPast)) < 0.01 } == true)
            #expect(try await service.hours(of: .first) == .none, "store 1 has none")

            for (id, schedule) in [(500, "NULL"), (501, "'2999-01-01 00:00:00.000'")] {
                try await storages.execute(
                    """
                    INSERT INTO broadcasts (store, id, message, audience, recipients, state, recipient_count, to_send,
                        skipped, duplicates, parts, encoding, schedule_at, created_at, updated_at)
                    VALUES (2, \(id), 'Sale', 'numbers', '', 'running', 1, 1, 0, 0, 1, 'GSM-7', \(schedule),
                        '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')
                    """)
            }
            let later = Date().addingTimeInterval(5 * 3600)
            let held = "quiet hours: waits for 21:00 in Europe/Berlin"
            try await storages.insert([
                Self.row(store: 2, origin: .broadcast, broadcast: 500, recipient: "491701", reason: held, due: later),
                Self.row(store: 2, origin: .event, recipient: "491702", reason: held, due: later),
                Self.row(store: 2, origin: .broadcast, broadcast: 501, recipient: "491703", reason: held, due: later),
                Self.row(store: 2, origin: .event, recipient: "491704", reason: "a retry", due: later),
                Self.row(store: 1, origin: .event, recipient: "491705", reason: held, due: later),
            ])
            change = QuietHoursChange()
            change.window = .clear
            _ = try await service.update(change, of: StoreID(rawValue: 2))
            #expect(try await service.hours(of: StoreID(rawValue: 2)).window == nil)
            let due = Dictionary(
                uniqueKeysWithValues: try await storages.messages().map {
                    ($0.recipient, $0.nextAttemptAt ?? .distantPast)
                })
            for released in ["491701", "491702"] {
                let wait = (due[released] ?? .distantFuture).timeIntervalSinceNow
                #expect(wait > 0 && wait < 60, "\(released) is due again within seconds: \(wait)")
            }
            for kept in ["491703", "491704", "491705"] {
                #expect(abs((due[kept] ?? .distantPast).timeIntervalSince(later)) < 1, "\(kept) keeps its time")
            }
        }
    }
}
