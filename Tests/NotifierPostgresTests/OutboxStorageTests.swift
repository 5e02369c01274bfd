import Foundation
import Logging
import Notifier
import TestSupport
import Testing

/// The outbox over each backend: rows sent once with their tries on record, outcomes settled in one batch,
/// retries and balance holds as the sender decides them, rows of a stopped sender resolved (never resent) and a
/// live one's left alone, an admin's resend only of the store's own rows, and senders taking together never
/// taking the same row.
@Suite(.timeLimit(.minutes(2))) struct OutboxStorageTests {
    /// Queues `count` SMS rows of `store`, due long ago.
    static func queue(_ count: Int, store: Int = 1, _ storages: StorageBackend.Storages) async throws {
        let rows = (0..<count).map { index in
            """
            (\(store), 'event', 'store/order/created', 'Order \(index)', '60\(store)2345\(String(format: "%04d", index))',
             'GSM-7', 1, 'queued', 0, '2020-01-01 00:00:00.000', 0, '2020-01-01 00:00:00.000',
             '2020-01-01 00:00:00.000')
            """
        }
        try await storages.execute(
            """
            INSERT INTO messages (store, origin, event_type, text, recipient, encoding, parts, state, attempts,
                next_attempt_at, priority, created_at, updated_at)
            VALUES \(rows.joined(separator: ", "))
            """)
    }

    @Test(arguments: StorageBackend.available)
    func queuedRowsAreSentOnceWithEveryTryOnRecord(backend: StorageBackend) async throws {
        try await backend.with { storages in
            try await Self.queue(12, store: 1, storages)
            try await Self.queue(8, store: 2, storages)
            let gateway = ScriptedGateway()
            let sender = OutboxSender(
                storage: try await storages.outbox(.seconds(15)), gateways: gateway, queued: Doorbell(),
                updates: MessageUpdates(), logger: Logger(label: "test"), statusCheckAfter: nil)
            let running = Task { try await sender.run() }
            defer { running.cancel() }
            let deadline = ContinuousClock.now + .seconds(30)
            while try await storages.count("SELECT count(*) FROM messages WHERE state = 'sent'") < 20 {
                guard ContinuousClock.now < deadline else { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await storages.count("SELECT count(*) FROM messages WHERE state = 'sent'") == 20)
            #expect(gateway.sent.count == 20, "each row is one request")
            #expect(Set(gateway.sent.flatMap(\.to)).count == 20)
            #expect(
                try await storages.count(
                    "SELECT count(*) FROM message_attempts WHERE outcome = 'sent' AND finished_at IS NOT NULL") == 20)
            #expect(try await storages.count("SELECT count(*) FROM messages WHERE msgid IS NULL") == 0)
            let status = try await sender.status(of: StoreID(rawValue: 2))
            #expect(status.counts[.sent] == 8, "a store's status counts its own rows")
        }
    }

    @Test(arguments: StorageBackend.available)
    func retriesAndBalanceHoldsAreSettledAsDecided(backend: StorageBackend) async throws {
        try await backend.with { storages in
            try await Self.queue(3, storages)
            let outbox = try await storages.outbox(.seconds(15))
            let now = Date()
            let taken = try await outbox.takeDue(limit: 10, excluding: [], now: now)
            #expect(taken.count == 3)
            let claimed = try await outbox.claim(ids: taken.map(\.id), now: now)
            #expect(claimed.count == 3 && claimed.allSatisfy { $0.state == .sending && $0.attempts == 1 })
            #expect(try await outbox.counts(of: nil)[.sending] == 3)
            let decisions: [SendDecision] = [
                .sent(msgid: "M-1"),
                .retry(after: .seconds(60), response: "throttled", gatewayStatus: 11, throttled: true),
                .holdForBalance(response: "Insufficient balance", gatewayStatus: 23),
            ]
            let settlements = zip(claimed, decisions).map { Settlement($0, $1, now: now, statusCheckAfter: nil) }
            let saved = try await outbox.settle(settlements, now: now)
            #expect(saved.count == 3)
            #expect(try await outbox.settle(settlements, now: now).isEmpty, "a row no longer sending is left alone")
            #expect(
                try await storages.count("SELECT count(*) FROM messages WHERE msgid = 'M-1' AND state = 'sent'") == 1)
            #expect(
                try await storages.count(
                    "SELECT count(*) FROM messages WHERE state = 'queued' AND gateway_response = 'throttled' AND attempts = 1"
                ) == 1)
            #expect(
                try await storages.count(
                    "SELECT count(*) FROM messages WHERE state = 'queued' AND gateway_status = 23 AND attempts = 0")
                    == 1,
                "a balance hold does not count as a try")
            #expect(
                try await storages.count("SELECT count(*) FROM message_attempts") == 2, "the held try's record goes")
            #expect(try await storages.count("SELECT count(*) FROM message_attempts WHERE outcome = 'retry'") == 1)
            let later = try await outbox.takeDue(limit: 10, excluding: [], now: now)
            #expect(later.count == 1, "the held row is due again; the retried one waits its delay")
            #expect(try await outbox.nextDueTime(excluding: []) != nil)
        }
    }

    @Test(arguments: StorageBackend.available)
    func aStoppedSendersRowsAreResolvedNeverResent(backend: StorageBackend) async throws {
        try await backend.with { storages in
            try await Self.queue(3, storages)
            let stopped = try await storages.outbox(.milliseconds(200))
            let now = Date()
            let taken = try await stopped.takeDue(limit: 3, excluding: [], now: now)
            #expect(taken.count == 3)
            _ = try await stopped.claim(ids: Array(taken.map(\.id).prefix(2)), now: now)
            try await Task.sleep(for: .milliseconds(400))
            let next = try await storages.outbox(.seconds(15))
            let unknown = try await next.recoverInterrupted(now: Date(), reason: OutboxSender.interruptedReason)
            #expect(unknown == 2)
            #expect(try await storages.count("SELECT count(*) FROM messages WHERE state = 'unknown'") == 2)
            #expect(
                try await storages.count(
                    "SELECT count(*) FROM message_attempts WHERE outcome = 'unknown' AND finished_at IS NOT NULL") == 2)
            let again = try await next.takeDue(limit: 10, excluding: [], now: Date())
            #expect(again.map(\.id) == [taken[2].id], "the row only taken goes back to the queue; the others never")
        }
    }

    @Test(arguments: StorageBackend.available)
    func anAdminsResendTakesOnlyTheStoresOwnRetriableRows(backend: StorageBackend) async throws {
        try await backend.with { storages in
            try await Self.queue(2, store: 2, storages)
            try await storages.execute("UPDATE messages SET state = 'failed' WHERE id = (SELECT min(id) FROM messages)")
            try await storages.execute("UPDATE messages SET state = 'sent' WHERE id = (SELECT max(id) FROM messages)")
            let ids = try await [
                storages.count("SELECT min(id) FROM messages"), storages.count("SELECT max(id) FROM messages"),
            ].map(Int64.init)
            let outbox = try await storages.outbox(.seconds(15))
            let asFirst = try await outbox.requeue(ids: ids, store: .first, now: Date(), reason: "again")
            #expect(asFirst.map(\.1) == [.notFound, .notFound], "another store's rows are not found")
            let asOwner = try await outbox.requeue(ids: ids, store: StoreID(rawValue: 2), now: Date(), reason: "again")
            #expect(asOwner.map(\.1) == [.queued, .notRetriable(.sent)])
            #expect(
                try await storages.count("SELECT count(*) FROM messages WHERE state = 'queued' AND reason = 'again'")
                    == 1)
        }
    }
}
