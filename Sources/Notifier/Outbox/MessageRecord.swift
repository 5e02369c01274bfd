import Foundation
import GRDB

/// One SMS to one recipient: a row before it is a request, and its history afterwards.
public struct MessageRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "messages"

    public var id: Int64?
    /// The store whose SMS it is.
    public var store: Int64 = StoreID.first.rawValue
    public var origin: MessageOrigin
    /// The stored event it came from.
    public var eventRef: Int64?
    public var broadcastID: Int64?
    public var audience: Audience?
    /// The webhook scope, or `SMS Broadcast`.
    public var eventType: String
    /// The event's `data.id`, as the seed's history shows it.
    public var eventID: String?
    public var orderID: String?
    public var sender: String?
    public var text: String
    /// The number as found; nil when none was found.
    public var recipientTyped: String?
    /// The digits sent to the gateway; empty when there is no number.
    public var recipient: String
    public var encoding: String
    public var parts: Int
    public var state: MessageState
    /// Our words: why it was skipped, or why its outcome is unknown.
    public var reason: String?
    public var attempts: Int
    public var nextAttemptAt: Date?
    /// 0 for an event's SMS, 1 for a broadcast's: lower goes first.
    public var priority: Int
    public var gatewayStatus: Int?
    /// The gateway's own words.
    public var gatewayResponse: String?
    public var msgid: String?
    public var deliveredAt: Date?
    /// The gateway's `mocean-error-code` from the delivery report, when one came.
    public var deliveryErrorCode: Int?
    public var statusChecks: Int
    public var nextStatusCheckAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, store, origin, audience, sender, text, recipient, encoding, parts, state, reason, attempts, priority
        case msgid
        case eventRef = "event_ref"
        case broadcastID = "broadcast_id"
        case eventType = "event_type"
        case eventID = "event_id"
        case orderID = "order_id"
        case recipientTyped = "recipient_typed"
        case nextAttemptAt = "next_attempt_at"
        case gatewayStatus = "gateway_status"
        case gatewayResponse = "gateway_response"
        case deliveredAt = "delivered_at"
        case deliveryErrorCode = "delivery_error_code"
        case statusChecks = "status_checks"
        case nextStatusCheckAt = "next_status_check_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// The table's columns, for queries.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let store = Column(CodingKeys.store)
        public static let eventRef = Column(CodingKeys.eventRef)
        public static let broadcastID = Column(CodingKeys.broadcastID)
        public static let state = Column(CodingKeys.state)
        public static let priority = Column(CodingKeys.priority)
        public static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
        public static let msgid = Column(CodingKeys.msgid)
        public static let nextStatusCheckAt = Column(CodingKeys.nextStatusCheckAt)
        public static let createdAt = Column(CodingKeys.createdAt)
        public static let updatedAt = Column(CodingKeys.updatedAt)
        public static let attempts = Column(CodingKeys.attempts)
    }

    /// Records the outcome the gateway reported for a `sent` row: delivered, failed or expired, at `time`,
    /// with our words and the gateway's error code. Status checks stop.
    mutating func settleDelivery(_ settled: MessageState, at time: Date, reason: String, errorCode: Int? = nil) {
        state = settled
        nextStatusCheckAt = nil
        updatedAt = time
        if settled == .delivered { deliveredAt = time }
        self.reason = reason
        deliveryErrorCode = errorCode
    }

    /// The update that tells followers of this row's new state.
    var update: MessageUpdate? {
        id.map {
            MessageUpdate(
                id: $0, eventRef: eventRef, broadcastID: broadcastID, state: state,
                response: reason ?? gatewayResponse, recipient: recipient)
        }
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension Audience: DatabaseValueConvertible {}

/// One attempt at sending an SMS: when, and what the gateway said.
public struct MessageAttemptRecord: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "message_attempts"

    public var id: Int64?
    /// The store whose SMS it is an attempt at.
    public var store: Int64 = StoreID.first.rawValue
    public var messageID: Int64
    /// 1 for the first attempt.
    public var number: Int
    public var startedAt: Date
    public var finishedAt: Date?
    /// `sent`, `failed`, `retry`, `unknown` or `cancelled`; nil while in flight.
    public var outcome: String?
    public var gatewayStatus: Int?
    public var response: String?

    enum CodingKeys: String, CodingKey {
        case id, store, number, outcome, response
        case messageID = "message_id"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case gatewayStatus = "gateway_status"
    }

    public enum Columns {
        public static let messageID = Column(CodingKeys.messageID)
        public static let number = Column(CodingKeys.number)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
