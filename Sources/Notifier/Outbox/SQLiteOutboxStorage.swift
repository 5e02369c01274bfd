import Foundation
import GRDB

/// The outbox in the SQLite database: one service writes it, so every row due is this sender's to take, and
/// the rows left `sending` at start-up are all of a sender that stopped.
public struct SQLiteOutboxStorage: OutboxStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// The stored settings, or the defaults (saved) when there are none yet.
    public func settings(now: Date) async throws -> OutboxSettings {
        try await database.writer.write { db in
            if let stored = try OutboxSettings.fetchOne(db) { return stored }
            let defaults = OutboxSettings.defaults(now: now)
            try defaults.insert(db)
            return defaults
        }
    }

    public func save(_ settings: OutboxSettings) async throws {
        try await database.writer.write { db in try settings.save(db) }
    }

    public func recoverInterrupted(now: Date, reason: String) async throws -> Int {
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    UPDATE message_attempts SET outcome = 'unknown', finished_at = ?, response = ?
                    WHERE finished_at IS NULL AND message_id IN (SELECT id FROM messages WHERE state = 'sending')
                    """, arguments: [now, reason])
            try db.execute(
                sql: "UPDATE messages SET state = 'unknown', reason = ?, updated_at = ? WHERE state = 'sending'",
                arguments: [reason, now])
            return db.changesCount
        }
    }

    public func takeDue(limit: Int, excluding: Set<StoreID>, now: Date) async throws -> [(id: Int64, store: StoreID)] {
        try await database.writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, store FROM messages WHERE state = 'queued' AND next_attempt_at <= ?
                    \(Self.storeExclusion(excluding)) ORDER BY priority, next_attempt_at, id LIMIT ?
                    """, arguments: [StoredDate.text(now)] + StatementArguments(excluding.map(\.rawValue)) + [limit])
            return rows.map { (id: $0["id"], store: StoreID(rawValue: $0["store"])) }
        }
    }

    /// Nothing to give back: a row is taken only by being claimed.
    public func release(ids: [Int64]) async throws {}

    public func nextDueTime(excluding: Set<StoreID>) async throws -> Date? {
        try await database.writer.read { db in
            try Date.fetchOne(
                db,
                sql:
                    "SELECT MIN(next_attempt_at) FROM messages WHERE state = 'queued' \(Self.storeExclusion(excluding))",
                arguments: StatementArguments(excluding.map(\.rawValue)))
        }
    }

    /// `AND store NOT IN (?, …)` for `stores`, or nothing.
    private static func storeExclusion(_ stores: Set<StoreID>) -> String {
        stores.isEmpty ? "" : "AND store NOT IN (" + stores.map { _ in "?" }.joined(separator: ", ") + ")"
    }

    /// Prepared statements are reused: this is the sender's hot path.
    public func claim(ids: [Int64], now: Date) async throws -> [MessageRecord] {
        try await database.writer.write { db in
            let update = try db.cachedStatement(
                sql: """
                    UPDATE messages SET state = 'sending', attempts = attempts + 1, updated_at = ?
                    WHERE id = ? AND state = 'queued' RETURNING *
                    """)
            let attempt = try db.cachedStatement(
                sql: "INSERT INTO message_attempts(store, message_id, number, started_at) VALUES (?, ?, ?, ?)")
            let time = StoredDate.text(now)
            var claimed: [MessageRecord] = []
            for id in ids {
                guard let row = try MessageRecord.fetchOne(update, arguments: [time, id]) else { continue }
                try attempt.execute(arguments: [row.store, id, row.attempts, time])
                claimed.append(row)
            }
            return claimed
        }
    }

    public func settle(_ settlements: [Settlement], now: Date) async throws -> [MessageRecord] {
        try await database.writer.write { db in
            let update = try db.cachedStatement(
                sql: """
                    UPDATE messages SET state = ?, attempts = ?, msgid = ?, gateway_status = ?, gateway_response = ?,
                        reason = ?, next_attempt_at = ?, next_status_check_at = ?, updated_at = ?
                    WHERE id = ? AND state = 'sending'
                    """)
            let finish = try db.cachedStatement(
                sql: """
                    UPDATE message_attempts SET finished_at = ?, outcome = ?, response = ?, gateway_status = ?
                    WHERE message_id = ? AND number = ?
                    """)
            let forget = try db.cachedStatement(
                sql: "DELETE FROM message_attempts WHERE message_id = ? AND number = ?")
            var saved: [MessageRecord] = []
            for settlement in settlements {
                let settled = settlement.row
                try update.execute(arguments: [
                    settled.state.rawValue, settled.attempts, settled.msgid, settled.gatewayStatus,
                    settled.gatewayResponse, settled.reason, settled.nextAttemptAt.map(StoredDate.text),
                    settled.nextStatusCheckAt.map(StoredDate.text), StoredDate.text(settled.updatedAt), settled.id,
                ])
                guard db.changesCount == 1 else { continue }
                if settlement.forgetsAttempt {
                    try forget.execute(arguments: [settled.id, settlement.attempt])
                } else {
                    try finish.execute(arguments: [
                        StoredDate.text(now), settlement.outcome, settlement.response, settlement.gatewayStatus,
                        settled.id, settlement.attempt,
                    ])
                }
                saved.append(settled)
            }
            return saved
        }
    }

    public func counts(of store: StoreID?) async throws -> [MessageState: Int] {
        try await database.writer.read { db in
            var counts: [MessageState: Int] = [:]
            let rows =
                if let store {
                    try Row.fetchAll(
                        db, sql: "SELECT state, COUNT(*) AS count FROM messages WHERE store = ? GROUP BY state",
                        arguments: [store.rawValue])
                } else {
                    try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS count FROM messages GROUP BY state")
                }
            for row in rows {
                if let state = MessageState(rawValue: row["state"]) { counts[state] = row["count"] }
            }
            return counts
        }
    }

    public func oldestQueued(of store: StoreID?) async throws -> Date? {
        try await database.writer.read { db in
            if let store {
                return try Date.fetchOne(
                    db, sql: "SELECT MIN(created_at) FROM messages WHERE state = 'queued' AND store = ?",
                    arguments: [store.rawValue])
            }
            return try Date.fetchOne(db, sql: "SELECT MIN(created_at) FROM messages WHERE state = 'queued'")
        }
    }

    /// Queues `store`'s rows again that may be retried; the outcome for each id.
    public func requeue(ids: [Int64], store: StoreID, now: Date, reason: String) async throws -> [(Int64, RetryOutcome)]
    {
        try await database.writer.write { db in
            try ids.map { id -> (Int64, RetryOutcome) in
                guard var row = try MessageRecord.fetchOne(db, key: id), row.store == store.rawValue else {
                    return (id, .notFound)
                }
                guard row.state.canBeRetried else { return (id, .notRetriable(row.state)) }
                try row.updateChanges(db) { row in
                    row.state = .queued
                    row.nextAttemptAt = now
                    row.reason = reason
                    row.updatedAt = now
                }
                return (id, .queued)
            }
        }
    }

    /// One process holds a SQLite outbox.
    public func sharingSenders() async throws -> Int { 1 }
}
