import Foundation

/// Tokens the operator makes for one store (`tokens.create`): a script or a tool of that store's calls with
/// one and acts on that store alone. A token is shown once, when it is made; only its SHA-256 is kept.
public struct StoreTokens: Sendable {
    let storage: any StoreTokenStorage
    private let now: @Sendable () -> Date

    /// The tokens kept in `storage`.
    public init(storage: any StoreTokenStorage, now: @escaping @Sendable () -> Date = Date.init) {
        self.storage = storage
        self.now = now
    }

    /// The tokens kept in the SQLite `database`.
    public init(database: AppDatabase, now: @escaping @Sendable () -> Date = Date.init) {
        self.init(storage: SQLiteStoreTokenStorage(database: database), now: now)
    }

    /// A token as listed: never the token itself.
    public struct Token: Sendable, Equatable, Codable {
        public let id: Int64
        public let store: Int64
        public let label: String
        public let createdAt: Date
        public let lastUsedAt: Date?

        public init(id: Int64, store: Int64, label: String, createdAt: Date, lastUsedAt: Date?) {
            self.id = id
            self.store = store
            self.label = label
            self.createdAt = createdAt
            self.lastUsedAt = lastUsedAt
        }

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
        let id = try await storage.insert(
            store: store, label: label, tokenHash: SecretDigest.hex(secret), createdAt: time)
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
        try await storage.list(store: store)
    }

    /// Revokes the token `id` (of `store` when given); false when there is none.
    public func revoke(id: Int64, store: StoreID?) async throws -> Bool {
        try await storage.delete(id: id, store: store)
    }

    /// The store `secret` is a token of, if it is one; its last use is recorded.
    public func store(of secret: String) async throws -> StoreID? {
        guard secret.hasPrefix(Self.prefix), secret.count <= 200 else { return nil }
        return try await storage.use(tokenHash: SecretDigest.hex(secret), at: now())
    }
}
