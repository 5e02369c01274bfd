import Foundation
import GRDB

/// A signed-in browser of the console as kept in the database, shared by every instance: kept under the SHA-256
/// of its id, never the id itself, so that a reader of the database cannot take it over.
public struct ConsoleSession: Sendable, Equatable, Codable {
    /// A cookie session (the operator's) or a page session (a store user's, opened from the control panel).
    public enum Kind: String, Sendable, Codable {
        case cookie, page
    }

    public var kind: Kind
    /// The store a page session is bound to.
    public var store: Int64?
    /// The store user a page session was opened for.
    public var user: Int64?
    /// The store's install a page session was opened under: a later install is not this session's.
    public var installedAt: Date?
    public var createdAt: Date
    public var lastUse: Date

    enum CodingKeys: String, CodingKey {
        case kind, store, user
        case installedAt = "installed_at"
        case createdAt = "created_at"
        case lastUse = "last_use"
    }

    public init(kind: Kind, store: Int64?, user: Int64?, installedAt: Date?, createdAt: Date, lastUse: Date) {
        self.kind = kind
        self.store = store
        self.user = user
        self.installedAt = installedAt
        self.createdAt = createdAt
        self.lastUse = lastUse
    }
}

/// Where the console's sessions are kept, so that a session opened on one instance is valid on every instance.
public protocol ConsoleSessionStorage: Sendable {
    /// Keeps `session` under `digest`; beyond `keepingAtMost` sessions, the least recently used go first.
    func insert(_ session: ConsoleSession, digest: String, keepingAtMost: Int) async throws
    /// The session kept under `digest`; nil when there is none.
    func session(digest: String) async throws -> ConsoleSession?
    /// Records a use of the session under `digest` at `time`.
    func touch(digest: String, at time: Date) async throws
    /// Ends the session under `digest`.
    func remove(digest: String) async throws
    /// Ends every session bound to `store` (of `user` only, when given); how many ended.
    func removeAll(store: StoreID, user: Int64?) async throws -> Int
}

/// The console's sessions in the SQLite database.
public struct SQLiteConsoleSessionStorage: ConsoleSessionStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func insert(_ session: ConsoleSession, digest: String, keepingAtMost: Int) async throws {
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO console_sessions (digest, kind, store, user, installed_at, created_at, last_use)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    digest, session.kind.rawValue, session.store, session.user, session.installedAt,
                    session.createdAt, session.lastUse,
                ])
            try db.execute(
                sql: """
                    DELETE FROM console_sessions WHERE digest IN (
                        SELECT digest FROM console_sessions ORDER BY last_use DESC LIMIT -1 OFFSET ?)
                    """, arguments: [keepingAtMost])
        }
    }

    public func session(digest: String) async throws -> ConsoleSession? {
        try await database.writer.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT kind, store, user, installed_at, created_at, last_use FROM console_sessions
                    WHERE digest = ?
                    """, arguments: [digest]
            ).flatMap { row in
                ConsoleSession.Kind(rawValue: row["kind"]).map { kind in
                    ConsoleSession(
                        kind: kind, store: row["store"], user: row["user"], installedAt: row["installed_at"],
                        createdAt: row["created_at"], lastUse: row["last_use"])
                }
            }
        }
    }

    public func touch(digest: String, at time: Date) async throws {
        try await database.writer.write { db in
            try db.execute(
                sql: "UPDATE console_sessions SET last_use = ? WHERE digest = ?", arguments: [time, digest])
        }
    }

    public func remove(digest: String) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM console_sessions WHERE digest = ?", arguments: [digest])
        }
    }

    public func removeAll(store: StoreID, user: Int64?) async throws -> Int {
        try await database.writer.write { db in
            try db.execute(
                sql: "DELETE FROM console_sessions WHERE store = ? AND (? IS NULL OR user = ?)",
                arguments: [store.rawValue, user, user])
            return db.changesCount
        }
    }
}
