import Foundation
import GRDB

/// Each store's numbers that opted out of its broadcasts: broadcasts skip them with the reason; event SMS
/// still reach them (they are about the customer's own orders) unless the store says otherwise.
public struct OptOuts: Sendable {
    private let storage: any OptOutStorage
    private let account: AccountService
    private let now: @Sendable () -> Date

    /// The opt-outs in the SQLite database.
    public init(database: AppDatabase, account: AccountService, now: @escaping @Sendable () -> Date = Date.init) {
        self.init(storage: SQLiteOptOutStorage(database: database), account: account, now: now)
    }

    /// The opt-outs in `storage`.
    public init(
        storage: any OptOutStorage, account: AccountService, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.storage = storage
        self.account = account
        self.now = now
    }

    /// One opted-out number.
    public struct Entry: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
        public static let databaseTableName = "opt_outs"
        /// The store whose customer opted out.
        public var store = StoreID.first.rawValue
        /// The digits an SMS would go to.
        public let number: String
        public let typed: String
        /// `admin`, `customer`, `import`...: who said so.
        public let source: String
        public let note: String?
        public let createdAt: Date

        enum CodingKeys: String, CodingKey {
            case store, number, typed, source, note
            case createdAt = "created_at"
        }

        public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
            StoredDate.encodingStrategy
        }
    }

    /// The longest note kept.
    public static let maximumNoteLength = 500

    /// Opts `typed` out (checked like a broadcast's typed number: with its country code); adding it again
    /// keeps the first entry.
    ///
    /// - Throws: ``ValidationError`` naming `number`, `source` or `note`.
    public func add(_ typed: String, source: String?, note: String?, store: StoreID) async throws -> Entry {
        let policy = PhonePolicy.customers(try await account.settings(of: store))
        let planned = BroadcastPlan.number(typed, policy: policy)
        guard planned.skipReason == nil else {
            throw ValidationError(field: "number", reason: planned.skipReason ?? "is not a number")
        }
        let source = source ?? "admin"
        guard (1...40).contains(source.count),
            source.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else {
            throw ValidationError(field: "source", reason: "must be 1 to 40 letters, digits or hyphens (e.g. admin)")
        }
        if let note, note.count > Self.maximumNoteLength {
            throw ValidationError(field: "note", reason: "is longer than \(Self.maximumNoteLength) characters")
        }
        let entry = Entry(
            store: store.rawValue, number: planned.digits, typed: planned.typed ?? typed, source: source, note: note,
            createdAt: now())
        return try await storage.add(entry)
    }

    /// Removes the number from `store`'s opt-outs; false when it was not opted out there.
    public func remove(_ typed: String, store: StoreID) async throws -> Bool {
        let policy = PhonePolicy.customers(try await account.settings(of: store))
        let digits = BroadcastPlan.number(typed, policy: policy).digits
        return try await storage.remove(number: digits, store: store)
    }

    /// `store`'s opted-out numbers, newest first.
    public func list(limit: Int, offset: Int, store: StoreID) async throws -> (entries: [Entry], total: Int) {
        try await storage.list(limit: limit, offset: offset, store: store)
    }

    /// Whether opted-out numbers also miss the customers' event SMS (off by default: an opt-out is from
    /// marketing, and event SMS are about the customer's own orders).
    public func appliesToEvents(store: StoreID) async throws -> Bool {
        try await storage.appliesToEvents(store: store)
    }

    /// Sets whether `store`'s opted-out numbers also miss its customers' event SMS.
    public func setAppliesToEvents(_ applies: Bool, store: StoreID) async throws {
        try await storage.setAppliesToEvents(applies, store: store, now: now())
    }

    /// Which of `numbers` (digits) opted out of `store`'s SMS.
    public func optedOut(among numbers: [String], store: StoreID) async throws -> Set<String> {
        let wanted = Array(Set(numbers.filter { !$0.isEmpty }))
        guard !wanted.isEmpty else { return [] }
        return try await storage.optedOut(among: wanted, store: store)
    }
}
