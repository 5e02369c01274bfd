import Foundation

/// The history's columns in export order: the seed's nine, then ours.
public enum HistoryColumns {
    /// The header row.
    public static let names = [
        "Event ID", "Order ID", "Event type", "Sender", "Datetime", "Message", "Recipient", "Response", "Status",
        "ID", "State", "Audience", "Parts", "Encoding", "Attempts", "Gateway status", "Msgid", "Delivered at",
        "Broadcast ID",
    ]

    /// The JSON names of the same columns, for JSON lines.
    public static let keys = [
        "eventId", "orderId", "eventType", "sender", "datetime", "message", "recipient", "response", "status", "id",
        "state", "audience", "parts", "encoding", "attempts", "gatewayStatus", "msgid", "deliveredAt", "broadcastId",
    ]

    /// A row's cells, as the seed shows them: `None` for an event or order id a broadcast has not, dates as
    /// `2021-09-20 06:39:16.493Z`.
    public static func cells(_ row: MessageRecord) -> [String] {
        [
            row.eventID ?? "None", row.orderID ?? "None", row.eventType, row.sender ?? "", date(row.createdAt),
            row.text,
            row.recipient, row.gatewayResponse ?? row.reason ?? "", row.state.seedStatus, String(row.id ?? 0),
            row.state.rawValue, row.audience?.rawValue ?? "", String(row.parts), row.encoding, String(row.attempts),
            row.gatewayStatus.map(String.init) ?? "", row.msgid ?? "", row.deliveredAt.map(date) ?? "",
            row.broadcastID.map(String.init) ?? "",
        ]
    }

    static func date(_ date: Date) -> String {
        SeedDate.format(unixSeconds: date.timeIntervalSince1970)
    }
}

/// Cells of CSV (RFC 4180) that a spreadsheet cannot run.
public enum CSVCell {
    /// `text` as one CSV field: quoted when it holds a comma, a quote or a line break, quotes doubled; and a
    /// text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front, so that a
    /// spreadsheet shows it rather than evaluating it (OWASP's advice on CSV injection).
    public static func field(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One CSV record with its CRLF.
    public static func record(_ cells: [String]) -> String {
        cells.map(field).joined(separator: ",") + "\r\n"
    }
}
