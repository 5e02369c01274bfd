import Foundation
import GRDB

/// Where each store's gateway account settings are kept: one row per store.
public protocol AccountSettingsStorage: Sendable {
    /// The saved settings of `store`; nil when nothing was saved yet.
    func load(of store: StoreID) async throws -> AccountSettings?
    /// Saves what `change` makes of the saved settings of `store` (nil when none), in one transaction that no
    /// other change of that store can interleave with, on any instance; nothing when `change` answers nil.
    /// The settings saved, or nil when nothing was.
    ///
    /// - Throws: what `change` throws (nothing is saved then), or the database's error.
    @discardableResult
    func update(of store: StoreID, _ change: @Sendable (AccountSettings?) throws -> AccountSettings?) async throws
        -> AccountSettings?
    /// Makes sure no overwritten secret stays readable in the database's files (SQLite's write-ahead log).
    func eraseOverwrittenSecrets() async throws
}

/// The account settings in the SQLite database.
public typealias SQLiteAccountSettingsStorage = SQLiteStoreKeyedStorage<AccountSettings>

extension SQLiteStoreKeyedStorage: AccountSettingsStorage where Record == AccountSettings {}

extension AccountSettings: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "account_settings"
}
