import Foundation
import Logging
import Notifier
import PostgresNIO

/// The app's settings in PostgreSQL. A change takes a transaction-scoped advisory lock first, so that changes
/// made together on several instances apply one after the other, each to what the one before saved (the row
/// may not exist yet, so a row lock alone could not order the first two).
public struct PostgresAppSettingsStorage: AppSettingsStorage {
    let client: PostgresClient
    let logger: Logger
    /// The advisory lock of the app's settings: "appset" in ASCII.
    static let lockKey: Int64 = 0x61_7070_7365_74

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func load() async throws -> AppSettings? {
        try await Self.read(client.query(Self.select, logger: logger))
    }

    public func update(_ change: @Sendable (AppSettings?) throws -> AppSettings) async throws -> AppSettings {
        try await client.transaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            let settings = try change(try await Self.read(connection.query(Self.select, logger: logger)))
            try await connection.query(
                """
                INSERT INTO app_settings (id, client_id, client_secret, login_url, api_url, updated_at)
                VALUES (1, \(settings.clientID), \(settings.clientSecret), \(settings.loginURL), \(settings.apiURL),
                    \(settings.updatedAt))
                ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id,
                    client_secret = excluded.client_secret, login_url = excluded.login_url,
                    api_url = excluded.api_url, updated_at = excluded.updated_at
                """, logger: logger)
            return settings
        }
    }

    /// PostgreSQL keeps no overwritten value where a reader of the database's files would find it in the normal
    /// course: nothing to do beyond what VACUUM does.
    public func eraseOverwrittenSecrets() async {}

    private static let select: PostgresQuery =
        "SELECT client_id, client_secret, login_url, api_url, updated_at FROM app_settings WHERE id = 1"

    private static func read(_ rows: PostgresRowSequence) async throws -> AppSettings? {
        for try await (id, secret, login, api, updated) in rows.decode((String?, String?, String, String, Date).self) {
            return AppSettings(clientID: id, clientSecret: secret, loginURL: login, apiURL: api, updatedAt: updated)
        }
        return nil
    }
}
