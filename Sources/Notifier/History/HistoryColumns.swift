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

    /// A row's cells, as the seed shows them (`None` for an event or order id a broadcast has not, dates as
    /// `2021-09-20 06:39:16.493Z`), computed by SQLite as text, in order: an export reads them without decoding rows. Dates are
    /// stored as `2021-09-20 05:08:09.000` in UTC, so the seed's form is the stored text with a `Z`.
    static let sql = [
        "coalesce(m.event_id, 'None')", "coalesce(m.order_id, 'None')", "m.event_type", "coalesce(m.sender, '')",
        "m.created_at || 'Z'", "m.text", "m.recipient", "coalesce(m.gateway_response, m.reason, '')",
        "CASE WHEN m.state IN ('queued', 'sending') THEN 'Pending' WHEN m.state IN ('sent', 'delivered') "
            + "THEN 'Success' ELSE 'Fail' END",
        "CAST(m.id AS TEXT)", "m.state", "coalesce(m.audience, '')", "CAST(m.parts AS TEXT)", "m.encoding",
        "CAST(m.attempts AS TEXT)", "coalesce(CAST(m.gateway_status AS TEXT), '')", "coalesce(m.msgid, '')",
        "coalesce(m.delivered_at || 'Z', '')", "coalesce(CAST(m.broadcast_id AS TEXT), '')",
    ].joined(separator: ", ")
}

/// Cells of CSV (RFC 4180) that a spreadsheet cannot run.
public enum CSVCell {
    /// `text` as one CSV field: quoted when it holds a comma, a quote or a line break, quotes doubled; and a
    /// text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front, so that a
    /// spreadsheet shows it rather than evaluating it (OWASP's advice on CSV injection).
    public static func field(_ text: String) -> String {
        var output: [UInt8] = []
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0), to: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the UTF-8 text `cell` as one field, as ``field(_:)`` makes it: bytes in, bytes out, for the
    /// millions of cells of an export.
    static func append(_ cell: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        let neutralised = cell.first.map(formulaStarts) ?? false
        let needsQuotes = cell.contains(where: quoted)
        if needsQuotes { output.append(UInt8(ascii: "\"")) }
        if neutralised { output.append(UInt8(ascii: "'")) }
        if needsQuotes {
            for byte in cell {
                if byte == UInt8(ascii: "\"") { output.append(byte) }
                output.append(byte)
            }
            output.append(UInt8(ascii: "\""))
        } else {
            output.append(contentsOf: cell)
        }
    }

    /// `=`, `+`, `-`, `@`, tab and carriage return: a spreadsheet may evaluate a cell that starts with one.
    private static func formulaStarts(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D
    }
    /// Comma, quote, line feed and carriage return: a field holding one is quoted.
    private static func quoted(_ byte: UInt8) -> Bool {
        byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D
    }

    /// One CSV record with its CRLF.
    public static func record(_ cells: [String]) -> String {
        cells.map(field).joined(separator: ",") + "\r\n"
    }
}
