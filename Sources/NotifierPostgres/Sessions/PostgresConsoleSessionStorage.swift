import Foundation
import Logging
import Notifier
import PostgresNIO

/// The console's sessions in PostgreSQL, shared by every instance.
public struct PostgresConsoleSessionStorage: ConsoleSessionStorage {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func insert(_ session: ConsoleSession, digest: String, keepingAtMost: Int) async throws {
        try await client.transaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO console_sessions (digest, kind, store, "user", installed_at, created_at, last_use)
                VALUES (\(digest), \(session.kind.rawValue), \(session.store), \(session.user),
                    \(session.installedAt), \(session.createdAt), \(session.lastUse))
                """, logger: logger)
            try await connection.query(
                """
                DELETE FROM console_sessions WHERE digest IN (
                    SELECT digest FROM console_sessions ORDER BY last_use DESC OFFSET \(keepingAtMost))
                """, logger: logger)
        }
    }

    public func session(digest: String) async throws -> ConsoleSession? {
        let rows = try await client.query(
            """
            SELECT kind, store, "user", installed_at, created_at, last_use FROM console_sessions
            WHERE digest = \(digest)
            """, logger: logger)
        for try await row in rows {
            return try PostgresRowDecoder.decode(ConsoleSession.self, from: row)
        }
        return nil
    }

    public func touch(digest: String, at time: Date) async throws {
        try await client.query(
            "UPDATE console_sessions SET last_use = \(time) WHERE digest = \(digest)", logger: logger)
    }

    public func remove(digest: String) async throws {
        try await client.query("DELETE FROM console_sessions WHERE digest = \(digest)", logger: logger)
    }

    public func removeAll(store: StoreID, user: Int64?) async throws -> Int {
        let rows = try await client.query(
            """
            WITH ended AS (
                DELETE FROM console_sessions WHERE store = \(store.rawValue) AND (\(user)::bigint IS NULL OR "user" = \(user))
                RETURNING 1)
            SELECT count(*) FROM ended
            """, logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}
