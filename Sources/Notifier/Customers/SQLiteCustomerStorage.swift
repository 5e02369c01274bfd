import Foundation
import GRDB

/// The customer directory in the SQLite database.
public struct SQLiteCustomerStorage: CustomerStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func startOrResumeSync(of store: StoreID, now time: Date) async throws -> CustomerSyncRun {
        try await database.writer.write { db in
            if let row = try Row.fetchOne(
                db, sql: "SELECT * FROM customer_sync WHERE id = ?", arguments: [store.rawValue]),
                row["finished_at"] as Date? == nil
            {
                var counts = CustomerDirectory.SyncCounts()
                counts.added = row["added"]
                counts.updated = row["updated"]
                counts.withoutPhone = row["without_phone"]
                counts.resumed = true
                return CustomerSyncRun(run: row["run"], nextPage: row["next_page"], counts: counts)
            }
            let run =
                (try Int64.fetchOne(db, sql: "SELECT run FROM customer_sync WHERE id = ?", arguments: [store.rawValue])
                    ?? 0) + 1
            try db.execute(
                sql: """
                    INSERT INTO customer_sync(id, run, next_page, added, updated, removed, without_phone, started_at)
                    VALUES (?, ?, 1, 0, 0, 0, 0, ?)
                    ON CONFLICT(id) DO UPDATE SET run = excluded.run, next_page = 1, total_pages = NULL, added = 0,
                        updated = 0, removed = 0, without_phone = 0, started_at = excluded.started_at,
                        finished_at = NULL
                    """, arguments: [store.rawValue, run, time])
            return CustomerSyncRun(run: run, nextPage: 1, counts: CustomerDirectory.SyncCounts())
        }
    }

    public func saveSyncPage(
        _ customers: [CustomerWrite], of store: StoreID, nextPage: Int, now time: Date,
        counting: @Sendable ([CustomerWrite.Outcome]) -> CustomerDirectory.SyncCounts
    ) async throws -> CustomerDirectory.SyncCounts {
        try await database.writer.write { db in
            let outcomes = try customers.map { try Self.upsert($0, store: store, now: time, db) }
            let counts = counting(outcomes)
            try db.execute(
                sql: """
                    UPDATE customer_sync SET next_page = ?, total_pages = ?, added = ?, updated = ?,
                        without_phone = ? WHERE id = ?
                    """,
                arguments: [
                    nextPage, counts.totalPages, counts.added, counts.updated, counts.withoutPhone, store.rawValue,
                ])
            return counts
        }
    }

    public func finishSync(of store: StoreID, run: Int64, now time: Date) async throws -> Int {
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    DELETE FROM customers WHERE store = ? AND source = 'store' AND (sync_run IS NULL OR sync_run < ?)
                    """,
                arguments: [store.rawValue, run])
            let removed = db.changesCount
            try db.execute(
                sql: "UPDATE customer_sync SET removed = ?, finished_at = ? WHERE id = ?",
                arguments: [removed, time, store.rawValue])
            return removed
        }
    }

    public func save(_ customers: [CustomerWrite], of store: StoreID, now time: Date) async throws
        -> [CustomerWrite.Outcome]
    {
        try await database.writer.write { db in
            try customers.map { try Self.upsert($0, store: store, now: time, db) }
        }
    }

    public func saveOne(_ customer: CustomerWrite, of store: StoreID, now time: Date) async throws -> CustomerRecord {
        try await database.writer.write { db in
            _ = try Self.upsert(customer, store: store, now: time, db)
            let ofStore = CustomerRecord.filter(CustomerRecord.Columns.store == store.rawValue)
            if let storeID = customer.given.storeCustomerID,
                let saved = try ofStore.filter(CustomerRecord.Columns.storeCustomerID == storeID).fetchOne(db)
            {
                return saved
            }
            return try ofStore.order(CustomerRecord.Columns.id.desc).fetchOne(db)!
        }
    }

    /// Saves `customer` in `store`'s directory, matched by its store id when it has one.
    static func upsert(_ customer: CustomerWrite, store: StoreID, now: Date, _ db: Database) throws
        -> CustomerWrite.Outcome
    {
        let existing = try customer.given.storeCustomerID.flatMap {
            try CustomerRecord.filter(
                CustomerRecord.Columns.store == store.rawValue && CustomerRecord.Columns.storeCustomerID == $0
            ).fetchOne(db)
        }
        var record = customer.applied(to: existing, store: store, now: now)
        if existing != nil {
            try record.update(db)
            return .updated
        }
        try record.insert(db)
        return .added
    }

    public func customer(id: Int64, store: StoreID) async throws -> CustomerRecord? {
        try await database.writer.read { db in
            try CustomerRecord.filter(CustomerRecord.Columns.store == store.rawValue && CustomerRecord.Columns.id == id)
                .fetchOne(db)
        }
    }

    public func list(search: String?, hasPhone: Bool?, page: Int, pageSize: Int, store: StoreID) async throws
        -> (customers: [CustomerRecord], total: Int)
    {
        try await database.writer.read { db in
            var request = CustomerRecord.filter(CustomerRecord.Columns.store == store.rawValue)
            if let search, !search.isEmpty {
                let pattern = "%" + search + "%"
                request = request.filter(
                    sql: "first_name || ' ' || coalesce(last_name, '') LIKE ? OR email LIKE ? OR phone LIKE ? "
                        + "OR phone_digits LIKE ?", arguments: [pattern, pattern, pattern, pattern])
            }
            if let hasPhone {
                request = request.filter(
                    hasPhone ? CustomerRecord.Columns.phoneDigits != nil : CustomerRecord.Columns.phoneDigits == nil)
            }
            let total = try request.fetchCount(db)
            let (skipped, overflow) = (page - 1).multipliedReportingOverflow(by: pageSize)
            guard !overflow else { return ([], total) }
            let customers = try request.order(sql: "last_name, first_name, id").limit(pageSize, offset: skipped)
                .fetchAll(db)
            return (customers, total)
        }
    }
}
