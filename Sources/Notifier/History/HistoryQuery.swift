import Foundation
import JSONCore

/// What the history shows: the seed's one search box, filters, and an order.
public struct HistoryQuery: Sendable, Equatable {
    /// The columns the history can be sorted by: the seed's, by their JSON names.
    public enum Sort: String, CaseIterable, Sendable, Codable, StringEnumeration {
        public static let valueNoun = "a column to sort by"

        case datetime, eventId, orderId, eventType, sender, message, recipient, response, status

        /// The SQL that orders by it, in SQLite (``SQLiteHistoryStorage``).
        var expression: String {
            switch self {
            case .datetime: "m.id"
            case .eventId: "m.event_id"
            case .orderId: "m.order_id"
            case .eventType: "m.event_type"
            case .sender: "m.sender"
            case .message: "m.text"
            case .recipient: "m.recipient"
            case .response: "coalesce(m.gateway_response, m.reason)"
            case .status: "m.state"
            }
        }
    }

    /// The store whose history it is.
    public var store: StoreID
    /// Words that must each appear in the message, recipient, response, event type, sender, order id or
    /// event id (anywhere: `4567` finds `60123454567`).
    public var search: String?
    public var states: Set<MessageState>?
    public var eventType: String?
    public var audience: Audience?
    public var orderID: String?
    public var broadcastID: Int64?
    /// The digits sent, exactly.
    public var recipient: String?
    /// Rows made at or after `from`, and before `to`.
    public var from: Date?
    public var to: Date?
    public var sort: Sort = .datetime
    public var descending = true

    /// Everything of `store`'s history, newest first.
    public init(store: StoreID) {
        self.store = store
    }

    /// The words of `search`, without blanks: each must appear in a row found.
    public var words: [String] {
        (search ?? "").split(whereSeparator: \.isWhitespace).map(String.init).filter { !$0.isEmpty }
    }
}

/// One page of the history.
public struct HistoryPage: Sendable {
    public let rows: [MessageRecord]
    /// How many rows match in all; when ``totalIsExact`` is false, at least this many (the count stopped at
    /// ``HistoryStore/countCap``).
    public let total: Int
    public let totalIsExact: Bool
    /// For scripts that walk everything newest first: give it as `cursor` for the next rows; nil at the end.
    public let nextCursor: Int64?
}
