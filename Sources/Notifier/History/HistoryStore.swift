import Foundation
import GRDB

/// Reads the history (the outbox's rows) fast at any size: the search goes through a trigram full-text index,
/// newest-first pages walk the primary key, filters use their indexes.
public struct HistoryStore: Sendable {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// How far the total is counted unless an exact count is asked for: counting a million matches of a common
    /// word takes the index a good part of a second, counting this many a few milliseconds.
    public static let countCap = 10_000

    /// One page: `pageSize` rows after skipping `(page - 1) × pageSize`, or, with `cursor`, the rows after it
    /// (newest first only: keyset paging that stays correct while rows are added). The total is exact up to
    /// ``countCap``, and beyond it only when `exactCount`.
    public func page(
        _ query: HistoryQuery, page: Int, pageSize: Int, cursor: Int64? = nil, exactCount: Bool = false
    ) async throws -> HistoryPage {
        try await indexQueuedRows(for: query)
        return try await database.writer.read { db in
            let sql = try SQL(query, db: db)
            var conditions = sql.conditions
            var arguments = sql.arguments
            if let cursor {
                conditions.append(query.descending ? "m.id < ?" : "m.id > ?")
                arguments += [cursor]
            }
            let order = sql.order(query)
            let cap = exactCount ? nil : Self.countCap
            let (skipped, overflow) = cursor == nil ? (page - 1).multipliedReportingOverflow(by: pageSize) : (0, false)
            guard !overflow else {
                let (total, exact) = try sql.count(db, cap: cap)
                return HistoryPage(rows: [], total: total, totalIsExact: exact, nextCursor: nil)
            }
            let rows = try MessageRecord.fetchAll(
                db,
                sql: "SELECT m.* FROM \(sql.source) \(SQL.whereClause(conditions)) ORDER BY \(order) LIMIT ? OFFSET ?",
                arguments: arguments + [pageSize, skipped])
            let next = query.sort == .datetime && rows.count == pageSize ? rows.last?.id : nil
            let (total, exact) = try sql.count(db, cap: cap)
            return HistoryPage(rows: rows, total: total, totalIsExact: exact, nextCursor: next)
        }
    }

    /// How many rows match, exactly.
    public func count(_ query: HistoryQuery) async throws -> Int {
        try await indexQueuedRows(for: query)
        return try await database.writer.read { db in try SQL(query, db: db).count(db, cap: nil).0 }
    }

    /// Runs `body` over every matching row in the query's order, each selected as `columns` (SQL over `m`, the
    /// messages table): for exports, which want text straight from the database.
    func withRows<Result: Sendable>(
        _ query: HistoryQuery, columns: String, _ body: @escaping @Sendable (inout HistoryCells) throws -> Result
    ) async throws -> Result {
        try await indexQueuedRows(for: query)
        return try await database.writer.read { db in
            let sql = try SQL(query, db: db)
            let statement = try db.makeStatement(
                sql:
                    "SELECT \(columns) FROM \(sql.source) \(SQL.whereClause(sql.conditions)) ORDER BY \(sql.order(query))"
            )
            statement.arguments = sql.arguments
            var cells = try HistoryCells(statement: statement)
            return try body(&cells)
        }
    }

    /// A search through the index first indexes the rows still queued for it, so that it finds every row.
    private func indexQueuedRows(for query: HistoryQuery) async throws {
        guard query.words.contains(where: { $0.count >= SQL.indexedWordLength }) else { return }
        try await SearchIndexer.catchUp(database)
    }

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

        /// How many rows match, counting no further than `cap` when given; and whether that is the exact count.
        func count(_ db: Database, cap: Int?) throws -> (Int, Bool) {
            // A search alone is counted in the full-text index, without joining each match to its row.
            let searchOnly = searches && conditions.count == 1 && conditions[0].hasPrefix("messages_search MATCH")
            let source = searchOnly ? "messages_search" : self.source
            let filter = Self.whereClause(conditions)
            guard let cap else {
                return (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM \(source) \(filter)", arguments: arguments) ?? 0,
                    true
                )
            }
            let counted =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM (SELECT 1 FROM \(source) \(filter) LIMIT ?)",
                    arguments: arguments + [cap + 1]) ?? 0
            return (min(counted, cap), counted <= cap)
        }
    }
}
