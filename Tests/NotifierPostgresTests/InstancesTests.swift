import Foundation
import Logging
import Notifier
import NotifierPostgres
import TestSupport
import Testing

/// Several instances on one PostgreSQL database: senders taking together never take the same row, and a live
/// instance's rows are never touched by another's start-up.
@Suite(.timeLimit(.minutes(2))) struct InstancesTests {
    @Test func instancesTakingTogetherNeverTakeTheSameRow() async throws {
        guard StorageBackend.available.contains(.postgres) else { return }
        try await StorageBackend.postgres.with { storages in
            try await OutboxStorageTests.queue(300, storages)
            let outboxes = try await [
                storages.outbox(.seconds(15)), storages.outbox(.seconds(15)), storages.outbox(.seconds(15)),
            ]
            let takes = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for outbox in outboxes {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let taken = try await outbox.takeDue(limit: 7, excluding: [], now: Date())
                            if taken.isEmpty { return mine }
                            mine += try await outbox.claim(ids: taken.map(\.id), now: Date()).compactMap(\.id)
                        }
                    }
                }
                return try await group.reduce(into: [[Int64]]()) { $0.append($1) }
            }
            let all = takes.flatMap { $0 }
            #expect(all.count == 300, "every row taken")
            #expect(Set(all).count == 300, "no row taken twice")
            #expect(takes.filter { !$0.isEmpty }.count >= 2, "the instances shared the rows")
            #expect(try await storages.count("SELECT count(*) FROM message_attempts") == 300)
        }
    }

    @Test func aStartingInstanceLeavesALiveInstancesRowsAlone() async throws {
        guard StorageBackend.available.contains(.postgres) else { return }
        try await StorageBackend.postgres.with { storages in
            try await OutboxStorageTests.queue(2, storages)
            let live = try await storages.outbox(.seconds(15))
            let taken = try await live.takeDue(limit: 2, excluding: [], now: Date())
            _ = try await live.claim(ids: [taken[0].id], now: Date())
            let starting = try await storages.outbox(.seconds(15))
            #expect(try await starting.recoverInterrupted(now: Date(), reason: "stopped") == 0)
            #expect(try await storages.count("SELECT count(*) FROM messages WHERE state = 'sending'") == 1)
            #expect(try await starting.takeDue(limit: 10, excluding: [], now: Date()).isEmpty, "the live one's")
        }
    }

    /// An instance that stalled past its lease comes back with the outcome of a send: by then the others have
    /// resolved the row (`unknown`), an admin has queued it again and another instance is sending it. The late
    /// outcome leaves the other instance's send alone; that instance records its own.
    @Test func aLateOutcomeNeverOverwritesAnotherInstancesSend() async throws {
        guard StorageBackend.available.contains(.postgres) else { return }
        try await StorageBackend.postgres.with { storages in
            try await OutboxStorageTests.queue(1, storages)
            let stalled = try await storages.outbox(.seconds(15))
            let taken = try await stalled.takeDue(limit: 1, excluding: [], now: Date())
            let late = try await stalled.claim(ids: taken.map(\.id), now: Date())
            try await storages.execute("UPDATE instances SET lease_until = now() - interval '1 second'")
            let other = try await storages.outbox(.seconds(15))
            #expect(try await other.recoverInterrupted(now: Date(), reason: "stopped") == 1)
            let id = try #require(late.first?.id)
            let requeued = try await other.requeue(ids: [id], store: .first, now: Date(), reason: "again")
            #expect(requeued.count == 1)
            let retaken = try await other.takeDue(limit: 1, excluding: [], now: Date())
            let sending = try await other.claim(ids: retaken.map(\.id), now: Date())
            #expect(sending.count == 1)
            let now = Date()
            let stale = try await stalled.settle(
                late.map { Settlement($0, .sent(msgid: "late-1"), now: now, statusCheckAfter: nil) }, now: now)
            #expect(stale.isEmpty, "the late outcome is not recorded over the other's send")
            #expect(try await storages.count("SELECT count(*) FROM messages WHERE state = 'sending'") == 1)
            let own = try await other.settle(
                sending.map { Settlement($0, .sent(msgid: "own-1"), now: now, statusCheckAfter: nil) }, now: now)
            #expect(own.map(\.msgid) == ["own-1"])
        }
    }
}
