import Foundation
import Logging
import Notifier
import PostgresNIO

/// The store connections in PostgreSQL, in the stores' rows. A change locks the store's row (`FOR UPDATE`) for
/// its transaction, so that changes of one store made together on several instances apply one after the other.
public struct PostgresStoreSettingsStorage: StoreSettingsStorage {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func load(of store: StoreID) async throws -> StoreSettings? {
        try await client.withConnection { connection in
            try await Self.read(store, lock: false, on: connection, logger: logger)
        }
    }

    @discardableResult
    public func update(of store: StoreID, _ change: @Sendable (StoreSettings?) throws -> StoreSettings?)
        async throws -> StoreSettings?
    {
        try await client.transaction(logger: logger) { connection in
            let stored = try await Self.read(store, lock: true, on: connection, logger: logger)
            guard let settings = try change(stored) else { return nil }
            try await connection.query(
                """
                INSERT INTO stores (id, store_hash, access_token, api_url, client_secret, store_name, store_domain,
                    store_country, store_timezone, checked_at, updated_at)
                VALUES (\(store.rawValue), \(settings.storeHash), \(settings.accessToken), \(settings.apiURL),
                    \(settings.clientSecret), \(settings.storeName), \(settings.storeDomain),
                    \(settings.storeCountry), \(settings.storeTimezone), \(settings.checkedAt),
                    \(settings.updatedAt))
                ON CONFLICT (id) DO UPDATE SET store_hash = excluded.store_hash,
                    access_token = excluded.access_token, api_url = excluded.api_url,
                    client_secret = excluded.client_secret, store_name = excluded.store_name,
                    store_domain = excluded.store_domain, store_country = excluded.store_country,
                    store_timezone = excluded.store_timezone, checked_at = excluded.checked_at,
                    updated_at = excluded.updated_at
                """, logger: logger)
            return settings
        }
    }

    /// PostgreSQL keeps no overwritten value where a reader of the database's files would find it in the normal
    /// course: nothing to do beyond what VACUUM does.
    public func eraseOverwrittenSecrets() async throws {}

    private static func read(_ store: StoreID, lock: Bool, on connection: PostgresConnection, logger: Logger)
        async throws -> StoreSettings?
    {
        let rows = try await connection.query(
            """
            SELECT id, store_hash, access_token, api_url, client_secret, store_name, store_domain, store_country,
                store_timezone, checked_at, updated_at
            FROM stores WHERE id = \(store.rawValue) \(unescaped: lock ? "FOR UPDATE" : "")
            """, logger: logger)
        for try await row in rows {
            return try PostgresRowDecoder.decode(StoreSettings.self, from: row)
        }
        return nil
    }
}
