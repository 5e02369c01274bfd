import Crypto
import Foundation
import GRDB

/// Tokens the operator makes for one store (`tokens.create`): a script or a tool of that store's calls with
/// one and acts on that store alone. A token is shown once, when it is made; only its SHA-256 is kept.
public struct StoreTokens: Sendable {
    let database: AppDatabase
    private let now: @Sendable () -> Date

    public init(database: AppDatabase, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.now = now
    }

    /// A token as listed: never the token itself.
    public struct Token: Sendable, Equatable, Codable, FetchableRecord, TableRecord {
        public static let databaseTableName = "store_tokens"
        public static var databaseSelection: [any SQLSelectable] {
            [Column("id"), Column("store"), Column("label"), Column("created_at"), Column("last_used_at")]
        }

        public let id: Int64
        public let store: Int64
        public let label: String
        public let createdAt: Date
        public let lastUsedAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, store, label
            case createdAt = "created_at"
            case lastUsedAt = "last_used_at"
        }
    }

    /// What every store token starts with, so that one found in a file or a log is known for what it is.
    public static let prefix = "mnst_"

    /// Makes a token for `store`; returns it with the one time its text is shown.
    ///
    /// - Throws: ``ValidationError`` naming `label`.
    public func create(store: StoreID, label: String) async throws -> (token: Token, secret: String) {
        let label = try Self.checkedLabel(label)
        let secret = Self.prefix + EndpointSecrets.randomHex(bytes: 32)
        let time = now()
        let id = try await database.writer.write { db -> Int64 in
            try db.execute(
                sql: "INSERT INTO store_tokens (store, label, token_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [store.rawValue, label, Self.hash(secret), time])
            return db.lastInsertedRowID
        }
        let token = Token(id: id, store: store.rawValue, label: label, createdAt: time, lastUsedAt: nil)
        return (token, secret)
    }

    /// `label` as kept: trimmed, 1 to 100 characters.
    ///
    /// - Throws: ``ValidationError`` naming `label`.
    public static func checkedLabel(_ label: String) throws(ValidationError) -> String {
        let label = label.trimmingWhitespace
        guard (1...100).contains(label.count) else {
            throw ValidationError(field: "label", reason: "must be 1 to 100 characters: say who or what uses it")
        }
        return label
    }

    /// The tokens of `store` (of every store when nil), oldest first.
    public func list(store: StoreID?) async throws -> [Token] {
        try await database.writer.read { db in
            var request = Token.order(Column("id"))
            if let store { request = request.filter(Column("store") == store.rawValue) }
            return try request.fetchAll(db)
        }
    }

    /// Revokes the token `id` (of `store` when given); false when there is none.
    public func revoke(id: Int64, store: StoreID?) async throws -> Bool {
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

    /// The store `secret` is a token of, if it is one; its last use is recorded.
    public func store(of secret: String) async throws -> StoreID? {
        guard secret.hasPrefix(Self.prefix), secret.count <= 200 else { return nil }
        let hash = Self.hash(secret)
        let time = now()
        return try await database.writer.write { db in
            guard
                let store = try Int64.fetchOne(
                    db, sql: "SELECT store FROM store_tokens WHERE token_hash = ?", arguments: [hash])
            else { return nil }
            try db.execute(
                sql: "UPDATE store_tokens SET last_used_at = ? WHERE token_hash = ?", arguments: [time, hash])
            return StoreID(rawValue: store)
        }
    }

    private static func hash(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
