import Foundation

/// Reads the history (the outbox's rows): pages with their total, counts, one row with its tries.
public struct HistoryStore: Sendable {
    let storage: any HistoryStorage

    /// The history in the SQLite database.
    public init(database: AppDatabase) {
        self.init(storage: SQLiteHistoryStorage(database: database))
    }

    /// The history in `storage`.
    public init(storage: any HistoryStorage) {
        self.storage = storage
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
        let cap = exactCount ? nil : Self.countCap
        let (skipped, overflow) = cursor == nil ? (page - 1).multipliedReportingOverflow(by: pageSize) : (0, false)
        guard !overflow else {
            let (total, exact) = Self.total(try await storage.count(query, upTo: cap.map { $0 + 1 }), cap: cap)
            return HistoryPage(rows: [], total: total, totalIsExact: exact, nextCursor: nil)
        }
        let (rows, counted) = try await storage.page(
            query, limit: pageSize, offset: skipped, after: cursor, countingUpTo: cap.map { $0 + 1 })
        let next = query.sort == .datetime && rows.count == pageSize ? rows.last?.id : nil
        let (total, exact) = Self.total(counted, cap: cap)
        return HistoryPage(rows: rows, total: total, totalIsExact: exact, nextCursor: next)
    }

    /// How many rows match, exactly.
    public func count(_ query: HistoryQuery) async throws -> Int {
        try await storage.count(query, upTo: nil)
    }

    /// The total shown for `counted` rows counted up to one past `cap` (when given), and whether it is exact.
    private static func total(_ counted: Int, cap: Int?) -> (Int, Bool) {
        guard let cap else { return (counted, true) }
        return (min(counted, cap), counted <= cap)
    }
}
