import Foundation
import Logging
import TestSupport
import Testing

@testable import Notifier

/// Quiet hours in the sender and the store's settings: outside the window a broadcast's SMS and the chosen
/// events' wait in the queue with the reason (the try not counted), other event SMS go at once, and a change of
/// hours makes the held rows due again.
@Suite(.timeLimit(.minutes(1))) struct QuietHoursSendingTests {
    /// `date` plus `hours` as HH:MM in UTC.
    static func clock(_ date: Date, plusHours hours: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.hour, .minute], from: date.addingTimeInterval(Double(hours) * 3600))
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    static func row(_ origin: MessageOrigin, _ type: String, to recipient: String) -> MessageRecord {
        MessageRecord(
            id: nil, store: 1, origin: origin, eventRef: nil, broadcastID: nil, audience: nil, eventType: type,
            eventID: nil, orderID: nil, sender: "MyShop", text: "Hello", recipientTyped: nil, recipient: recipient,
            encoding: "GSM-7", parts: 1, state: .queued, reason: nil, attempts: 0, nextAttemptAt: Date(),
            priority: origin == .broadcast ? 1 : 0, gatewayStatus: nil, gatewayResponse: nil, msgid: nil,
            deliveredAt: nil, statusChecks: 0, nextStatusCheckAt: nil, createdAt: Date(), updatedAt: Date())
    }

    @Test func outsideTheWindowBroadcastsAndChosenEventsWaitAndOtherEventsGo() async throws {
        let harness = try await OutboxHarness()
        let quiet = QuietHoursService(storage: SQLiteQuietHoursStorage(database: harness.database))
        let now = Date()
        // A window that opens in two hours (UTC, the store's zone: US numbers are read in it).
        var change = QuietHoursChange()
        change.window = .set(.init(start: Self.clock(now, plusHours: 2), end: Self.clock(now, plusHours: 3)))
        change.storeTimeZone = "UTC"
        change.events = ["store/shipment/created"]
        _ = try await quiet.update(change, of: .first)
        try await harness.database.writer.write { db in
            for var row in [
                Self.row(.broadcast, MessageRecord.broadcastEventType, to: "12125550123"),
                Self.row(.event, "store/order/created", to: "12125550124"),
                Self.row(.event, "store/shipment/created", to: "12125550125"),
            ] {
                _ = try row.insertUnlessPresent(db)
            }
        }
        let sender = OutboxSender(
            storage: harness.outbox, gateways: harness.gateway, queued: harness.queued, updates: harness.updates,
            logger: Logger(label: "test"), statusCheckAfter: nil, quietHours: quiet)
        try await harness.running(sender) {
            try await Self.waitUntil {
                try await harness.messages().allSatisfy { $0.state == .sent || $0.reason != nil }
            }
        }
        let rows = try await harness.messages()
        #expect(harness.gateway.sent.map(\.to) == [["12125550124"]], "only the order's SMS went out")
        for held in rows where held.recipient != "12125550124" {
            #expect(held.state == .queued && held.attempts == 0, "held, the try not counted")
            #expect(
                held.reason?.hasPrefix("quiet hours: waits for \(Self.clock(now, plusHours: 2)) in ") == true,
                "\(held.reason ?? "")")
            let opening = held.nextAttemptAt?.timeIntervalSince(now) ?? 0
            #expect(opening > 7_000 && opening <= 7_200, "due when the window opens, in two hours")
        }
        #expect(try await harness.count("SELECT count(*) FROM message_attempts") == 1, "no try kept for held rows")

        // The window now open: the held rows fall due a few seconds later and go.
        change = QuietHoursChange()
        change.window = .set(.init(start: Self.clock(now, plusHours: -1), end: Self.clock(now, plusHours: 1)))
        _ = try await quiet.update(change, of: .first)
        let due = try await harness.messages().filter { $0.state == .queued }.compactMap(\.nextAttemptAt)
        #expect(due.count == 2 && due.allSatisfy { $0.timeIntervalSince(now) < 60 }, "due again at once")
    }

    static func waitUntil(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the condition never held")
    }
}
