import Foundation
import Logging
import Notifier
import PostgresNIO

/// The stores in PostgreSQL. Its routes are read again after this process's own changes and at the latest
/// after ``StoreRoutes/maximumAge`` (another instance's changes).
public struct PostgresStoreDirectoryStorage: StoreDirectoryStorage {
    let client: PostgresClient
    let logger: Logger
    public let routes: StoreRoutes

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        routes = StoreRoutes(load: {
            var routes: [StoreRoute] = []
            let rows = try await client.query(
                "SELECT id, store_hash, state, installed_at FROM stores ORDER BY id", logger: logger)
            for try await (id, hash, state, installedAt) in rows.decode((Int64, String?, String, Date?).self) {
                routes.append(
                    StoreRoute(
                        store: StoreID(rawValue: id), hash: hash, state: StoreState(rawValue: state) ?? .uninstalled,
                        installedAt: installedAt))
            }
            return routes
        })
    }

    private static let columns = """
        id, store_hash, store_name, store_domain, state, scopes, account_uuid, owner_user_id, owner_email,
        installed_at, uninstalled_at, updated_at, access_token IS NOT NULL
        """

    private func records(_ rows: PostgresRowSequence) async throws -> [StoreRecord] {
        var records: [StoreRecord] = []
        for try await row in rows {
            let (id, hash, name, domain, state, scopes, uuid, owner, email, installed, uninstalled, updated, token) =
                try row.decode(
                    (
                        Int64, String?, String?, String?, String, String?, String?, Int64?, String?, Date?, Date?, Date,
                        Bool
                    ).self)
            records.append(
                StoreRecord(
                    id: id, storeHash: hash, storeName: name, storeDomain: domain,
                    state: StoreState(rawValue: state) ?? .uninstalled, scopes: scopes, accountUUID: uuid,
                    ownerUserID: owner, ownerEmail: email, installedAt: installed, uninstalledAt: uninstalled,
                    updatedAt: updated, hasAccessToken: token))
        }
        return records
    }

    public func page(after: StoreID?, limit: Int, state: StoreState?) async throws -> [StoreRecord] {
        let after = after?.rawValue ?? 0
        let limit = Int64(clamping: limit)
        let rows =
            if let state {
                try await client.query(
                    """
                    SELECT \(unescaped: Self.columns) FROM stores WHERE id > \(after) AND state = \(state.rawValue)
                    ORDER BY id LIMIT \(limit)
                    """, logger: logger)
            } else {
                try await client.query(
                    "SELECT \(unescaped: Self.columns) FROM stores WHERE id > \(after) ORDER BY id LIMIT \(limit)",
                    logger: logger)
            }
        return try await records(rows)
    }

    public func queues(of stores: [StoreID]) async throws -> [StoreID: [MessageState: Int]] {
        let rows = try await client.query(
            """
            SELECT store, state, count(*) FROM messages
            WHERE state IN ('queued', 'sending') AND store = ANY(\(stores.map(\.rawValue)))
            GROUP BY store, state
            """, logger: logger)
        var queues: [StoreID: [MessageState: Int]] = [:]
        for try await (store, state, count) in rows.decode((Int64, String, Int64).self) {
            guard let state = MessageState(rawValue: state) else { continue }
            queues[StoreID(rawValue: store), default: [:]][state] = Int(count)
        }
        return queues
    }

    public func store(_ id: StoreID) async throws -> StoreRecord? {
        try await records(
            client.query("SELECT \(unescaped: Self.columns) FROM stores WHERE id = \(id.rawValue)", logger: logger)
        ).first
    }

    public func store(hash: String) async throws -> StoreRecord? {
        try await records(
            client.query("SELECT \(unescaped: Self.columns) FROM stores WHERE store_hash = \(hash)", logger: logger)
        ).first
    }

    /// The advisory lock of installs: two installs of one new store on two instances get one row.
    static let installLockKey: Int64 = 0x696e_7374_616c_6c

    public func install(_ grant: StoreDirectory.Grant, hash: String, at time: Date) async throws -> (
        StoreID, reinstalled: Bool
    ) {
        try await client.transaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.installLockKey))", logger: logger)
            let existing = try await Self.first(
                connection.query("SELECT id FROM stores WHERE store_hash = \(hash)", logger: logger))
            var id: Int64
            if let existing {
                id = existing
            } else if let first = try await Self.first(
                connection.query(
                    PostgresQuery(unsafeSQL: StoreTables.untouchedFirstStore + " FOR UPDATE"), logger: logger))
            {
                id = first
            } else {
                guard
                    let new = try await Self.first(
                        connection.query(
                            """
                            INSERT INTO stores (api_url, updated_at) VALUES (\(StoreSettings.defaultAPIURL), \(time))
                            RETURNING id
                            """, logger: logger))
                else { throw PostgresStorageError("the new store's row was not returned") }
                id = new
            }
            try await connection.query(
                """
                UPDATE stores SET store_hash = \(hash), access_token = \(grant.accessToken), scopes = \(grant.scopes),
                    account_uuid = \(grant.accountUUID), owner_user_id = \(grant.ownerUserID),
                    owner_email = \(grant.ownerEmail), api_url = \(grant.apiURL), state = 'active',
                    installed_at = \(time), uninstalled_at = NULL, updated_at = \(time)
                WHERE id = \(id)
                """, logger: logger)
            return (StoreID(rawValue: id), existing != nil)
        }
    }

    public func uninstall(hash: String, at time: Date, reason: String) async throws -> StoreDirectory.Uninstalled? {
        try await client.transaction(logger: logger) { connection in
            guard
                let id = try await Self.first(
                    connection.query(
                        """
                        UPDATE stores SET access_token = NULL, state = 'uninstalled', uninstalled_at = \(time),
                            updated_at = \(time)
                        WHERE store_hash = \(hash) AND state = 'active' RETURNING id
                        """, logger: logger))
            else { return nil }
            let messages = try await Self.count(
                connection.query(
                    """
                    UPDATE messages SET state = 'cancelled', reason = \(reason), next_attempt_at = NULL,
                        updated_at = \(time)
                    WHERE store = \(id) AND state = 'queued' RETURNING id
                    """, logger: logger))
            let broadcasts = try await Self.count(
                connection.query(
                    """
                    UPDATE broadcasts SET state = 'cancelled', finished_at = \(time), updated_at = \(time)
                    WHERE store = \(id) AND state IN ('writing', 'running', 'paused') RETURNING id
                    """, logger: logger))
            return StoreDirectory.Uninstalled(
                store: StoreID(rawValue: id), cancelledMessages: messages, cancelledBroadcasts: broadcasts)
        }
    }

    public func erase(_ id: StoreID, at time: Date) async throws -> Bool {
        try await client.transaction(logger: logger) { connection in
            guard
                try await Self.first(
                    connection.query("SELECT id FROM stores WHERE id = \(id.rawValue) FOR UPDATE", logger: logger))
                    != nil
            else { return false }
            for table in StoreTables.owned {
                try await connection.query(
                    PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE store = $1", binds: Self.binds(id)),
                    logger: logger)
            }
            for table in StoreTables.keyedSettings {
                try await connection.query(
                    PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE id = $1", binds: Self.binds(id)),
                    logger: logger)
            }
            try await connection.query("DELETE FROM stores WHERE id = \(id.rawValue)", logger: logger)
            if id == .first {
                try await connection.query(
                    "INSERT INTO stores (id, api_url, updated_at) VALUES (1, \(StoreSettings.defaultAPIURL), \(time))",
                    logger: logger)
            }
            return true
        }
    }

    private static func binds(_ id: StoreID) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(id.rawValue)
        return binds
    }

    private static func first(_ rows: PostgresRowSequence) async throws -> Int64? {
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    private static func count(_ rows: PostgresRowSequence) async throws -> Int {
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }
}
