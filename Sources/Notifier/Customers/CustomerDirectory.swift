import BigCommerceAPI
import Foundation
import JSONCore

/// The customer directory: the list the seed's broadcast picks "specific customers" from and "all users"
/// means. Synced from the store, imported (CSV or JSON lines), or added by hand; every phone checked by the
/// customer phone policy when saved, with the reason when refused.
public actor CustomerDirectory {
    let storage: any CustomerStorage
    let account: AccountService
    private let store: StoreService
    let now: @Sendable () -> Date

    /// The directory in the SQLite database.
    public init(
        database: AppDatabase, account: AccountService, store: StoreService,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.init(storage: SQLiteCustomerStorage(database: database), account: account, store: store, now: now)
    }

    /// The directory in `storage`.
    public init(
        storage: any CustomerStorage, account: AccountService, store: StoreService,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.storage = storage
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

        public init() {}
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
        let run = try await storage.startOrResumeSync(of: store, now: now())
        var (page, counts) = (run.nextPage, run.counts)
        while true {
            let answer = try await client.get("/v3/customers?include=addresses&limit=250&page=\(page)")
            let customers = (answer["data"]?.arrayValue ?? []).compactMap(Given.init(store:))
            let totalPages = answer["meta"]?["pagination"]?["total_pages"].flatMap { value -> Int? in
                if case .number(let number) = value { return number.integer() }
                return nil
            }
            counts.totalPages = totalPages
            counts.pages = page
            let (pageCounts, nextPage) = (counts, page + 1)
            let writes = customers.map { CustomerWrite($0, source: .store, run: run.run, policy: policy) }
            counts = try await storage.saveSyncPage(writes, of: store, nextPage: nextPage, now: now()) { outcomes in
                var counts = pageCounts
                for (customer, outcome) in zip(writes, outcomes) {
                    switch outcome {
                    case .added: counts.added += 1
                    case .updated: counts.updated += 1
                    }
                    if customer.given.phone == nil { counts.withoutPhone += 1 }
                }
                return counts
            }
            progress(counts)
            let last = answer["meta"]?["pagination"]?["links"]?["next"] == nil || customers.isEmpty
            if last || totalPages.map({ page >= $0 }) == true { break }
            page = nextPage
        }
        counts.removed = try await storage.finishSync(of: store, run: run.run, now: now())
        return counts
    }

    /// Adds or updates one customer of `store` by hand (matched by `storeCustomerID` when given).
    public func upsert(_ customer: Given, store: StoreID) async throws -> CustomerRecord {
        let policy = PhonePolicy.customers(try await account.settings(of: store))
        return try await storage.saveOne(
            CustomerWrite(customer, source: .manual, run: nil, policy: policy), of: store, now: now())
    }

    /// One customer of `store`; nil for an id that is not its (another store's, or none at all).
    public func customer(id: Int64, store: StoreID) async throws -> CustomerRecord? {
        try await storage.customer(id: id, store: store)
    }

    /// A page of customers by name, with the total: `search` matches names, email and phone; `hasPhone`
    /// keeps those an SMS can (or cannot) reach.
    public func list(search: String?, hasPhone: Bool?, page: Int, pageSize: Int, store: StoreID) async throws
        -> (customers: [CustomerRecord], total: Int)
    {
        try await storage.list(search: search, hasPhone: hasPhone, page: page, pageSize: pageSize, store: store)
    }
}
