import Foundation
import GRDB
import Logging
import ServiceLifecycle

/// How long the history is kept: `history.prune` removes settled rows made before a date, and an optional
/// retention setting does it once a day. Rows still queued, sending or unknown are never pruned. The space is
/// given back (on SQLite, the file shrinks: incremental vacuum, then the write-ahead log is emptied).
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

        /// `store`'s setting.
        public init(store: StoreID, retentionDays: Int?, lastPrunedAt: Date?, updatedAt: Date) {
            id = store.rawValue
            self.retentionDays = retentionDays
            self.lastPrunedAt = lastPrunedAt
            self.updatedAt = updatedAt
        }

        /// The store whose setting it is.
        public var store: StoreID { StoreID(rawValue: id) }
    }

    /// What a prune removed.
    public struct Pruned: Sendable, Equatable {
        public let messages: Int
        public let events: Int
    }

    /// The accepted retention, in days.
    public static let retentionRange = 1...36_500

    /// The most rows one transaction of a prune removes.
    static let pruneBatch = 5000

    private let storage: any HistoryRetentionStorage
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// The retention of the history in the SQLite database.
    public init(database: AppDatabase, logger: Logger, now: @escaping @Sendable () -> Date = Date.init) {
        self.init(storage: SQLiteHistoryStorage(database: database), logger: logger, now: now)
    }

    /// The retention of the history in `storage`.
    public init(
        storage: any HistoryRetentionStorage, logger: Logger, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.storage = storage
        self.logger = logger
        self.now = now
    }

    public func settings(of store: StoreID) async throws -> Settings {
        try await storage.settings(of: store)
            ?? Settings(store: store, retentionDays: nil, lastPrunedAt: nil, updatedAt: now())
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
        try await storage.save(settings)
        return settings
    }

    /// Removes the settled rows made before `date` (and the events left without rows), a batch per
    /// transaction so that senders are never held long, then gives the space back.
    public func prune(before date: Date, store: StoreID) async throws -> Pruned {
        var messages = 0
        while true {
            let removed = try await storage.pruneMessages(before: date, store: store, limit: Self.pruneBatch)
            messages += removed
            if removed < Self.pruneBatch { break }
        }
        let events = try await storage.pruneEvents(before: date, store: store)
        let time = now()
        try await storage.reclaimSpace()
        try await storage.markPruned(store: store, at: time)
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
                    let all = try await storage.settingsWithRetention()
                    for settings in all {
                        guard let days = settings.retentionDays,
                            settings.lastPrunedAt.map({ now().timeIntervalSince($0) >= 86_400 }) ?? true
                        else { continue }
                        _ = try await prune(
                            before: now().addingTimeInterval(-Double(days) * 86_400),
                            store: settings.store)
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
