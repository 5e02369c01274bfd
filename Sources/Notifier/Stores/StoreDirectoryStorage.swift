import Foundation
import GRDB

/// Where the stores' rows are kept: the seam between ``StoreDirectory`` and a database.
public protocol StoreDirectoryStorage: Sendable {
    /// Every store's route in memory, over this storage's rows.
    var routes: StoreRoutes { get }
    /// Up to `limit` stores after `after`, by id, in `state` when given.
    func page(after: StoreID?, limit: Int, state: StoreState?) async throws -> [StoreRecord]
    /// The SMS each of `stores` has queued or sending, by state.
    func queues(of stores: [StoreID]) async throws -> [StoreID: [MessageState: Int]]
    func store(_ id: StoreID) async throws -> StoreRecord?
    /// The store whose hash is `hash` (given in lower case).
    func store(hash: String) async throws -> StoreRecord?
    /// Keeps what an install granted (``StoreDirectory/install(_:)`` says which store it goes to), in one
    /// transaction.
    func install(_ grant: StoreDirectory.Grant, hash: String, at time: Date) async throws -> (
        StoreID, reinstalled: Bool
    )
    /// Uninstalls the active store `hash` in one transaction: its token erased, its queued SMS cancelled with
    /// `reason`, its unfinished broadcasts cancelled. Nil when no active store has that hash.
    func uninstall(hash: String, at time: Date, reason: String) async throws -> StoreDirectory.Uninstalled?
    /// Deletes every row of the store `id` in one transaction (store 1 is emptied, not removed); whether there
    /// was one.
    func erase(_ id: StoreID, at time: Date) async throws -> Bool
}

/// The stores in the SQLite database.
public struct SQLiteStoreDirectoryStorage: StoreDirectoryStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public var routes: StoreRoutes { database.storeRoutes }

    public func page(after: StoreID?, limit: Int, state: StoreState?) async throws -> [StoreRecord] {
        try await database.writer.read { db in
            var request = StoreRecord.order(Column("id")).limit(limit)
            if let after { request = request.filter(Column("id") > after.rawValue) }
            if let state { request = request.filter(Column("state") == state.rawValue) }
            return try request.fetchAll(db)
        }
    }

    public func queues(of stores: [StoreID]) async throws -> [StoreID: [MessageState: Int]] {
        try await database.writer.read { db in
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

    public func store(_ id: StoreID) async throws -> StoreRecord? {
        try await database.writer.read { db in try StoreRecord.fetchOne(db, key: id.rawValue) }
    }

    public func store(hash: String) async throws -> StoreRecord? {
        try await database.writer.read { db in
            try StoreRecord.filter(sql: "store_hash = ?", arguments: [hash]).fetchOne(db)
        }
    }

    public func install(_ grant: StoreDirectory.Grant, hash: String, at time: Date) async throws -> (
        StoreID, reinstalled: Bool
    ) {
        try await database.writer.write { db in
            let existing = try Int64.fetchOne(db, sql: "SELECT id FROM stores WHERE store_hash = ?", arguments: [hash])
            let unconnectedFirst = try Int64.fetchOne(db, sql: StoreTables.untouchedFirstStore)
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

    public func uninstall(hash: String, at time: Date, reason: String) async throws -> StoreDirectory.Uninstalled? {
        try await database.writer.write { db in
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM stores WHERE store_hash = ? AND state = 'active'", arguments: [hash])
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
                    """, arguments: [reason, time, id])
            let messages = db.changesCount
            try db.execute(
                sql: """
                    UPDATE broadcasts SET state = 'cancelled', finished_at = ?, updated_at = ?
                    WHERE store = ? AND state IN ('writing', 'running', 'paused')
                    """, arguments: [time, time, id])
            return StoreDirectory.Uninstalled(
                store: StoreID(rawValue: id), cancelledMessages: messages, cancelledBroadcasts: db.changesCount)
        }
    }

    public func erase(_ id: StoreID, at time: Date) async throws -> Bool {
        try await database.writer.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM stores WHERE id = ?", arguments: [id.rawValue]) != nil
            else { return false }
            for table in StoreTables.owned {
                try db.execute(sql: "DELETE FROM \(table) WHERE store = ?", arguments: [id.rawValue])
            }
            for table in StoreTables.keyedSettings {
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
}
