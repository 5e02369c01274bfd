import Foundation
import Logging
import Notifier
import PostgresNIO

/// SMS rows written in one statement: the records as JSON, read by `jsonb_populate_recordset` as rows of the
/// `messages` table, so that a batch of any size is one round trip.
enum PostgresMessageRows {
    /// The columns written (all but the id, which the database gives, and the taking instance, which is none).
    static let columns =
        "store, origin, event_ref, broadcast_id, audience, event_type, event_id, order_id, sender, text, "
        + "recipient_typed, recipient, encoding, parts, state, reason, attempts, next_attempt_at, priority, "
        + "gateway_status, gateway_response, msgid, delivered_at, delivery_error_code, status_checks, "
        + "next_status_check_at, created_at, updated_at"

    /// Inserts `messages` unless a row for the same event, audience and number (or broadcast and number) exists;
    /// how many were inserted.
    @discardableResult
    static func insert(_ messages: [MessageRecord], on connection: PostgresConnection, logger: Logger) async throws
        -> Int
    {
        guard !messages.isEmpty else { return 0 }
        let rows = try json(messages)
        var inserted = 0
        for try await count in try await connection.query(
            """
            WITH added AS (
                INSERT INTO messages (\(unescaped: columns))
                SELECT \(unescaped: columns) FROM jsonb_populate_recordset(NULL::messages, \(rows)::jsonb)
                ON CONFLICT DO NOTHING RETURNING 1)
            SELECT count(*) FROM added
            """, logger: logger
        ).decode(Int.self) {
            inserted = count
        }
        return inserted
    }

    /// Writes every column of `message` (but its id and taking instance) over its row.
    static func update(_ message: MessageRecord, on connection: PostgresConnection, logger: Logger) async throws {
        guard let id = message.id else { return }
        let row = try json([message])
        try await connection.query(
            """
            UPDATE messages SET (\(unescaped: columns)) = (
                SELECT \(unescaped: columns) FROM jsonb_populate_recordset(NULL::messages, \(row)::jsonb))
            WHERE id = \(id)
            """, logger: logger)
    }

    /// `records` as a JSON array with their coding keys (the columns' names) and times as ISO 8601 with
    /// fractions, as PostgreSQL reads a `timestamptz`.
    static func json<Record: Encodable>(_ records: [Record]) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return String(decoding: try encoder.encode(records), as: UTF8.self)
    }
}
