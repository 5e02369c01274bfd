import Foundation

/// Where each store's customer directory lives: its customers, matched by their store id when they have one, and
/// the progress of its sync, saved with each page so that an interrupted sync goes on where it stopped. The
/// directory checks the phones and counts; a storage keeps the rows.
public protocol CustomerStorage: Sendable {
    /// `store`'s sync to go on with: the unfinished run (its next page and its counts so far, `resumed`), or a new
    /// run from page 1 started at `now`.
    func startOrResumeSync(of store: StoreID, now: Date) async throws -> CustomerSyncRun
    /// Saves one page of `store`'s sync in one transaction: `customers`, then the run's progress (`nextPage`, and
    /// the counts `counting` makes of the customers' outcomes, whose `totalPages` it keeps); answers the counts.
    func saveSyncPage(
        _ customers: [CustomerWrite], of store: StoreID, nextPage: Int, now: Date,
        counting: @Sendable ([CustomerWrite.Outcome]) -> CustomerDirectory.SyncCounts
    ) async throws -> CustomerDirectory.SyncCounts
    /// Ends `store`'s sync `run` in one transaction: removes the customers the store gave before that run and no
    /// longer has, and records how many and when it finished; how many were removed.
    func finishSync(of store: StoreID, run: Int64, now: Date) async throws -> Int
    /// Saves `customers` of `store` in one transaction, in order; what each did.
    func save(_ customers: [CustomerWrite], of store: StoreID, now: Date) async throws -> [CustomerWrite.Outcome]
    /// Saves one customer of `store` and answers it as stored.
    func saveOne(_ customer: CustomerWrite, of store: StoreID, now: Date) async throws -> CustomerRecord
    /// `store`'s customer `id`; nil when it has none with that id (another store's is none of its).
    func customer(id: Int64, store: StoreID) async throws -> CustomerRecord?
    /// A page (1-based) of `store`'s customers by last name, first name and id, with how many there are: `search`
    /// matches names, email and phone (a `LIKE` substring); `hasPhone` keeps those an SMS can (or cannot) reach.
    func list(search: String?, hasPhone: Bool?, page: Int, pageSize: Int, store: StoreID) async throws
        -> (customers: [CustomerRecord], total: Int)
}

/// A run of a store's customer sync as stored.
public struct CustomerSyncRun: Sendable, Equatable {
    /// The run's number: customers the store gave in earlier runs and not in this one are removed at its end.
    public let run: Int64
    /// The store's page to ask for next.
    public let nextPage: Int
    /// What the run counted so far (nothing for a new run; `resumed` for an interrupted one gone on with).
    public let counts: CustomerDirectory.SyncCounts

    public init(run: Int64, nextPage: Int, counts: CustomerDirectory.SyncCounts) {
        self.run = run
        self.nextPage = nextPage
        self.counts = counts
    }
}

/// A customer as the directory saves it: as given, with its phone as the customer policy checked it, where it came
/// from and the sync run that saw it.
public struct CustomerWrite: Sendable {
    /// What saving one customer did.
    public enum Outcome: Sendable, Equatable {
        case added, updated
    }

    public let given: CustomerDirectory.Given
    public let source: CustomerRecord.Source
    /// The sync run that saw it; nil outside a sync (the stored run is kept).
    public let run: Int64?
    /// The digits an SMS would go to; nil without a phone or when the policy refuses it.
    public let phoneDigits: String?
    /// Why the phone cannot be sent to, when it cannot.
    public let phoneReason: String?

    /// `customer` with its phone checked by `policy`.
    init(_ customer: CustomerDirectory.Given, source: CustomerRecord.Source, run: Int64?, policy: PhonePolicy) {
        let check = customer.phone.map { PhoneCheck.check($0, policy: policy) }
        given = customer
        self.source = source
        self.run = run
        phoneDigits = check.flatMap { $0.valid == false ? nil : $0.gatewayNumber }
        phoneReason =
            customer.phone == nil
            ? "no phone number" : check?.valid == false ? check?.reason ?? "refused" : nil
    }

    /// Why the customer policy refused the phone given; nil when none was given or it was accepted.
    var refusal: String? { given.phone == nil ? nil : phoneReason }

    /// The customer as saved over `existing`, the one of `store` with the same store id (nil: a new customer).
    public func applied(to existing: CustomerRecord?, store: StoreID, now: Date) -> CustomerRecord {
        guard var record = existing else {
            return CustomerRecord(
                id: nil, store: store.rawValue, storeCustomerID: given.storeCustomerID, firstName: given.firstName,
                lastName: given.lastName, email: given.email, phone: given.phone, phoneDigits: phoneDigits,
                phoneCountry: given.phoneCountry, phoneReason: phoneReason, source: source, syncRun: run, seenAt: now,
                updatedAt: now)
        }
        record.firstName = given.firstName
        record.lastName = given.lastName
        record.email = given.email
        record.phone = given.phone
        record.phoneDigits = phoneDigits
        record.phoneCountry = given.phoneCountry
        record.phoneReason = phoneReason
        record.syncRun = run ?? record.syncRun
        record.seenAt = now
        record.updatedAt = now
        return record
    }
}
