import Foundation
import Logging
import Notifier
import PostgresNIO

/// The customer directory in PostgreSQL. Every write of a store's customers takes the store's advisory lock
/// first, so that imports, syncs and customers added by hand on several instances apply one after the other
/// (two never both add the customer with the same store id). A batch is two statements at most, whatever its
/// size: the customers already stored are read at once, and the new and changed ones written as JSON sets.
public struct PostgresCustomerStorage: CustomerStorage {
    let client: PostgresClient
    let logger: Logger
    /// The advisory locks' first key: "cust" in ASCII; the second is the store's id.
    static let lockClass: Int32 = 0x6375_7374

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func startOrResumeSync(of store: StoreID, now: Date) async throws -> CustomerSyncRun {
        try await client.transaction(logger: logger) { connection in
            try await Self.lock(store, on: connection, logger: logger)
            var last: Int64 = 0
            for try await (run, next, added, updated, withoutPhone, finished) in try await connection.query(
                """
                SELECT run, next_page, added, updated, without_phone, finished_at FROM customer_sync
                WHERE id = \(store.rawValue)
                """, logger: logger
            ).decode((Int64, Int, Int, Int, Int, Date?).self) {
                guard finished == nil else {
                    last = run
                    continue
                }
                var counts = CustomerDirectory.SyncCounts()
                counts.added = added
                counts.updated = updated
                counts.withoutPhone = withoutPhone
                counts.resumed = true
                return CustomerSyncRun(run: run, nextPage: next, counts: counts)
            }
            try await connection.query(
                """
                INSERT INTO customer_sync (id, run, next_page, added, updated, removed, without_phone, started_at)
                VALUES (\(store.rawValue), \(last + 1), 1, 0, 0, 0, 0, \(now))
                ON CONFLICT (id) DO UPDATE SET run = excluded.run, next_page = 1, total_pages = NULL, added = 0,
                    updated = 0, removed = 0, without_phone = 0, started_at = excluded.started_at, finished_at = NULL
                """, logger: logger)
            return CustomerSyncRun(run: last + 1, nextPage: 1, counts: CustomerDirectory.SyncCounts())
        }
    }

    public func saveSyncPage(
        _ customers: [CustomerWrite], of store: StoreID, nextPage: Int, now: Date,
        counting: @Sendable ([CustomerWrite.Outcome]) -> CustomerDirectory.SyncCounts
    ) async throws -> CustomerDirectory.SyncCounts {
        try await client.transaction(logger: logger) { connection in
            try await Self.lock(store, on: connection, logger: logger)
            let (outcomes, _) = try await Self.save(customers, of: store, now: now, on: connection, logger: logger)
            let counts = counting(outcomes)
            try await connection.query(
                """
                UPDATE customer_sync SET next_page = \(nextPage), total_pages = \(counts.totalPages),
                    added = \(counts.added), updated = \(counts.updated), without_phone = \(counts.withoutPhone)
                WHERE id = \(store.rawValue)
                """, logger: logger)
            return counts
        }
    }

    public func finishSync(of store: StoreID, run: Int64, now: Date) async throws -> Int {
        try await client.transaction(logger: logger) { connection in
            try await Self.lock(store, on: connection, logger: logger)
            var removed = 0
            for try await count in try await connection.query(
                """
                WITH removed AS (
                    DELETE FROM customers WHERE store = \(store.rawValue) AND source = 'store'
                        AND (sync_run IS NULL OR sync_run < \(run))
                    RETURNING 1)
                SELECT count(*) FROM removed
                """, logger: logger
            ).decode(Int.self) {
                removed = count
            }
            try await connection.query(
                """
                UPDATE customer_sync SET removed = \(removed), finished_at = \(now) WHERE id = \(store.rawValue)
                """, logger: logger)
            return removed
        }
    }

    public func save(_ customers: [CustomerWrite], of store: StoreID, now: Date) async throws
        -> [CustomerWrite.Outcome]
    {
        guard !customers.isEmpty else { return [] }
        return try await client.transaction(logger: logger) { connection in
            try await Self.lock(store, on: connection, logger: logger)
            return try await Self.save(customers, of: store, now: now, on: connection, logger: logger).outcomes
        }
    }

    public func saveOne(_ customer: CustomerWrite, of store: StoreID, now: Date) async throws -> CustomerRecord {
        try await client.transaction(logger: logger) { connection in
            try await Self.lock(store, on: connection, logger: logger)
            let (_, saved) = try await Self.save([customer], of: store, now: now, on: connection, logger: logger)
            guard let record = saved.first else { throw PostgresStorageError("the customer was not saved") }
            return record
        }
    }

    public func customer(id: Int64, store: StoreID) async throws -> CustomerRecord? {
        for try await row in try await client.query(
            "SELECT * FROM customers WHERE id = \(id) AND store = \(store.rawValue)", logger: logger)
        {
            return try PostgresRowDecoder.decode(CustomerRecord.self, from: row)
        }
        return nil
    }

    public func list(search: String?, hasPhone: Bool?, page: Int, pageSize: Int, store: StoreID) async throws
        -> (customers: [CustomerRecord], total: Int)
    {
        var total = 0
        for try await count in try await client.query(
            Self.listing("count(*)", search: search, hasPhone: hasPhone, store: store), logger: logger
        ).decode(Int.self) {
            total = count
        }
        let (skipped, overflow) = (page - 1).multipliedReportingOverflow(by: pageSize)
        guard !overflow else { return ([], total) }
        var customers: [CustomerRecord] = []
        for try await row in try await client.query(
            Self.listing("*", search: search, hasPhone: hasPhone, store: store, page: (pageSize, skipped)),
            logger: logger)
        {
            customers.append(try PostgresRowDecoder.decode(CustomerRecord.self, from: row))
        }
        return (customers, total)
    }

    /// `select` of `store`'s customers that `search` and `hasPhone` leave, a page of them in order when `page`
    /// (size, offset) is given. As SQLite reads it: `LIKE` without an escape character (but without case, as
    /// SQLite's is for ASCII), and names in byte order, no name before any.
    private static func listing(
        _ select: String, search: String?, hasPhone: Bool?, store: StoreID, page: (size: Int, offset: Int)? = nil
    ) -> PostgresQuery {
        let pattern = search.flatMap { $0.isEmpty ? nil : "%" + $0 + "%" }
        let order =
            page == nil ? "" : #"ORDER BY last_name COLLATE "C" NULLS FIRST, first_name COLLATE "C" NULLS FIRST, id"#
        return """
            SELECT \(unescaped: select) FROM customers
            WHERE store = \(store.rawValue)
                AND (\(pattern)::text IS NULL
                    OR first_name || ' ' || coalesce(last_name, '') ILIKE \(pattern) ESCAPE ''
                    OR email ILIKE \(pattern) ESCAPE '' OR phone ILIKE \(pattern) ESCAPE ''
                    OR phone_digits ILIKE \(pattern) ESCAPE '')
                AND (\(hasPhone)::boolean IS NULL OR (phone_digits IS NOT NULL) = \(hasPhone))
            \(unescaped: order) LIMIT \(page?.size) OFFSET \(page?.offset ?? 0)
            """
    }

    private static func lock(_ store: StoreID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(\(lockClass), \(Int32(clamping: store.rawValue)))", logger: logger)
    }

    /// The columns written (all but the id, which the database gives).
    static let columns =
        "store, store_customer_id, first_name, last_name, email, phone, phone_digits, phone_country, phone_reason, "
        + "source, sync_run, seen_at, updated_at"

    /// Saves `customers` in order, under the store's lock: each matched by its store id with those stored or saved
    /// before it in the batch; what each did, and the customers as stored (each customer once, in the order they
    /// were first given).
    private static func save(
        _ customers: [CustomerWrite], of store: StoreID, now: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> (outcomes: [CustomerWrite.Outcome], saved: [CustomerRecord]) {
        var stored: [Int64: CustomerRecord] = [:]
        let storeIDs = customers.compactMap(\.given.storeCustomerID)
        if !storeIDs.isEmpty {
            for try await row in try await connection.query(
                """
                SELECT * FROM customers WHERE store = \(store.rawValue) AND store_customer_id = ANY(\(storeIDs))
                """, logger: logger)
            {
                let record = try PostgresRowDecoder.decode(CustomerRecord.self, from: row)
                if let storeID = record.storeCustomerID { stored[storeID] = record }
            }
        }
        // The batch's customers as they are to be saved: changed ones by their row, new ones in order.
        var changed: [CustomerRecord] = []
        var added: [CustomerRecord] = []
        var order: [(added: Bool, index: Int)] = []
        var known: [Int64: (added: Bool, index: Int)] = [:]
        var outcomes: [CustomerWrite.Outcome] = []
        for customer in customers {
            if let storeID = customer.given.storeCustomerID, let place = known[storeID] {
                if place.added {
                    added[place.index] = customer.applied(to: added[place.index], store: store, now: now)
                } else {
                    changed[place.index] = customer.applied(to: changed[place.index], store: store, now: now)
                }
                outcomes.append(.updated)
                continue
            }
            let existing = customer.given.storeCustomerID.flatMap { stored[$0] }
            let place = existing == nil ? (added: true, index: added.count) : (added: false, index: changed.count)
            if place.added {
                added.append(customer.applied(to: nil, store: store, now: now))
            } else {
                changed.append(customer.applied(to: existing, store: store, now: now))
            }
            if let storeID = customer.given.storeCustomerID { known[storeID] = place }
            order.append(place)
            outcomes.append(existing == nil ? .added : .updated)
        }
        var savedAdded: [CustomerRecord] = []
        if !added.isEmpty {
            for try await row in try await connection.query(
                """
                INSERT INTO customers (\(unescaped: columns))
                SELECT \(unescaped: columns)
                FROM jsonb_populate_recordset(NULL::customers, \(try PostgresMessageRows.json(added))::jsonb)
                    WITH ORDINALITY
                ORDER BY ordinality
                RETURNING *
                """, logger: logger)
            {
                savedAdded.append(try PostgresRowDecoder.decode(CustomerRecord.self, from: row))
            }
        }
        var savedChanged: [Int64: CustomerRecord] = [:]
        if !changed.isEmpty {
            for try await row in try await connection.query(
                """
                UPDATE customers c SET first_name = r.first_name, last_name = r.last_name, email = r.email,
                    phone = r.phone, phone_digits = r.phone_digits, phone_country = r.phone_country,
                    phone_reason = r.phone_reason, sync_run = r.sync_run, seen_at = r.seen_at,
                    updated_at = r.updated_at
                FROM jsonb_populate_recordset(NULL::customers, \(try PostgresMessageRows.json(changed))::jsonb) r
                WHERE c.id = r.id AND c.store = \(store.rawValue)
                RETURNING c.*
                """, logger: logger)
            {
                let record = try PostgresRowDecoder.decode(CustomerRecord.self, from: row)
                if let id = record.id { savedChanged[id] = record }
            }
        }
        let saved = order.compactMap { place in
            place.added
                ? (place.index < savedAdded.count ? savedAdded[place.index] : nil)
                : changed[place.index].id.flatMap { savedChanged[$0] }
        }
        return (outcomes, saved)
    }
}
