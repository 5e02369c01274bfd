import Foundation
import Logging
import Notifier
import PostgresNIO

extension PostgresHistoryStorage {
    /// The most events one statement of a prune removes.
    static let eventBatch = 5000

    public func settings(of store: StoreID) async throws -> HistoryRetention.Settings? {
        for try await row in try await client.query(
            "SELECT * FROM history_settings WHERE id = \(store.rawValue)", logger: logger)
        {
            return try PostgresRowDecoder.decode(HistoryRetention.Settings.self, from: row)
        }
        return nil
    }

    public func save(_ settings: HistoryRetention.Settings) async throws {
        try await client.query(
            """
            INSERT INTO history_settings (id, retention_days, last_pruned_at, updated_at)
            VALUES (\(settings.store.rawValue), \(settings.retentionDays), \(settings.lastPrunedAt),
                \(settings.updatedAt))
            ON CONFLICT (id) DO UPDATE SET retention_days = excluded.retention_days,
                last_pruned_at = excluded.last_pruned_at, updated_at = excluded.updated_at
            """, logger: logger)
    }

    public func settingsWithRetention() async throws -> [HistoryRetention.Settings] {
        var all: [HistoryRetention.Settings] = []
        for try await row in try await client.query(
            "SELECT * FROM history_settings WHERE retention_days IS NOT NULL ORDER BY id", logger: logger)
        {
            all.append(try PostgresRowDecoder.decode(HistoryRetention.Settings.self, from: row))
        }
        return all
    }

    /// The settled state is checked again on the rows deleted, so that a row queued again meanwhile stays.
    public func pruneMessages(before date: Date, store: StoreID, limit: Int) async throws -> Int {
        try await Self.deleted(
            """
            WITH gone AS (
                DELETE FROM messages WHERE id IN (
                    SELECT id FROM messages WHERE store = \(store.rawValue) AND created_at < \(date)
                    AND state NOT IN ('queued', 'sending', 'unknown') LIMIT \(limit))
                AND store = \(store.rawValue) AND state NOT IN ('queued', 'sending', 'unknown')
                RETURNING 1)
            SELECT count(*) FROM gone
            """, client: client, logger: logger)
    }

    /// In batches of ``eventBatch``, each its own statement.
    public func pruneEvents(before date: Date, store: StoreID) async throws -> Int {
        var total = 0
        while true {
            let removed = try await Self.deleted(
                """
                WITH gone AS (
                    DELETE FROM events WHERE id IN (
                        SELECT id FROM events e WHERE store = \(store.rawValue) AND state = 'processed'
                        AND received_at < \(date) AND NOT EXISTS (SELECT 1 FROM messages WHERE event_ref = e.id)
                        LIMIT \(Self.eventBatch))
                    RETURNING 1)
                SELECT count(*) FROM gone
                """, client: client, logger: logger)
            total += removed
            if removed < Self.eventBatch { return total }
        }
    }

    /// PostgreSQL's autovacuum gives the space back by itself.
    public func reclaimSpace() async throws {}

    public func markPruned(store: StoreID, at time: Date) async throws {
        try await client.query(
            """
            INSERT INTO history_settings (id, last_pruned_at, updated_at) VALUES (\(store.rawValue), \(time), \(time))
            ON CONFLICT (id) DO UPDATE SET last_pruned_at = excluded.last_pruned_at
            """, logger: logger)
    }

    /// How many rows the deleting `query` counted.
    private static func deleted(_ query: PostgresQuery, client: PostgresClient, logger: Logger) async throws -> Int {
        for try await count in try await client.query(query, logger: logger).decode(Int64.self) {
            return Int(count)
        }
        return 0
    }
}
