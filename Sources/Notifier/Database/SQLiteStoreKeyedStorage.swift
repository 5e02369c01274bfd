import Foundation
import GRDB

/// Records kept one row per store, keyed by the store's id, in the SQLite database: the account settings and
/// the store connections. Changes run on the single writer, so that changes of one store apply one after the
/// other.
public struct SQLiteStoreKeyedStorage<Record: FetchableRecord & PersistableRecord & Sendable>: Sendable {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// The saved record of `store`; nil when none.
    public func load(of store: StoreID) async throws -> Record? {
        try await database.writer.read { db in try Record.fetchOne(db, key: store.rawValue) }
    }

    /// Saves what `change` makes of the saved record of `store` (nil when none), in one transaction; nothing
    /// when `change` answers nil. The record saved, or nil when nothing was.
    @discardableResult
    public func update(of store: StoreID, _ change: @Sendable (Record?) throws -> Record?) async throws -> Record? {
        try await database.writer.write { db in
            guard let record = try change(Record.fetchOne(db, key: store.rawValue)) else { return nil }
            try record.save(db)
            return record
        }
    }

    /// Empties the write-ahead log, so that no overwritten secret stays readable in it.
    public func eraseOverwrittenSecrets() async throws {
        try await database.checkpointAndTruncateLog()
    }
}
