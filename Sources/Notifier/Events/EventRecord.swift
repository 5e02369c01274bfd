import Foundation
import GRDB

/// A store event as received: stored before it is answered, processed into SMS rows afterwards.
public struct EventRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "events"

    /// Whether the event has been turned into SMS rows yet.
    public enum State: String, Sendable, Codable, DatabaseValueConvertible {
        case received, processed
    }

    public var id: Int64?
    /// The store whose event it is.
    public var store: Int64 = StoreID.first.rawValue
    public var scope: String
    public var dedupeKey: String
    public var storeID: String?
    public var eventID: String?
    public var orderID: String?
    /// The webhook payload as received (JSON).
    public var payload: String
    /// The store's data given with it (JSON), if any.
    public var resources: String?
    /// The event's `created_at`, Unix seconds.
    public var createdAt: Int64?
    public var receivedAt: Date
    public var state: State
    public var processedAt: Date?
    /// What processing decided, in words (e.g. that no audience has the event on).
    public var note: String?
    /// Look-ups in the store tried so far, and when the next try is due.
    public var lookupAttempts: Int = 0
    public var nextLookupAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, store, scope, payload, resources, state, note
        case dedupeKey = "dedupe_key"
        case storeID = "store_id"
        case eventID = "event_id"
        case orderID = "order_id"
        case createdAt = "created_at"
        case receivedAt = "received_at"
        case processedAt = "processed_at"
        case lookupAttempts = "lookup_attempts"
        case nextLookupAt = "next_lookup_at"
    }

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let store = Column(CodingKeys.store)
        public static let state = Column(CodingKeys.state)
        public static let dedupeKey = Column(CodingKeys.dedupeKey)
        public static let scope = Column(CodingKeys.scope)
        public static let nextLookupAt = Column(CodingKeys.nextLookupAt)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
