import Foundation
import GRDB
import Logging
import ServiceLifecycle

/// How long the history is kept: `history.prune` removes settled rows made before a date, and an optional
/// retention setting does it once a day. Rows still queued, sending or unknown are never pruned. The file
/// shrinks back (incremental vacuum, then the write-ahead log is emptied).
public struct HistoryRetention: Service {
    /// The retention setting.
    public struct Settings: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
        public static let databaseTableName = "history_settings"
        /// The store's id.
        var id = StoreID.first.rawValue
        /// Settled rows older than this many days are pruned daily; nil keeps everything.
        public var retentionDays: Int?
        public var lastPrunedAt: Date?
        public var updatedAt: Date

        enum CodingKeys: String, CodingKey {
            case id
            case retentionDays = "retention_days"
            case lastPrunedAt = "last_pruned_at"
            case updatedAt = "updated_at"
        }
    }

    /// What a prune removed.
    public struct Pruned: Sendable, Equatable {
        public let messages: Int
        public let events: Int
    }

    /// The accepted retention, in days.
    public static let retentionRange = 1...36_500

    private let database: AppDatabase
    private let logger: Logger
    private let now: @Sendable () -> Date

    public init(database: AppDatabase, logger: Logger, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.logger = logger
        self.now = now
    }

    public func settings(of store: StoreID) async throws -> Settings {
        try await database.writer.read { db in try Settings.fetchOne(db, key: store.rawValue) }
            ?? Settings(id: store.rawValue, retentionDays: nil, lastPrunedAt: nil, updatedAt: now())
    }

    /// Sets (or, with nil, clears) the retention.
    ///
    /// - Throws: ``ValidationError`` for a number of days out of range.
    public func setRetention(days: Int?, store: StoreID) async throws -> Settings {
        if let days, !Self.retentionRange.contains(days) {
            throw ValidationError(
                field: "retentionDays", reason: "\(days) is out of range: give 1 to 36500 days, or null")
        }
        var settings = try await settings(of: store)
        settings.retentionDays = days
        settings.updatedAt = now()
        let saved = settings
        try await database.writer.write { db in try saved.save(db) }
        return saved
    }

    /// Removes the settled rows made before `date` (and the events left without rows), a batch per
    /// transaction so that senders are never held long, then gives the space back.
    public func prune(before date: Date, store: StoreID) async throws -> Pruned {
        var messages = 0
        while true {
            let removed = try await database.writer.write { db -> Int in
                try db.execute(
                    sql: """
                        DELETE FROM messages WHERE id IN (
                            SELECT id FROM messages WHERE created_at < ? AND store = ?
                            AND state NOT IN ('queued', 'sending', 'unknown') LIMIT 5000)
                        """, arguments: [date, store.rawValue])
                return db.changesCount
            }
            messages += removed
            if removed < 5000 { break }
        }
        let events = try await database.writer.write { db -> Int in
            try db.execute(
                sql: """
                    DELETE FROM events WHERE store = ? AND state = 'processed' AND received_at < ?
                    AND NOT EXISTS (SELECT 1 FROM messages WHERE event_ref = events.id)
                    """, arguments: [store.rawValue, date])
            return db.changesCount
        }
        let time = now()
        try await database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA incremental_vacuum")
        }
        try? await database.checkpointAndTruncateLog()
        try await database.writer.write { db in
            var settings =
                try Settings.fetchOne(db, key: store.rawValue)
                ?? Settings(id: store.rawValue, retentionDays: nil, lastPrunedAt: nil, updatedAt: time)
            settings.lastPrunedAt = time
            try settings.save(db)
        }
        if messages > 0 {
            logger.info("pruned \(messages) SMS rows and \(events) events of \(store) made before \(date)")
        }
        return Pruned(messages: messages, events: events)
    }

    /// Prunes once a day when a retention is set.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    // Each store with a retention, once a day.
                    let all = try await database.writer.read { db in
                        try Settings.filter(sql: "retention_days IS NOT NULL").fetchAll(db)
                    }
                    for settings in all {
                        guard let days = settings.retentionDays,
                            settings.lastPrunedAt.map({ now().timeIntervalSince($0) >= 86_400 }) ?? true
                        else { continue }
                        _ = try await prune(
                            before: now().addingTimeInterval(-Double(days) * 86_400),
                            store: StoreID(rawValue: settings.id))
                    }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("pruning the history failed: \(error)")
                }
                try? await Task.sleep(for: .seconds(3600))
            }
        }
    }
}
