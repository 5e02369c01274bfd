import Foundation

/// Filters as clients give them, checked into a ``HistoryQuery``.
public struct HistoryFilter: Sendable, Equatable {
    public var search: String?
    /// Outbox states (`queued`, `sent`...).
    public var states: [MessageState]?
    /// The seed's Status: `Success`, `Fail` or `Pending`.
    public var status: String?
    public var eventType: String?
    public var audience: Audience?
    public var orderID: String?
    public var broadcastID: Int64?
    public var recipient: String?
    /// ISO 8601 (`2021-09-20T05:08:09Z`) or the history's own form (`2021-09-20 05:08:09.000Z`).
    public var from: String?
    public var to: String?
    public var sort: HistoryQuery.Sort?
    /// `asc` or `desc`.
    public var order: String?

    public init() {}

    /// The query these filters ask for in `store`'s history.
    ///
    /// - Throws: ``ValidationError`` naming the first filter that is not acceptable.
    public func query(store: StoreID) throws(ValidationError) -> HistoryQuery {
        var query = HistoryQuery(store: store)
        if let search {
            guard search.count <= 200 else {
                throw ValidationError(field: "search", reason: "is \(search.count) characters long; the most is 200")
            }
            // No stored text holds a NUL, and the full-text index cannot be asked for one.
            guard !search.unicodeScalars.contains("\u{0}") else {
                throw ValidationError(
                    field: "search",
                    reason: "holds a NUL character (U+0000), which no message holds: give printable words to find")
            }
            query.search = search
        }
        if let states, !states.isEmpty { query.states = Set(states) }
        if let status {
            let states = MessageState.allCases.filter { $0.seedStatus.caseInsensitiveCompare(status) == .orderedSame }
            guard !states.isEmpty else {
                throw ValidationError(
                    field: "status", reason: "\"\(status.prefix(40))\" is not a status: use Success, Fail or Pending",
                    accepted: ["Success", "Fail", "Pending"])
            }
            query.states = (query.states ?? Set(MessageState.allCases)).intersection(states)
        }
        query.eventType = eventType
        query.audience = audience
        query.orderID = orderID
        query.broadcastID = broadcastID
        query.recipient = recipient
        query.from = try from.map { text throws(ValidationError) in try Self.date(text, field: "from") }
        query.to = try to.map { text throws(ValidationError) in try Self.date(text, field: "to") }
        if let sort { query.sort = sort }
        switch order?.lowercased() {
        case nil, "desc"?: query.descending = true
        case "asc"?: query.descending = false
        default:
            throw ValidationError(field: "order", reason: "must be asc or desc", accepted: ["asc", "desc"])
        }
        return query
    }

    private static func date(_ text: String, field: String) throws(ValidationError) -> Date {
        try ISO8601Date.date(text, field: field)
    }
}

extension ISO8601Date {
    /// `text` as a date, or an error naming `field` and the forms accepted.
    static func date(_ text: String, field: String) throws(ValidationError) -> Date {
        guard let milliseconds = milliseconds(text) else {
            throw ValidationError(
                field: field,
                reason: "\"\(text.prefix(40))\" is not a date-time: give ISO 8601, e.g. 2021-09-20T05:08:09Z, or "
                    + "2021-09-20 05:08:09.000Z")
        }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
