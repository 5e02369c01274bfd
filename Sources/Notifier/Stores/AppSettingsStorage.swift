import Foundation
import GRDB

/// Where the app's settings are kept: one row.
public protocol AppSettingsStorage: Sendable {
    /// The saved settings; nil when nothing was saved yet.
    func load() async throws -> AppSettings?
    /// Saves what `change` makes of the saved settings (nil when none), in one transaction that no other
    /// change can interleave with, on any instance; the settings saved.
    ///
    /// - Throws: what `change` throws (nothing is saved then), or the database's error.
    func update(_ change: @Sendable (AppSettings?) throws -> AppSettings) async throws -> AppSettings
    /// Makes sure no overwritten secret stays readable in the database's files (SQLite's write-ahead log).
    func eraseOverwrittenSecrets() async
}

/// The app's settings in the SQLite database.
public struct SQLiteAppSettingsStorage: AppSettingsStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func load() async throws -> AppSettings? {
        try await database.writer.read { db in try AppSettings.fetchOne(db) }
    }

    public func update(_ change: @Sendable (AppSettings?) throws -> AppSettings) async throws -> AppSettings {
        try await database.writer.write { db in
            let settings = try change(AppSettings.fetchOne(db))
            try settings.save(db)
            return settings
        }
    }

    public func eraseOverwrittenSecrets() async {
        try? await database.checkpointAndTruncateLog()
    }
}

extension AppSettings: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "app_settings"
}
