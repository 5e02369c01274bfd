import BigCommerceAPI
import Foundation
import GRDB
import JSONCore

/// The customer directory: the list the seed's broadcast picks "specific customers" from and "all users"
/// means. Synced from the store, imported (CSV or JSON lines), or added by hand; every phone checked by the
/// customer phone policy when saved, with the reason when refused.
public actor CustomerDirectory {
    let database: AppDatabase
    let account: AccountService
    private let store: StoreService
    let now: @Sendable () -> Date

    public init(
        database: AppDatabase, account: AccountService, store: StoreService,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.database = database
        self.account = account
        self.store = store
        self.now = now
    }

    /// A customer as given (by the store, an import or a person).
    public struct Given: Sendable, Equatable {
        public var storeCustomerID: Int64?
        public var firstName: String?
        public var lastName: String?
        public var email: String?
        public var phone: String?
        public var phoneCountry: String?

        public init(
            storeCustomerID: Int64? = nil, firstName: String? = nil, lastName: String? = nil, email: String? = nil,
            phone: String? = nil, phoneCountry: String? = nil
        ) {
            self.storeCustomerID = storeCustomerID
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
            self.phone = phone
            self.phoneCountry = phoneCountry
        }

        /// A v3 customer as the store returns it (`include=addresses`): its own phone, else an address's.
        public init?(store customer: JSONValue) {
            guard case .number(let number)? = customer["id"], let id = number.integer(as: Int64.self) else {
                return nil
            }
            storeCustomerID = id
            firstName = customer["first_name"]?.stringValue
            lastName = customer["last_name"]?.stringValue
            email = customer["email"]?.stringValue
            let addresses = customer["addresses"]?.arrayValue ?? []
            let own = customer["phone"]?.stringValue.flatMap { $0.contains(where: \.isNumber) ? $0 : nil }
            let address = addresses.first { $0["phone"]?.stringValue?.contains(where: \.isNumber) == true }
            phone = own ?? address?["phone"]?.stringValue
            phoneCountry = (own == nil ? address : addresses.first)?["country_code"]?.stringValue
        }
    }

    /// What a sync did.
    public struct SyncCounts: Sendable, Equatable {
        public var added = 0
        public var updated = 0
        public var removed = 0
        public var withoutPhone = 0
        public var pages = 0
        public var totalPages: Int?
        /// Whether it went on from a run an interruption had stopped.
        public var resumed = false
    }

    /// Pages through the store's customers (250 a page, with addresses) into the directory, upserting, then
    /// removes the store's customers it no longer has. Resumes an interrupted run where it stopped.
    /// `progress` is told after each page.
    ///
    /// - Throws: ``BigCommerceError`` when the store cannot be reached (the run can be resumed), or
    ///   ``ValidationError`` when no store is connected.
    public func sync(
        of store: StoreID, progress: @escaping @Sendable (SyncCounts) -> Void = { _ in }
    ) async throws -> SyncCounts {
        guard let client = try await self.store.client(of: store) else {
            throw ValidationError(
                field: "storeHash", reason: "no store is connected: set storeHash and accessToken with store.set")
        }
        let policy = PhonePolicy.customers(try await account.settings(of: store))
        let (run, firstPage, resumedCounts) = try await startOrResume(store)
        var (page, counts) = (firstPage, resumedCounts)
        while true {
            let answer = try await client.get("/v3/customers?include=addresses&limit=250&page=\(page)")
            let customers = (answer["data"]?.arrayValue ?? []).compactMap(Given.init(store:))
            let totalPages = answer["meta"]?["pagination"]?["total_pages"].flatMap { value -> Int? in
                if case .number(let number) = value { return number.integer() }
                return nil
            }
            counts.totalPages = totalPages
            counts.pages = page
            let time = now()
            let (pageCounts, nextPage) = (counts, page + 1)
            counts = try await database.writer.write { db in
                var counts = pageCounts
                for customer in customers {
                    let outcome = try Self.upsert(
                        customer, store: store, source: .store, run: run, policy: policy, now: time, db)
                    switch outcome {
                    case .added: counts.added += 1
                    case .updated: counts.updated += 1
                    }
                    if customer.phone == nil { counts.withoutPhone += 1 }
                }
                try db.execute(
                    sql: """
                        UPDATE customer_sync SET next_page = ?, total_pages = ?, added = ?, updated = ?,
                            without_phone = ? WHERE id = ?
                        """,
                    arguments: [
                        nextPage, totalPages, counts.added, counts.updated, counts.withoutPhone, store.rawValue,
                    ])
                return counts
            }
            progress(counts)
            let last = answer["meta"]?["pagination"]?["links"]?["next"] == nil || customers.isEmpty
            if last || totalPages.map({ page >= $0 }) == true { break }
            page = nextPage
        }
        let time = now()
        let finished = counts
        counts = try await database.writer.write { db in
            var counts = finished
            try db.execute(
                sql: """
                    DELETE FROM customers WHERE store = ? AND source = 'store' AND (sync_run IS NULL OR sync_run < ?)
                    """,
                arguments: [store.rawValue, run])
            counts.removed = db.changesCount
            try db.execute(
                sql: "UPDATE customer_sync SET removed = ?, finished_at = ? WHERE id = ?",
                arguments: [counts.removed, time, store.rawValue])
            return counts
        }
        return counts
    }

    /// A new run (page 1), or the unfinished one's next page and counts.
    private func startOrResume(_ store: StoreID) async throws -> (Int64, Int, SyncCounts) {
        let time = now()
        return try await database.writer.write { db in
            if let row = try Row.fetchOne(
                db, sql: "SELECT * FROM customer_sync WHERE id = ?", arguments: [store.rawValue]),
                row["finished_at"] as Date? == nil
            {
                var counts = SyncCounts()
                counts.added = row["added"]
                counts.updated = row["updated"]
                counts.withoutPhone = row["without_phone"]
                counts.resumed = true
                return (row["run"], row["next_page"], counts)
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
            return (run, 1, SyncCounts())
        }
    }

    enum UpsertOutcome { case added, updated }

    /// Saves `customer` in `store`'s directory, matched by its store id when it has one, its phone checked by
    /// `policy`.
    static func upsert(
        _ customer: Given, store: StoreID, source: CustomerRecord.Source, run: Int64?, policy: PhonePolicy,
        now: Date, _ db: Database
    ) throws -> UpsertOutcome {
        let check = customer.phone.map { PhoneCheck.check($0, policy: policy) }
        let digits = check.flatMap { $0.valid == false ? nil : $0.gatewayNumber }
        let reason =
            customer.phone == nil
            ? "no phone number" : check?.valid == false ? check?.reason ?? "refused" : nil
        let existing = try customer.storeCustomerID.flatMap {
            try CustomerRecord.filter(
                CustomerRecord.Columns.store == store.rawValue && CustomerRecord.Columns.storeCustomerID == $0
            ).fetchOne(db)
        }
        if var record = existing {
            record.firstName = customer.firstName
            record.lastName = customer.lastName
            record.email = customer.email
            record.phone = customer.phone
            record.phoneDigits = digits
            record.phoneCountry = customer.phoneCountry
            record.phoneReason = reason
            record.syncRun = run ?? record.syncRun
            record.seenAt = now
            record.updatedAt = now
            try record.update(db)
            return .updated
        }
        var record = CustomerRecord(
            id: nil, store: store.rawValue, storeCustomerID: customer.storeCustomerID, firstName: customer.firstName,
            lastName: customer.lastName, email: customer.email, phone: customer.phone, phoneDigits: digits,
            phoneCountry: customer.phoneCountry, phoneReason: reason, source: source, syncRun: run, seenAt: now,
            updatedAt: now)
        try record.insert(db)
        return .added
    }

    /// Adds or updates one customer of `store` by hand (matched by `storeCustomerID` when given).
    public func upsert(_ customer: Given, store: StoreID) async throws -> CustomerRecord {
        let policy = PhonePolicy.customers(try await account.settings(of: store))
        let time = now()
        return try await database.writer.write { db in
            _ = try Self.upsert(customer, store: store, source: .manual, run: nil, policy: policy, now: time, db)
            let ofStore = CustomerRecord.filter(CustomerRecord.Columns.store == store.rawValue)
            if let storeID = customer.storeCustomerID,
                let saved = try ofStore.filter(CustomerRecord.Columns.storeCustomerID == storeID).fetchOne(db)
            {
                return saved
            }
            return try ofStore.order(CustomerRecord.Columns.id.desc).fetchOne(db)!
        }
    }

    /// One customer of `store`; nil for an id that is not its (another store's, or none at all).
    public func customer(id: Int64, store: StoreID) async throws -> CustomerRecord? {
        try await database.writer.read { db in
            try CustomerRecord.filter(CustomerRecord.Columns.store == store.rawValue && CustomerRecord.Columns.id == id)
                .fetchOne(db)
        }
    }

    /// A page of customers by name, with the total: `search` matches names, email and phone; `hasPhone`
    /// keeps those an SMS can (or cannot) reach.
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
