import Foundation
import GRDB

/// The history in the SQLite database, fast at any size: the search goes through a trigram full-text index
/// (which ``SearchIndexer`` fills), newest-first pages walk the primary key, filters use their indexes.
public struct SQLiteHistoryStorage: HistoryStorage, HistoryRetentionStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func page(
        _ query: HistoryQuery, limit: Int, offset: Int, after cursor: Int64?, countingUpTo countLimit: Int?
    ) async throws -> (rows: [MessageRecord], counted: Int) {
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
            let rows = try MessageRecord.fetchAll(
                db,
                sql: "SELECT m.* FROM \(sql.source) \(SQL.whereClause(conditions)) ORDER BY \(order) LIMIT ? OFFSET ?",
                arguments: arguments + [limit, offset])
            return (rows, try sql.count(db, limit: countLimit))
        }
    }

    public func count(_ query: HistoryQuery, upTo limit: Int?) async throws -> Int {
        try await indexQueuedRows(for: query)
        return try await database.writer.read { db in try SQL(query, db: db).count(db, limit: limit) }
    }

    public func message(id: Int64, store: StoreID) async throws -> (
        message: MessageRecord, attempts: [MessageAttemptRecord]
    )? {
        try await database.writer.read { db in
            guard let message = try MessageRecord.fetchOne(db, key: id), message.store == store.rawValue else {
                return nil
            }
            let attempts = try MessageAttemptRecord.filter(MessageAttemptRecord.Columns.messageID == id)
                .order(MessageAttemptRecord.Columns.number).fetchAll(db)
            return (message, attempts)
        }
    }

    /// One read over every row: each cell's text is read in place from the statement.
    public func exportRows<State: Sendable>(
        _ query: HistoryQuery, from state: State,
        _ body: @escaping @Sendable (inout State, inout HistoryCells) throws -> Void
    ) async throws -> State {
        try await indexQueuedRows(for: query)
        return try await database.writer.read { db in
            let sql = try SQL(query, db: db)
            let statement = try db.makeStatement(
                sql:
                    "SELECT \(HistoryColumns.sql) FROM \(sql.source) \(SQL.whereClause(sql.conditions)) "
                    + "ORDER BY \(sql.order(query))"
            )
            statement.arguments = sql.arguments
            var cells = try HistoryCells(statement: statement)
            var state = state
            try body(&state, &cells)
            return state
        }
    }

    /// A search through the index first indexes the rows still queued for it, so that it finds every row.
    private func indexQueuedRows(for query: HistoryQuery) async throws {
        guard query.words.contains(where: { $0.count >= SQL.indexedWordLength }) else { return }
        try await SearchIndexer.catchUp(database)
    }
}
