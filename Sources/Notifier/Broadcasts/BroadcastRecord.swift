import Foundation
import GRDB

/// A broadcast: its message, its planned recipients and how far writing their SMS rows has gone.
public struct BroadcastRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "broadcasts"

    /// Where a broadcast is.
    public enum State: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
        /// Its SMS rows are being written (they are sent as they are written).
        case writing
        /// Every row written; sending.
        case running
        /// Held: nothing more is sent until resumed.
        case paused
        /// Stopped: its queued rows were cancelled.
        case cancelled
        /// Every row settled.
        case finished
    }

    public var id: Int64?
    /// The store whose broadcast it is.
    public var store: Int64 = StoreID.first.rawValue
    public var message: String
    public var sender: String?
    /// `all`, `customers` or `numbers`.
    public var audience: String
    /// The planned recipients (see ``BroadcastPlan/encoded``).
    public internal(set) var recipients: String
    public var state: State
    public var idempotencyKey: String?
    public var scheduleAt: Date?
    /// Planned recipients whose row is written.
    public var written: Int
    public var recipientCount: Int
    public var toSend: Int
    public var skipped: Int
    public var duplicates: Int
    public var parts: Int
    public var encoding: String
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var updatedAt: Date
    /// The estimated cost of one of its SMS (all parts), from the pricing when it was sent; nil when unpriced.
    public var unitCost: String?
    public var currency: String?

    enum CodingKeys: String, CodingKey {
        case id, store, message, sender, audience, recipients, state, written, skipped, duplicates, parts, encoding
        case idempotencyKey = "idempotency_key"
        case scheduleAt = "schedule_at"
        case recipientCount = "recipient_count"
        case toSend = "to_send"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case updatedAt = "updated_at"
        case unitCost = "unit_cost"
        case currency
    }

    /// The columns, for queries.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let store = Column(CodingKeys.store)
        public static let state = Column(CodingKeys.state)
        public static let idempotencyKey = Column(CodingKeys.idempotencyKey)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        StoredDate.encodingStrategy
    }

    /// The columns a listing reads: everything but the recipients, which can be megabytes.
    static var summaryColumns: [any SQLSelectable] {
        [
            CodingKeys.id, .store, .message, .sender, .audience, .state, .idempotencyKey, .scheduleAt, .written,
            .recipientCount, .toSend, .skipped, .duplicates, .parts, .encoding, .createdAt, .startedAt, .finishedAt,
            .updatedAt, .unitCost, .currency,
        ].map { Column($0.rawValue) } + [SQL("'' AS recipients")]
    }
}
