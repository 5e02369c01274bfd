import Foundation
import GRDB

extension MessageRecord {
    /// Inserts the row unless one for the same event, audience and number is stored already (the schema's
    /// constraint); true when it was inserted, and `id` is then set. One prepared statement, reused, with the
    /// values bound in order: the event processor's hot path, without a record encoder per row.
    mutating func insertUnlessPresent(_ db: Database) throws -> Bool {
        let insert = try db.cachedStatement(sql: Self.insertSQL)
        try insert.execute(arguments: StatementArguments(insertValues))
        guard db.changesCount == 1 else { return false }
        id = db.lastInsertedRowID
        return true
    }

    private static let insertColumns: [CodingKeys] = [
        .store, .origin, .eventRef, .broadcastID, .audience, .eventType, .eventID, .orderID, .sender, .text,
        .recipientTyped, .recipient, .encoding, .parts, .state, .reason, .attempts, .nextAttemptAt, .priority,
        .gatewayStatus, .gatewayResponse, .msgid, .deliveredAt, .deliveryErrorCode, .statusChecks,
        .nextStatusCheckAt, .createdAt, .updatedAt,
    ]

    private static let insertSQL =
        "INSERT OR IGNORE INTO messages(\(insertColumns.map(\.rawValue).joined(separator: ", "))) VALUES ("
        + Array(repeating: "?", count: insertColumns.count).joined(separator: ", ") + ")"

    /// The values of ``insertColumns``, in their order.
    private var insertValues: [(any DatabaseValueConvertible)?] {
        [
            store, origin.rawValue, eventRef, broadcastID, audience?.rawValue, eventType, eventID, orderID, sender,
            text,
            recipientTyped, recipient, encoding, parts, state.rawValue, reason, attempts,
            nextAttemptAt.map(StoredDate.text), priority, gatewayStatus, gatewayResponse, msgid,
            deliveredAt.map(StoredDate.text), deliveryErrorCode, statusChecks, nextStatusCheckAt.map(StoredDate.text),
            StoredDate.text(createdAt), StoredDate.text(updatedAt),
        ]
    }
}

extension MessageRecord {
    /// The event type of a broadcast's rows, as the seed's history shows it.
    public static let broadcastEventType = "SMS Broadcast"

    /// GRDB's own writes of this record store dates in the same form as the hot-path statements.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        StoredDate.encodingStrategy
    }
}

extension MessageAttemptRecord {
    /// GRDB's own writes of this record store dates in the same form as the hot-path statements.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        StoredDate.encodingStrategy
    }
}
