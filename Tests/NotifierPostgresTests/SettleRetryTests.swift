import Foundation
import Logging
import Notifier
import Synchronization
import TestSupport
import Testing

/// Outcomes the database refuses for a moment (a failover) are written again: the rows end `sent`, not left
/// `sending` for a live sender that nobody else may resolve.
@Suite(.timeLimit(.minutes(1))) struct SettleRetryTests {
    /// An outbox whose first `failing` settlements fail, as a database in failover answers.
    final class Refusing: OutboxStorage {
        struct Unavailable: Error {}
        let base: any OutboxStorage
        let failing: Mutex<Int>

        init(base: any OutboxStorage, failing: Int) {
            self.base = base
            self.failing = Mutex(failing)
        }

        func settings(now: Date) async throws -> OutboxSettings { try await base.settings(now: now) }
        func save(_ settings: OutboxSettings) async throws { try await base.save(settings) }
        func recoverInterrupted(now: Date, reason: String) async throws -> Int {
            try await base.recoverInterrupted(now: now, reason: reason)
        }
        func takeDue(limit: Int, excluding: Set<StoreID>, now: Date) async throws -> [(id: Int64, store: StoreID)] {
            try await base.takeDue(limit: limit, excluding: excluding, now: now)
        }
        func release(ids: [Int64]) async throws { try await base.release(ids: ids) }
        func nextDueTime(excluding: Set<StoreID>) async throws -> Date? {
            try await base.nextDueTime(excluding: excluding)
        }
        func claim(ids: [Int64], now: Date) async throws -> [MessageRecord] {
            try await base.claim(ids: ids, now: now)
        }
        func settle(_ settlements: [Settlement], now: Date) async throws -> [MessageRecord] {
            let refuse = failing.withLock { left in
                defer { left = max(0, left - 1) }
                return left > 0
            }
            if refuse { throw Unavailable() }
            return try await base.settle(settlements, now: now)
        }
        func counts(of store: StoreID?) async throws -> [MessageState: Int] { try await base.counts(of: store) }
        func oldestQueued(of store: StoreID?) async throws -> Date? { try await base.oldestQueued(of: store) }
        func requeue(ids: [Int64], store: StoreID, now: Date, reason: String) async throws -> [(Int64, RetryOutcome)] {
            try await base.requeue(ids: ids, store: store, now: now, reason: reason)
        }
        func sharingSenders() async throws -> Int { try await base.sharingSenders() }
    }

    @Test(arguments: StorageBackend.available)
    func outcomesRefusedForAMomentAreWrittenAgain(backend: StorageBackend) async throws {
        try await backend.with { storages in
            try await OutboxStorageTests.queue(5, storages)
            let gateway = ScriptedGateway()
            let sender = OutboxSender(
                storage: Refusing(base: try await storages.outbox(.seconds(15)), failing: 2),
                gateways: gateway, queued: Doorbell(), updates: MessageUpdates(), logger: Logger(label: "test"),
                statusCheckAfter: nil)
            let running = Task { try await sender.run() }
            defer { running.cancel() }
            let deadline = ContinuousClock.now + .seconds(20)
            while try await storages.count("SELECT count(*) FROM messages WHERE state = 'sent'") < 5 {
                guard ContinuousClock.now < deadline else { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await storages.count("SELECT count(*) FROM messages WHERE state = 'sent'") == 5)
            #expect(gateway.sent.count == 5, "each sent once")
        }
    }
}
