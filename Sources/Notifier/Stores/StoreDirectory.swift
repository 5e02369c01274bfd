import Foundation
import GRDB

/// The stores the service serves: installed by the app's install flow (or, for a self-hosted service, the
/// one store connected by hand), uninstalled, erased; and which store an event's `producer` names.
public struct StoreDirectory: Sendable {
    let database: AppDatabase
    /// Where the app's settings are kept.
    let appStorage: any AppSettingsStorage
    private let now: @Sendable () -> Date

    /// The stores of `database`; the app's settings in `appStorage` (by default the same database's).
    public init(
        database: AppDatabase, appStorage: (any AppSettingsStorage)? = nil,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.database = database
        self.appStorage = appStorage ?? SQLiteAppSettingsStorage(database: database)
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
        try await database.writer.read { db in try StoreRecord.order(Column("id")).fetchAll(db) }
    }

    /// The store of a service that holds exactly one; nil when it holds several.
    public func soleStore() async throws -> StoreRoute? {
        try await database.storeRoutes.sole()
    }

    /// How many stores the service holds.
    public func count() async throws -> Int {
        try await database.storeRoutes.count()
    }

    /// The route of the store `id` (its hash and state), if there is one: from memory.
    public func route(_ id: StoreID) async throws -> StoreRoute? {
        try await database.storeRoutes.route(id)
    }

    /// The route of the store whose hash is `hash` (any case), if there is one: from memory.
    public func route(hash: String) async throws -> StoreRoute? {
        try await database.storeRoutes.route(hash: hash)
    }

    /// Up to `limit` stores after the store `after`, first installed first, in `state` when given.
    public func page(after: StoreID?, limit: Int, state: StoreState?) async throws -> [StoreRecord] {
        try await database.writer.read { db in
            var request = StoreRecord.order(Column("id")).limit(limit)
            if let after { request = request.filter(Column("id") > after.rawValue) }
            if let state { request = request.filter(Column("state") == state.rawValue) }
            return try request.fetchAll(db)
        }
    }

    /// The SMS each of `stores` has waiting or in flight, by state (`queued`, `sending`).
    public func queues(of stores: [StoreID]) async throws -> [StoreID: [MessageState: Int]] {
        guard !stores.isEmpty else { return [:] }
        return try await database.writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT store, state, count(*) AS n FROM messages
                    WHERE state IN ('queued', 'sending') AND store IN (\(stores.map { _ in "?" }.joined(separator: ", ")))
                    GROUP BY store, state
                    """, arguments: StatementArguments(stores.map(\.rawValue)))
            var queues: [StoreID: [MessageState: Int]] = [:]
            for row in rows {
                guard let state = MessageState(rawValue: row["state"]) else { continue }
                queues[StoreID(rawValue: row["store"]), default: [:]][state] = row["n"]
            }
            return queues
        }
    }

    /// The store `id`, if there is one.
    public func store(_ id: StoreID) async throws -> StoreRecord? {
        try await database.writer.read { db in try StoreRecord.fetchOne(db, key: id.rawValue) }
    }

    /// The store whose hash is `hash` (any case: hashes are kept in lower case), if there is one.
    public func store(hash: String) async throws -> StoreRecord? {
        try await database.writer.read { db in
            try StoreRecord.filter(sql: "store_hash = ?", arguments: [hash.lowercased()]).fetchOne(db)
        }
    }

    /// Stores what an install granted: a store installed before keeps its id, settings and history and gets
    /// the new token; a new one takes the first store when that one was never connected, or a new id.
    ///
    /// - Returns: the store and whether it was installed before.
    public func install(_ grant: Grant) async throws -> (StoreID, reinstalled: Bool) {
        let hash = try StoreUpdate.storeHash(grant.storeHash)
        let time = now()
        return try await database.writer.write { db in
            let existing = try Int64.fetchOne(db, sql: "SELECT id FROM stores WHERE store_hash = ?", arguments: [hash])
            let unconnectedFirst = try Int64.fetchOne(db, sql: Self.untouchedFirstStore)
            let id: Int64
            if let existing {
                id = existing
            } else if let unconnectedFirst {
                id = unconnectedFirst
            } else {
                try db.execute(
                    sql: "INSERT INTO stores (api_url, updated_at) VALUES (?, ?)",
                    arguments: [StoreSettings.defaultAPIURL, time])
                id = db.lastInsertedRowID
            }
            try db.execute(
                sql: """
                    UPDATE stores SET store_hash = ?, access_token = ?, scopes = ?, account_uuid = ?,
                        owner_user_id = ?, owner_email = ?, api_url = ?, state = 'active', installed_at = ?,
                        uninstalled_at = NULL, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    hash, grant.accessToken, grant.scopes, grant.accountUUID, grant.ownerUserID, grant.ownerEmail,
                    grant.apiURL, time, time, id,
                ])
            return (StoreID(rawValue: id), existing != nil)
        }
    }

    /// The first store, when an install may take it: never connected to a store, no MoceanAPI credentials,
    /// nothing sent, received or kept. A first store the operator set up (a self-hosted service's) stays theirs,
    /// and the install gets a new store.
    static let untouchedFirstStore = """
        SELECT id FROM stores WHERE id = 1 AND store_hash IS NULL AND access_token IS NULL
        AND NOT EXISTS (SELECT 1 FROM account_settings WHERE id = 1
            AND (api_key IS NOT NULL OR api_secret IS NOT NULL OR api_token IS NOT NULL))
        """
        + ["events", "messages", "customers", "broadcasts", "opt_outs"].map {
            " AND NOT EXISTS (SELECT 1 FROM \($0) WHERE store = 1)"
        }.joined()

    /// What an uninstall did.
    public struct Uninstalled: Sendable, Equatable {
        public let store: StoreID
        /// Queued SMS cancelled.
        public let cancelledMessages: Int
        /// Broadcasts cancelled.
        public let cancelledBroadcasts: Int
    }

    /// The app was uninstalled from the store `hash`: its token is erased at once, its queued SMS and
    /// unfinished broadcasts are cancelled, its webhooks are refused from now on; its history is kept (and
    /// pruned with the retention period). Nil when no such store is installed.
    public func uninstall(hash: String) async throws -> Uninstalled? {
        let time = now()
        return try await database.writer.write { db in
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM stores WHERE store_hash = ? AND state = 'active'",
                    arguments: [hash.lowercased()])
            else { return nil }
            try db.execute(
                sql: """
                    UPDATE stores SET access_token = NULL, state = 'uninstalled', uninstalled_at = ?, updated_at = ?
                    WHERE id = ?
                    """, arguments: [time, time, id])
            try db.execute(
                sql: """
                    UPDATE messages SET state = 'cancelled', reason = ?, next_attempt_at = NULL, updated_at = ?
                    WHERE store = ? AND state = 'queued'
                    """, arguments: [Self.uninstalledReason, time, id])
            let messages = db.changesCount
            try db.execute(
                sql: """
                    UPDATE broadcasts SET state = 'cancelled', finished_at = ?, updated_at = ?
                    WHERE store = ? AND state IN ('writing', 'running', 'paused')
                    """, arguments: [time, time, id])
            return Uninstalled(
                store: StoreID(rawValue: id), cancelledMessages: messages, cancelledBroadcasts: db.changesCount)
        }
    }

    /// Why an uninstalled store's queued SMS were not sent.
    public static let uninstalledReason = "the app was uninstalled from the store before it was sent"

    /// The tables holding a store's rows, in the order they can be deleted (what refers to a row first).
    static let erasedTables = [
        "message_attempts", "messages", "events", "broadcasts", "customers", "opt_outs", "notification_events",
        "admin_numbers", "order_statuses",
    ]

    /// Removes everything of the store `id` now: its rows in every table, its settings and the store itself.
    /// The first store is emptied rather than removed: a service started without a store serves it.
    ///
    /// - Returns: whether there was such a store.
    public func erase(_ id: StoreID) async throws -> Bool {
        let time = now()
        return try await database.writer.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM stores WHERE id = ?", arguments: [id.rawValue]) != nil
            else { return false }
            for table in Self.erasedTables {
                try db.execute(sql: "DELETE FROM \(table) WHERE store = ?", arguments: [id.rawValue])
            }
            for table in AppDatabase.storeKeyedSettings {
                try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [id.rawValue])
            }
            try db.execute(sql: "DELETE FROM stores WHERE id = ?", arguments: [id.rawValue])
            if id == .first {
                try db.execute(
                    sql: "INSERT INTO stores (id, api_url, updated_at) VALUES (1, ?, ?)",
                    arguments: [StoreSettings.defaultAPIURL, time])
            }
            return true
        }
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
