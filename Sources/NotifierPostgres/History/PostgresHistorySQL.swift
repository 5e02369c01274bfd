import Foundation
import Notifier
import PostgresNIO

/// The SQL of a history query on PostgreSQL: its conditions over `messages m` with their bindings, and its
/// order; the rows SQLite's queries find, in the order they give them.
struct PostgresHistorySQL {
    private(set) var conditions: [String] = []
    private(set) var binds = PostgresBindings()

    init(_ query: HistoryQuery) {
        // Always one store's rows.
        let store = bind(query.store.rawValue)
        conditions.append("m.store = \(store)")
        // Each word anywhere in one of the searched columns, in any case: the expression is the pg_trgm index's,
        // which serves it; a word holding the columns' separator is in none of them.
        for word in query.words {
            guard !word.unicodeScalars.contains("\u{1}") else {
                conditions.append("false")
                continue
            }
            let pattern = bind("%" + Self.escapedForLike(word) + "%")
            conditions.append("(\(PostgresSchema.searchedText("m.")) ILIKE \(pattern))")
        }
        if let states = query.states {
            conditions.append("m.state = ANY(\(bind(states.map(\.rawValue).sorted())))")
        }
        if let eventType = query.eventType { conditions.append("m.event_type = \(bind(eventType))") }
        if let audience = query.audience { conditions.append("m.audience = \(bind(audience.rawValue))") }
        if let orderID = query.orderID { conditions.append("m.order_id = \(bind(orderID))") }
        if let broadcastID = query.broadcastID { conditions.append("m.broadcast_id = \(bind(broadcastID))") }
        if let recipient = query.recipient { conditions.append("m.recipient = \(bind(recipient))") }
        // Ids grow with time, so a time range is an id range, found through the created_at index, as on SQLite:
        // pages then walk the primary key however old the range is.
        if let from = query.from {
            conditions.append(
                """
                m.id >= coalesce((SELECT id FROM messages WHERE store = \(store) AND created_at >= \(bind(from))
                    ORDER BY created_at, id LIMIT 1), \(bind(Int64.max)))
                """)
        }
        if let to = query.to {
            conditions.append(
                """
                m.id <= coalesce((SELECT id FROM messages WHERE store = \(store) AND created_at < \(bind(to))
                    ORDER BY created_at DESC, id DESC LIMIT 1), \(bind(Int64.min)))
                """)
        }
    }

    /// `text` matching itself in a LIKE pattern: `\`, `%` and `_` escaped with `\`, LIKE's escape.
    static func escapedForLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// Binds `value`; its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// The conditions with `extra`, as a WHERE clause.
    func whereClause(_ extra: [String] = []) -> String {
        "WHERE " + (conditions + extra).joined(separator: " AND ")
    }

    /// The ORDER BY of `query`, SQLite's order: text compared as bytes (`COLLATE "C"`, as SQLite's BINARY), NULL
    /// before any value, then the id.
    static func order(_ query: HistoryQuery) -> String {
        let direction = query.descending ? "DESC" : "ASC"
        guard let column = sortColumns[query.sort] else { return "m.id \(direction)" }
        let nulls = query.descending ? "NULLS LAST" : "NULLS FIRST"
        return "\(column) COLLATE \"C\" \(direction) \(nulls), m.id \(direction)"
    }

    /// The column each sort other than by date orders by.
    private static let sortColumns: [HistoryQuery.Sort: String] = [
        .eventId: "m.event_id", .orderId: "m.order_id", .eventType: "m.event_type", .sender: "m.sender",
        .message: "m.text", .recipient: "m.recipient", .response: "coalesce(m.gateway_response, m.reason)",
        .status: "m.state",
    ]

    /// ``HistoryColumns``' cells as text, as SQLite gives them: dates as `2021-09-20 05:08:09.000Z` in UTC.
    static let exportColumns = [
        "coalesce(m.event_id, 'None')", "coalesce(m.order_id, 'None')", "m.event_type", "coalesce(m.sender, '')",
        time("m.created_at"), "m.text", "m.recipient", "coalesce(m.gateway_response, m.reason, '')",
        "CASE WHEN m.state IN ('queued', 'sending') THEN 'Pending' WHEN m.state IN ('sent', 'delivered') "
            + "THEN 'Success' ELSE 'Fail' END",
        "m.id::text", "m.state", "coalesce(m.audience, '')", "m.parts::text", "m.encoding", "m.attempts::text",
        "coalesce(m.gateway_status::text, '')", "coalesce(m.msgid, '')", "coalesce(\(time("m.delivered_at")), '')",
        "coalesce(m.broadcast_id::text, '')",
    ].joined(separator: ", ")

    /// A `timestamptz` column as the history shows it.
    private static func time(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') || 'Z'"
    }
}
