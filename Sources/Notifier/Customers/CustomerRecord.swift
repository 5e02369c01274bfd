import Foundation
import GRDB

/// A customer in the directory: names, email, phone as found, and what the customer phone policy made of it.
public struct CustomerRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "customers"

    /// Where a customer came from.
    public enum Source: String, Sendable, Codable, DatabaseValueConvertible {
        case store, `import`, manual
    }

    public var id: Int64?
    /// The store whose customer it is.
    public var store: Int64 = StoreID.first.rawValue
    public var storeCustomerID: Int64?
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    /// The phone as found.
    public var phone: String?
    /// The digits an SMS would go to; nil without a phone or when the policy refuses it.
    public var phoneDigits: String?
    /// The country of the address the phone came with.
    public var phoneCountry: String?
    /// Why the phone cannot be sent to, when it cannot.
    public var phoneReason: String?
    public var source: Source
    public var syncRun: Int64?
    public var seenAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, store, email, phone, source
        case storeCustomerID = "store_customer_id"
        case firstName = "first_name"
        case lastName = "last_name"
        case phoneDigits = "phone_digits"
        case phoneCountry = "phone_country"
        case phoneReason = "phone_reason"
        case syncRun = "sync_run"
        case seenAt = "seen_at"
        case updatedAt = "updated_at"
    }

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let store = Column(CodingKeys.store)
        public static let storeCustomerID = Column(CodingKeys.storeCustomerID)
        public static let phoneDigits = Column(CodingKeys.phoneDigits)
        public static let source = Column(CodingKeys.source)
        public static let syncRun = Column(CodingKeys.syncRun)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
