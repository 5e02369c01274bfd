import Foundation

/// The stores the service serves: installed by the app's install flow (or, for a self-hosted service, the
/// one store connected by hand), uninstalled, erased; and which store an event's `producer` names. The rows are
/// the storage's (``StoreDirectoryStorage``); the rules are here.
public struct StoreDirectory: Sendable {
    /// Where the stores' rows are kept.
    let storage: any StoreDirectoryStorage
    /// Where the app's settings are kept.
    let appStorage: any AppSettingsStorage
    private let now: @Sendable () -> Date

    /// The stores of the SQLite `database`; the app's settings in `appStorage` (by default the same database's).
    public init(
        database: AppDatabase, appStorage: (any AppSettingsStorage)? = nil,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.init(
            storage: SQLiteStoreDirectoryStorage(database: database),
            appStorage: appStorage ?? SQLiteAppSettingsStorage(database: database), now: now)
    }

    /// The stores kept in `storage`, the app's settings in `appStorage`.
    public init(
        storage: any StoreDirectoryStorage, appStorage: any AppSettingsStorage,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.storage = storage
        self.appStorage = appStorage
        self.now = now
    }

    /// What an install granted: the token exchange's answer.
    public struct Grant: Sendable, Equatable {
        public var storeHash: String
        public var accessToken: String
        public var scopes: String
        public var accountUUID: String?
        public var ownerUserID: Int64?
        public var ownerEmail: String?
        /// The store API's address (the app's `apiUrl`).
        public var apiURL: String

        public init(
            storeHash: String, accessToken: String, scopes: String, accountUUID: String? = nil,
            ownerUserID: Int64? = nil, ownerEmail: String? = nil, apiURL: String = StoreSettings.defaultAPIURL
        ) {
            self.apiURL = apiURL
            self.storeHash = storeHash
            self.accessToken = accessToken
            self.scopes = scopes
            self.accountUUID = accountUUID
            self.ownerUserID = ownerUserID
            self.ownerEmail = ownerEmail
        }
    }

    /// Every store, first installed first.
    public func all() async throws -> [StoreRecord] {
        try await storage.page(after: nil, limit: Int.max, state: nil)
    }

    /// The store of a service that holds exactly one; nil when it holds several.
    public func soleStore() async throws -> StoreRoute? {
        try await storage.routes.sole()
    }

    /// How many stores the service holds.
    public func count() async throws -> Int {
        try await storage.routes.count()
    }

    /// The route of the store `id` (its hash and state), if there is one: from memory.
    public func route(_ id: StoreID) async throws -> StoreRoute? {
        try await storage.routes.route(id)
    }

    /// The route of the store whose hash is `hash` (any case), if there is one: from memory.
    public func route(hash: String) async throws -> StoreRoute? {
        try await storage.routes.route(hash: hash)
    }

    /// Up to `limit` stores after the store `after`, first installed first, in `state` when given.
    public func page(after: StoreID?, limit: Int, state: StoreState?) async throws -> [StoreRecord] {
        try await storage.page(after: after, limit: limit, state: state)
    }

    /// The SMS each of `stores` has waiting or in flight, by state (`queued`, `sending`).
    public func queues(of stores: [StoreID]) async throws -> [StoreID: [MessageState: Int]] {
        guard !stores.isEmpty else { return [:] }
        return try await storage.queues(of: stores)
    }

    /// The store `id`, if there is one.
    public func store(_ id: StoreID) async throws -> StoreRecord? {
        try await storage.store(id)
    }

    /// The store whose hash is `hash` (any case: hashes are kept in lower case), if there is one.
    public func store(hash: String) async throws -> StoreRecord? {
        try await storage.store(hash: hash.lowercased())
    }

    /// Stores what an install granted: a store installed before keeps its id, settings and history and gets
    /// the new token; a new one takes the first store while nobody set that one up (never connected, no
    /// MoceanAPI credentials, nothing sent, received or kept), or a new id. A first store the operator set up
    /// (a self-hosted service's) stays theirs.
    ///
    /// - Returns: the store and whether it was installed before.
    public func install(_ grant: Grant) async throws -> (StoreID, reinstalled: Bool) {
        let hash = try StoreUpdate.storeHash(grant.storeHash)
        let done = try await storage.install(grant, hash: hash, at: now())
        storage.routes.invalidate()
        return done
    }

    /// What an uninstall did.
    public struct Uninstalled: Sendable, Equatable {
        public let store: StoreID
        /// Queued SMS cancelled.
        public let cancelledMessages: Int
        /// Broadcasts cancelled.
        public let cancelledBroadcasts: Int

        public init(store: StoreID, cancelledMessages: Int, cancelledBroadcasts: Int) {
            self.store = store
            self.cancelledMessages = cancelledMessages
            self.cancelledBroadcasts = cancelledBroadcasts
        }
    }

    /// The app was uninstalled from the store `hash`: its token is erased at once, its queued SMS and
    /// unfinished broadcasts are cancelled, its webhooks are refused from now on; its history is kept (and
    /// pruned with the retention period). Nil when no such store is installed.
    public func uninstall(hash: String) async throws -> Uninstalled? {
        let done = try await storage.uninstall(hash: hash.lowercased(), at: now(), reason: Self.uninstalledReason)
        storage.routes.invalidate()
        return done
    }

    /// Why an uninstalled store's queued SMS were not sent.
    public static let uninstalledReason = "the app was uninstalled from the store before it was sent"

    /// Removes everything of the store `id` now: its rows in every table, its settings and the store itself.
    /// The first store is emptied rather than removed: a service started without a store serves it.
    ///
    /// - Returns: whether there was such a store.
    public func erase(_ id: StoreID) async throws -> Bool {
        let done = try await storage.erase(id, at: now())
        storage.routes.invalidate()
        return done
    }

    /// Which store an event's `producer` (`stores/{hash}`) names, and whether the app is installed there.
    public enum Producer: Sendable, Equatable {
        case active(StoreID)
        case uninstalled(StoreID)
        case unknown
    }

    /// The store `producer` names.
    public func resolve(producer: String) async throws -> Producer {
        let prefix = "stores/"
        guard producer.lowercased().hasPrefix(prefix) else { return .unknown }
        guard let route = try await route(hash: String(producer.dropFirst(prefix.count))) else { return .unknown }
        return route.state == .active ? .active(route.store) : .uninstalled(route.store)
    }
}
