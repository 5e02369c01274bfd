import Foundation

/// Where each store's connection is kept: its row of the stores.
public protocol StoreSettingsStorage: Sendable {
    /// The saved connection of `store`; nil when the store has no row.
    func load(of store: StoreID) async throws -> StoreSettings?
    /// Saves what `change` makes of the saved connection of `store` (nil when none), in one transaction that no
    /// other change of that store can interleave with, on any instance; nothing when `change` answers nil. The
    /// connection saved, or nil when nothing was.
    ///
    /// - Throws: what `change` throws (nothing is saved then), or the database's error.
    @discardableResult
    func update(of store: StoreID, _ change: @Sendable (StoreSettings?) throws -> StoreSettings?) async throws
        -> StoreSettings?
    /// Makes sure no overwritten token stays readable in the database's files (SQLite's write-ahead log).
    func eraseOverwrittenSecrets() async throws
}

/// The store connections in the SQLite database.
public typealias SQLiteStoreSettingsStorage = SQLiteStoreKeyedStorage<StoreSettings>

extension SQLiteStoreKeyedStorage: StoreSettingsStorage where Record == StoreSettings {}
