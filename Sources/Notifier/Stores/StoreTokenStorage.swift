import Foundation
import GRDB

/// Where the store tokens are kept: the seam between ``StoreTokens`` and a database. The domain makes, hashes
/// and checks tokens; a storage keeps their rows (SQLite here, PostgreSQL in `NotifierPostgres`).
public protocol StoreTokenStorage: Sendable {
    /// Keeps a new token's row; its id.
    func insert(store: StoreID, label: String, tokenHash: String, createdAt: Date) async throws -> Int64
    /// The tokens of `store` (of every store when nil), oldest first.
    func list(store: StoreID?) async throws -> [StoreTokens.Token]
    /// Deletes the token `id` (only if it is `store`'s, when given); whether there was one.
    func delete(id: Int64, store: StoreID?) async throws -> Bool
    /// The store of the token whose SHA-256 is `tokenHash`, if any; its last use set to `time`.
    func use(tokenHash: String, at time: Date) async throws -> StoreID?
}

/// The store tokens in the SQLite database.
public struct SQLiteStoreTokenStorage: StoreTokenStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func insert(store: StoreID, label: String, tokenHash: String, createdAt: Date) async throws -> Int64 {
        try await database.writer.write { db -> Int64 in
            try db.execute(
                sql: "INSERT INTO store_tokens (store, label, token_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [store.rawValue, label, tokenHash, createdAt])
            return db.lastInsertedRowID
        }
    }

    public func list(store: StoreID?) async throws -> [StoreTokens.Token] {
        try await database.writer.read { db in
            var request = StoreTokens.Token.order(Column("id"))
            if let store { request = request.filter(Column("store") == store.rawValue) }
            return try request.fetchAll(db)
        }
    }

    public func delete(id: Int64, store: StoreID?) async throws -> Bool {
        try await database.writer.write { db in
            if let store {
                try db.execute(
                    sql: "DELETE FROM store_tokens WHERE id = ? AND store = ?", arguments: [id, store.rawValue])
            } else {
                try db.execute(sql: "DELETE FROM store_tokens WHERE id = ?", arguments: [id])
            }
            return db.changesCount == 1
        }
    }

    public func use(tokenHash: String, at time: Date) async throws -> StoreID? {
        try await database.writer.write { db in
            guard
                let store = try Int64.fetchOne(
                    db, sql: "SELECT store FROM store_tokens WHERE token_hash = ?", arguments: [tokenHash])
            else { return nil }
            try db.execute(
                sql: "UPDATE store_tokens SET last_used_at = ? WHERE token_hash = ?", arguments: [time, tokenHash])
            return StoreID(rawValue: store)
        }
    }
}

extension StoreTokens.Token: FetchableRecord, TableRecord {
    public static let databaseTableName = "store_tokens"
    public static var databaseSelection: [any SQLSelectable] {
        [Column("id"), Column("store"), Column("label"), Column("created_at"), Column("last_used_at")]
    }
}
