import Foundation
import GRDB

/// The event table's hot-path statements: prepared once per connection and reused, values bound in order,
/// without a record encoder per row (ingest and processing run them for every event).
extension EventRecord {
    /// The id of `store`'s event stored with `dedupeKey`, if any.
    static func id(dedupeKey: String, store: StoreID, _ db: Database) throws -> Int64? {
        let select = try db.cachedStatement(sql: "SELECT id FROM events WHERE store = ? AND dedupe_key = ?")
        return try Int64.fetchOne(select, arguments: [store.rawValue, dedupeKey])
    }

    /// The state of event `id`, nil when there is no such event.
    static func state(id: Int64, _ db: Database) throws -> State? {
        let select = try db.cachedStatement(sql: "SELECT state FROM events WHERE id = ?")
        return try String.fetchOne(select, arguments: [id]).flatMap(State.init(rawValue:))
    }

    /// Inserts the new event and sets its `id`.
    mutating func insertNew(_ db: Database) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO events(store, scope, dedupe_key, store_id, event_id, order_id, payload, resources,
                    created_at, received_at, state, processed_at, note, lookup_attempts, next_lookup_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try insert.execute(arguments: [
            store, scope, dedupeKey, storeID, eventID, orderID, payload, resources, createdAt,
            StoredDate.text(receivedAt),
            state.rawValue, processedAt.map(StoredDate.text), note, lookupAttempts, nextLookupAt.map(StoredDate.text),
        ])
        id = db.lastInsertedRowID
    }

    /// Saves what processing or a look-up changed: state, note and the look-up schedule.
    func saveProgress(_ db: Database) throws {
        let update = try db.cachedStatement(
            sql: """
                UPDATE events SET state = ?, processed_at = ?, note = ?, lookup_attempts = ?, next_lookup_at = ?
                WHERE id = ?
                """)
        try update.execute(arguments: [
            state.rawValue, processedAt.map(StoredDate.text), note, lookupAttempts,
            nextLookupAt.map(StoredDate.text), id,
        ])
    }

    /// GRDB's own writes of this record store dates in the same form as the statements above.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        StoredDate.encodingStrategy
    }
}
