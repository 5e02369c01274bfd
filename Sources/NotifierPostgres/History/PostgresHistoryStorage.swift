import Foundation
import Logging
import Notifier
import PostgresNIO

/// The history in PostgreSQL: the search as case-insensitive substring matches (`ILIKE`), which the `pg_trgm`
/// indexes serve, so that nothing needs indexing in the background; every query is one store's.
public struct PostgresHistoryStorage: HistoryStorage, HistoryRetentionStorage {
    let client: PostgresClient
    let logger: Logger
    /// The rows an export reads at a time.
    static let exportPage = 500

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func page(
        _ query: HistoryQuery, limit: Int, offset: Int, after cursor: Int64?, countingUpTo countLimit: Int?
    ) async throws -> (rows: [MessageRecord], counted: Int) {
        var sql = PostgresHistorySQL(query)
        let counting = Self.counting(sql, upTo: countLimit)
        let after = cursor.map { "m.id \(query.descending ? "<" : ">") \(sql.bind($0))" }
        let select = """
            SELECT m.* FROM messages m \(sql.whereClause(after.map { [$0] } ?? []))
            ORDER BY \(PostgresHistorySQL.order(query)) LIMIT \(sql.bind(limit)) OFFSET \(sql.bind(offset))
            """
        return try await client.withConnection { connection in
            var rows: [MessageRecord] = []
            for try await row in try await connection.query(
                PostgresQuery(unsafeSQL: select, binds: sql.binds), logger: logger)
            {
                rows.append(try PostgresRowDecoder.decode(MessageRecord.self, from: row))
            }
            return (rows, try await Self.count(counting, on: connection, logger: logger))
        }
    }

    public func count(_ query: HistoryQuery, upTo limit: Int?) async throws -> Int {
        let counting = Self.counting(PostgresHistorySQL(query), upTo: limit)
        return try await client.withConnection { connection in
            try await Self.count(counting, on: connection, logger: logger)
        }
    }

    public func message(id: Int64, store: StoreID) async throws -> (
        message: MessageRecord, attempts: [MessageAttemptRecord]
    )? {
        try await client.withConnection { connection in
            var found: MessageRecord?
            for try await row in try await connection.query(
                "SELECT * FROM messages WHERE id = \(id) AND store = \(store.rawValue)", logger: logger)
            {
                found = try PostgresRowDecoder.decode(MessageRecord.self, from: row)
            }
            guard let found else { return nil }
            var attempts: [MessageAttemptRecord] = []
            for try await row in try await connection.query(
                """
                SELECT * FROM message_attempts WHERE message_id = \(id) AND store = \(store.rawValue)
                ORDER BY number
                """, logger: logger)
            {
                attempts.append(try PostgresRowDecoder.decode(MessageAttemptRecord.self, from: row))
            }
            return (found, attempts)
        }
    }

    /// Streamed through a cursor in one transaction (one snapshot, as SQLite's one read), ``exportPage`` rows
    /// at a time: `body` is called once per page, and only that page is in memory.
    public func exportRows<State: Sendable>(
        _ query: HistoryQuery, from state: State,
        _ body: @escaping @Sendable (inout State, inout HistoryCells) throws -> Void
    ) async throws -> State {
        let sql = PostgresHistorySQL(query)
        let declare = """
            DECLARE history_export NO SCROLL CURSOR FOR
            SELECT \(PostgresHistorySQL.exportColumns) FROM messages m \(sql.whereClause())
            ORDER BY \(PostgresHistorySQL.order(query))
            """
        let width = HistoryColumns.names.count
        return try await client.transaction(logger: logger) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: declare, binds: sql.binds), logger: logger)
            var state = state
            while true {
                var page = HistoryCellPage(width: width)
                for try await row in try await connection.query(
                    PostgresQuery(unsafeSQL: "FETCH FORWARD \(Self.exportPage) FROM history_export"), logger: logger)
                {
                    for cell in row { page.append(try cell.decode(String?.self)) }
                }
                let fetched = page.rowCount
                var cells = HistoryCells(page: page)
                try body(&state, &cells)
                if fetched < Self.exportPage { return state }
            }
        }
    }

    /// The count of `sql`'s rows, up to `limit` when given: the statement and its bindings.
    private static func counting(_ sql: PostgresHistorySQL, upTo limit: Int?) -> PostgresQuery {
        var sql = sql
        guard let limit else {
            return PostgresQuery(unsafeSQL: "SELECT count(*) FROM messages m \(sql.whereClause())", binds: sql.binds)
        }
        let select = "SELECT count(*) FROM (SELECT 1 FROM messages m \(sql.whereClause()) LIMIT \(sql.bind(limit))) c"
        return PostgresQuery(unsafeSQL: select, binds: sql.binds)
    }

    private static func count(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws
        -> Int
    {
        for try await count in try await connection.query(query, logger: logger).decode(Int64.self) {
            return Int(count)
        }
        return 0
    }
}
