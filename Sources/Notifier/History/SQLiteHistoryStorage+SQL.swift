import Foundation
import GRDB

extension SQLiteHistoryStorage {
    /// The SQL of a query: where the rows come from, the conditions and their arguments.
    struct SQL {
        /// Words this long or longer are looked up in the trigram index.
        static let indexedWordLength = 3
        var source = "messages m"
        var conditions: [String] = []
        var arguments: StatementArguments = []

        init(_ query: HistoryQuery, db: Database) throws {
            // One store's rows: the filter is left out when the database holds that store alone (it could
            // exclude nothing, and the plans without it are those measured for one store).
            if try Self.holdsOtherStores(than: query.store, db) {
                conditions.append("m.store = ?")
                arguments += [query.store.rawValue]
            }
            let words = query.words
            // Words of three characters or more go through the trigram index; shorter ones are matched by
            // scanning (the index cannot hold them).
            let indexed = words.filter { $0.count >= Self.indexedWordLength }
            if !indexed.isEmpty {
                source = "messages_search s JOIN messages m ON m.id = s.rowid"
                conditions.append("messages_search MATCH ?")
                arguments += [
                    indexed.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                        .joined(separator: " AND ")
                ]
            }
            for word in words where word.count < 3 {
                let pattern =
                    "%"
                    + word.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
                conditions.append(
                    "(m.text LIKE ? ESCAPE '\\' OR m.recipient LIKE ? ESCAPE '\\' OR coalesce(m.gateway_response, m.reason) "
                        + "LIKE ? ESCAPE '\\' OR m.event_type LIKE ? ESCAPE '\\' OR m.sender LIKE ? ESCAPE '\\' "
                        + "OR m.order_id LIKE ? ESCAPE '\\' OR m.event_id LIKE ? ESCAPE '\\')")
                arguments += StatementArguments(Array(repeating: pattern, count: 7))
            }
            if let states = query.states {
                let list = states.map(\.rawValue).sorted()
                conditions.append("m.state IN (\(list.map { _ in "?" }.joined(separator: ", ")))")
                arguments += StatementArguments(list)
            }
            if let eventType = query.eventType {
                conditions.append("m.event_type = ?")
                arguments += [eventType]
            }
            if let audience = query.audience {
                conditions.append("m.audience = ?")
                arguments += [audience.rawValue]
            }
            if let orderID = query.orderID {
                conditions.append("m.order_id = ?")
                arguments += [orderID]
            }
            if let broadcastID = query.broadcastID {
                conditions.append("m.broadcast_id = ?")
                arguments += [broadcastID]
            }
            if let recipient = query.recipient {
                conditions.append("m.recipient = ?")
                arguments += [recipient]
            }
            // Ids grow with time, so a time range is an id range, found through the created_at index: pages
            // then walk the primary key however old the range is.
            if let from = query.from {
                let first = try Int64.fetchOne(
                    db, sql: "SELECT id FROM messages WHERE created_at >= ? ORDER BY created_at, id LIMIT 1",
                    arguments: [from])
                conditions.append("m.id >= ?")
                arguments += [first ?? Int64.max]
            }
            if let to = query.to {
                let last = try Int64.fetchOne(
                    db, sql: "SELECT id FROM messages WHERE created_at < ? ORDER BY created_at DESC, id DESC LIMIT 1",
                    arguments: [to])
                conditions.append("m.id <= ?")
                arguments += [last ?? Int64.min]
            }
        }

        /// Whether the database holds a store other than `store`.
        static func holdsOtherStores(than store: StoreID, _ db: Database) throws -> Bool {
            let select = try db.cachedStatement(sql: "SELECT count(*) != 1 OR max(id) != ? FROM stores")
            return try Bool.fetchOne(select, arguments: [store.rawValue]) ?? true
        }

        static func whereClause(_ conditions: [String]) -> String {
            conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        }

        /// Whether the rows come from the full-text index.
        var searches: Bool { source != "messages m" }

        /// The ORDER BY of `query`: newest first walks the full-text index's rowids when it searches (which it
        /// gives in order), the primary key otherwise.
        func order(_ query: HistoryQuery) -> String {
            let direction = query.descending ? "DESC" : "ASC"
            let key = searches ? "s.rowid" : "m.id"
            return query.sort == .datetime
                ? "\(key) \(direction)" : "\(query.sort.expression) \(direction), m.id \(direction)"
        }

        /// How many rows match, counting no further than `limit` when given.
        func count(_ db: Database, limit: Int?) throws -> Int {
            // A search alone is counted in the full-text index, without joining each match to its row.
            let searchOnly = searches && conditions.count == 1 && conditions[0].hasPrefix("messages_search MATCH")
            let source = searchOnly ? "messages_search" : self.source
            let filter = Self.whereClause(conditions)
            guard let limit else {
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM \(source) \(filter)", arguments: arguments) ?? 0
            }
            return try Int.fetchOne(
                db, sql: "SELECT count(*) FROM (SELECT 1 FROM \(source) \(filter) LIMIT ?)",
                arguments: arguments + [limit]) ?? 0
        }
    }
}
