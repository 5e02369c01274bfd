import Foundation
import GRDB

extension SQLiteHistoryStorage {
    public func settings(of store: StoreID) async throws -> HistoryRetention.Settings? {
        try await database.writer.read { db in try HistoryRetention.Settings.fetchOne(db, key: store.rawValue) }
    }

    public func save(_ settings: HistoryRetention.Settings) async throws {
        try await database.writer.write { db in try settings.save(db) }
    }

    public func settingsWithRetention() async throws -> [HistoryRetention.Settings] {
        try await database.writer.read { db in
            try HistoryRetention.Settings.filter(sql: "retention_days IS NOT NULL").fetchAll(db)
        }
    }

    public func pruneMessages(before date: Date, store: StoreID, limit: Int) async throws -> Int {
        try await database.writer.write { db -> Int in
            try db.execute(
                sql: """
                    DELETE FROM messages WHERE id IN (
                        SELECT id FROM messages WHERE created_at < ? AND store = ?
                        AND state NOT IN ('queued', 'sending', 'unknown') LIMIT \(limit))
                    """, arguments: [date, store.rawValue])
            return db.changesCount
        }
    }

    public func pruneEvents(before date: Date, store: StoreID) async throws -> Int {
        try await database.writer.write { db -> Int in
            try db.execute(
                sql: """
                    DELETE FROM events WHERE store = ? AND state = 'processed' AND received_at < ?
                    AND NOT EXISTS (SELECT 1 FROM messages WHERE event_ref = events.id)
                    """, arguments: [store.rawValue, date])
            return db.changesCount
        }
    }

    /// Incremental vacuum, then the write-ahead log is emptied, so that the file shrinks back.
    public func reclaimSpace() async throws {
        try await database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA incremental_vacuum")
        }
        try? await database.checkpointAndTruncateLog()
    }

    public func markPruned(store: StoreID, at time: Date) async throws {
        try await database.writer.write { db in
            var settings =
                try HistoryRetention.Settings.fetchOne(db, key: store.rawValue)
                ?? HistoryRetention.Settings(store: store, retentionDays: nil, lastPrunedAt: nil, updatedAt: time)
            settings.lastPrunedAt = time
            try settings.save(db)
        }
    }
}
