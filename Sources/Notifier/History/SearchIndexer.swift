import Foundation
import GRDB
import Logging
import ServiceLifecycle

/// Indexes new SMS rows for the history's search in the background, a large batch a transaction, so that the
/// writer's hot transactions never pay for the trigrams (see `deferSearchIndexing`). A search indexes what is
/// still queued before it runs, so it never misses a row.
public struct SearchIndexer: Service {
    private let database: AppDatabase
    private let logger: Logger
    /// How long the indexer waits between passes.
    private let interval: Duration
    /// The most rows one transaction indexes.
    static let batchSize = 2_000

    public init(database: AppDatabase, logger: Logger, interval: Duration = .milliseconds(100)) {
        self.database = database
        self.logger = logger
        self.interval = interval
    }

    public func run() async throws {
        await runPasses(
            wakingOn: nil, timeout: interval, logger: logger, failure: "indexing SMS rows for search failed"
        ) { [database] in
            try await Self.catchUp(database)
        }
    }

    /// Indexes every row still queued for the index; returns how many.
    @discardableResult
    public static func catchUp(_ database: AppDatabase) async throws -> Int {
        var total = 0
        while try await database.writer.read({ db in try hasPending(db) }) {
            let indexed = try await database.writer.write { db in try indexBatch(db) }
            total += indexed
            if indexed < batchSize { break }
        }
        return total
    }

    static func hasPending(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM messages_search_pending)") ?? false
    }

    /// Indexes the oldest queued rows, up to ``batchSize``, and takes them off the queue; returns how many.
    static func indexBatch(_ db: Database) throws -> Int {
        let last = try Int64.fetchOne(
            db, sql: "SELECT max(id) FROM (SELECT id FROM messages_search_pending ORDER BY id LIMIT ?)",
            arguments: [batchSize])
        guard let last else { return 0 }
        try db.execute(
            sql: """
                INSERT INTO messages_search(rowid, \(AppDatabase.searchColumns))
                SELECT m.id, \(AppDatabase.searchValues("m"))
                FROM messages_search_pending p JOIN messages m ON m.id = p.id WHERE p.id <= ? ORDER BY p.id
                """, arguments: [last])
        try db.execute(sql: "DELETE FROM messages_search_pending WHERE id <= ?", arguments: [last])
        return db.changesCount
    }
}
