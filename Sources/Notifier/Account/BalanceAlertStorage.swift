import Foundation
import GRDB

/// Where each store's low-balance alert is kept: one row per store that has a threshold.
public protocol BalanceAlertStorage: Sendable {
    /// The alert of `store`; nil when it has no threshold.
    func load(of store: StoreID) async throws -> BalanceAlertState?
    /// Every store's alert, by store.
    func all() async throws -> [BalanceAlertState]
    /// Sets the threshold of `store` (nil removes it). A threshold that changes starts with no alert out, so
    /// that the next balance seen below it is told.
    func configure(of store: StoreID, threshold: LowBalanceThreshold?, now: Date) async throws -> BalanceAlertState?
    /// In one transaction, that no other change of the same store's alert can interleave with on any
    /// instance: saves what `change` makes of the alert of `store` and queues the SMS rows it answers. Nothing
    /// when the store has no threshold (nil then).
    func record(
        of store: StoreID, _ change: @Sendable (BalanceAlertState) -> (BalanceAlertState, [MessageRecord])
    ) async throws -> (state: BalanceAlertState, queued: Int)?
}

extension BalanceAlertState: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "balance_alerts"
}

/// The low-balance alerts in the SQLite database.
public struct SQLiteBalanceAlertStorage: BalanceAlertStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func load(of store: StoreID) async throws -> BalanceAlertState? {
        try await database.writer.read { db in try BalanceAlertState.fetchOne(db, key: store.rawValue) }
    }

    public func all() async throws -> [BalanceAlertState] {
        try await database.writer.read { db in try BalanceAlertState.order(Column("id")).fetchAll(db) }
    }

    public func configure(of store: StoreID, threshold: LowBalanceThreshold?, now: Date) async throws
        -> BalanceAlertState?
    {
        try await database.writer.write { db in
            let stored = try BalanceAlertState.fetchOne(db, key: store.rawValue)
            guard let threshold else {
                try stored?.delete(db)
                return nil
            }
            let state =
                stored.map { $0.keeping(threshold, now: now) }
                ?? BalanceAlertState(store: store, threshold: threshold, now: now)
            try state.save(db)
            return state
        }
    }

    public func record(
        of store: StoreID, _ change: @Sendable (BalanceAlertState) -> (BalanceAlertState, [MessageRecord])
    ) async throws -> (state: BalanceAlertState, queued: Int)? {
        try await database.writer.write { db in
            guard let stored = try BalanceAlertState.fetchOne(db, key: store.rawValue) else { return nil }
            let (state, messages) = change(stored)
            try state.save(db)
            var queued = 0
            for var message in messages {
                if try message.insertUnlessPresent(db), message.state == .queued { queued += 1 }
            }
            return (state, queued)
        }
    }
}

extension BalanceAlertState {
    /// The state under `threshold`: as it is when the threshold is the same, else started afresh (the last
    /// balance seen kept).
    public func keeping(_ threshold: LowBalanceThreshold, now: Date) -> BalanceAlertState {
        guard below != threshold.below.literal || currency != threshold.currency else { return self }
        var next = BalanceAlertState(store: store, threshold: threshold, now: now)
        next.lastBalance = lastBalance
        next.lastCurrency = lastCurrency
        next.lastCheckedAt = lastCheckedAt
        return next
    }
}
