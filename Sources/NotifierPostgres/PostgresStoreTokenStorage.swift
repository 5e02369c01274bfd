import Foundation
import Logging
import Notifier
import PostgresNIO

/// The store tokens in PostgreSQL.
public struct PostgresStoreTokenStorage: StoreTokenStorage {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func insert(store: StoreID, label: String, tokenHash: String, createdAt: Date) async throws -> Int64 {
        let rows = try await client.query(
            """
            INSERT INTO store_tokens (store, label, token_hash, created_at)
            VALUES (\(store.rawValue), \(label), \(tokenHash), \(createdAt)) RETURNING id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw PostgresStorageError("the new token's row was not returned")
    }

    public func list(store: StoreID?) async throws -> [StoreTokens.Token] {
        let rows =
            if let store {
                try await client.query(
                    """
                    SELECT id, store, label, created_at, last_used_at FROM store_tokens
                    WHERE store = \(store.rawValue) ORDER BY id
                    """, logger: logger)
            } else {
                try await client.query(
                    "SELECT id, store, label, created_at, last_used_at FROM store_tokens ORDER BY id", logger: logger)
            }
        var tokens: [StoreTokens.Token] = []
        for try await (id, store, label, createdAt, lastUsedAt) in rows.decode((Int64, Int64, String, Date, Date?).self)
        {
            tokens.append(
                StoreTokens.Token(id: id, store: store, label: label, createdAt: createdAt, lastUsedAt: lastUsedAt))
        }
        return tokens
    }

    public func delete(id: Int64, store: StoreID?) async throws -> Bool {
        let rows =
            if let store {
                try await client.query(
                    "DELETE FROM store_tokens WHERE id = \(id) AND store = \(store.rawValue) RETURNING id",
                    logger: logger)
            } else {
                try await client.query("DELETE FROM store_tokens WHERE id = \(id) RETURNING id", logger: logger)
            }
        var deleted = 0
        for try await _ in rows.decode(Int64.self) { deleted += 1 }
        return deleted == 1
    }

    public func use(tokenHash: String, at time: Date) async throws -> StoreID? {
        let rows = try await client.query(
            "UPDATE store_tokens SET last_used_at = \(time) WHERE token_hash = \(tokenHash) RETURNING store",
            logger: logger)
        for try await store in rows.decode(Int64.self) { return StoreID(rawValue: store) }
        return nil
    }
}

/// A PostgreSQL answer that is not what the storage expects.
public struct PostgresStorageError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
