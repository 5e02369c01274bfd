import Foundation
import GRDB

/// Where each store's opted-out numbers live, with the store's choice of whether they also miss its event SMS.
/// The domain checks the numbers; a storage keeps the rows.
public protocol OptOutStorage: Sendable {
    /// Keeps `entry` unless its number opted out of its store already; the entry kept (the first one).
    func add(_ entry: OptOuts.Entry) async throws -> OptOuts.Entry
    /// Removes `number` (digits) from `store`'s opt-outs; false when it was not there.
    func remove(number: String, store: StoreID) async throws -> Bool
    /// `limit` of `store`'s opted-out numbers from `offset`, newest first (then by number), and how many it has.
    func list(limit: Int, offset: Int, store: StoreID) async throws -> (entries: [OptOuts.Entry], total: Int)
    /// Whether `store`'s opted-out numbers also miss its customers' event SMS (false when never set).
    func appliesToEvents(store: StoreID) async throws -> Bool
    /// Sets whether `store`'s opted-out numbers also miss its customers' event SMS.
    func setAppliesToEvents(_ applies: Bool, store: StoreID, now: Date) async throws
    /// Which of `numbers` (digits, each once) opted out of `store`'s SMS.
    func optedOut(among numbers: [String], store: StoreID) async throws -> Set<String>
}

/// The opt-outs in the SQLite database.
public struct SQLiteOptOutStorage: OptOutStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func add(_ entry: OptOuts.Entry) async throws -> OptOuts.Entry {
        try await database.writer.write { db in
            if let existing = try OptOuts.Entry.fetchOne(db, key: ["store": entry.store, "number": entry.number]) {
                return existing
            }
            try entry.insert(db)
            return entry
        }
    }

    public func remove(number digits: String, store: StoreID) async throws -> Bool {
        try await database.writer.write { db in
            try OptOuts.Entry.deleteOne(db, key: ["store": store.rawValue, "number": digits])
        }
    }

    public func list(limit: Int, offset: Int, store: StoreID) async throws -> (entries: [OptOuts.Entry], total: Int) {
        try await database.writer.read { db in
            let ofStore = OptOuts.Entry.filter(Column("store") == store.rawValue)
            let entries = try ofStore.order(Column("created_at").desc, Column("number")).limit(limit, offset: offset)
                .fetchAll(db)
            return (entries, try ofStore.fetchCount(db))
        }
    }

    public func appliesToEvents(store: StoreID) async throws -> Bool {
        try await database.writer.read { db in try Self.appliesToEvents(store: store, db) }
    }

    public func setAppliesToEvents(_ applies: Bool, store: StoreID, now: Date) async throws {
        let time = StoredDate.text(now)
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO opt_out_settings(id, applies_to_events, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET applies_to_events = excluded.applies_to_events,
                        updated_at = excluded.updated_at
                    """, arguments: [store.rawValue, applies, time])
        }
    }

    public func optedOut(among wanted: [String], store: StoreID) async throws -> Set<String> {
        try await database.writer.read { db in
            Set(
                try OptOuts.Entry.filter(Column("store") == store.rawValue && wanted.contains(Column("number")))
                    .fetchAll(db).map(\.number))
        }
    }

    /// Whether `store`'s opt-outs apply to its event SMS, in a transaction of the caller's.
    static func appliesToEvents(store: StoreID, _ db: Database) throws -> Bool {
        let select = try db.cachedStatement(sql: "SELECT applies_to_events FROM opt_out_settings WHERE id = ?")
        return try Bool.fetchOne(select, arguments: [store.rawValue]) ?? false
    }

    /// Whether `digits` opted out of `store`'s SMS, in a transaction of the caller's.
    static func contains(_ digits: String, store: StoreID, _ db: Database) throws -> Bool {
        let select = try db.cachedStatement(sql: "SELECT 1 FROM opt_outs WHERE store = ? AND number = ?")
        return try Int.fetchOne(select, arguments: [store.rawValue, digits]) != nil
    }
}
