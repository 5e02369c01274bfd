import Foundation
import Logging
import Notifier
import PostgresNIO

/// The delivery side of the SMS rows in PostgreSQL: a change locks its row (`FOR UPDATE`) for its transaction,
/// so that a delivery report and a status check arriving together on two instances apply one after the other.
public struct PostgresDeliveryStorage: DeliveryStorage {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func dueStatusChecks(at time: Date, limit: Int) async throws -> [MessageRecord] {
        var rows: [MessageRecord] = []
        for try await row in try await client.query(
            """
            SELECT * FROM messages WHERE state = 'sent' AND next_status_check_at <= \(time)
            ORDER BY next_status_check_at LIMIT \(limit)
            """, logger: logger)
        {
            rows.append(try PostgresRowDecoder.decode(MessageRecord.self, from: row))
        }
        return rows
    }

    public func change(_ key: MessageKey, _ change: @Sendable (inout MessageRecord) -> Bool) async throws
        -> (row: MessageRecord, saved: Bool)?
    {
        try await client.transaction(logger: logger) { connection in
            let query: PostgresQuery =
                switch key {
                case .id(let id): "SELECT * FROM messages WHERE id = \(id) FOR UPDATE"
                case .msgid(let msgid): "SELECT * FROM messages WHERE msgid = \(msgid) ORDER BY id LIMIT 1 FOR UPDATE"
                }
            var found: MessageRecord?
            for try await row in try await connection.query(query, logger: logger) {
                found = try PostgresRowDecoder.decode(MessageRecord.self, from: row)
            }
            guard var row = found else { return nil }
            guard change(&row) else { return (row, false) }
            try await PostgresMessageRows.update(row, on: connection, logger: logger)
            return (row, true)
        }
    }
}
