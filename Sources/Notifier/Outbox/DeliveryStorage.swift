import Foundation
import GRDB

/// Which SMS row: by the database's id or by the gateway's message id.
public enum MessageKey: Sendable, Hashable {
    case id(Int64)
    case msgid(String)
}

/// The SMS rows the gateway's delivery reports and the status checks settle.
public protocol DeliveryStorage: Sendable {
    /// The `sent` rows whose status check is due at `time`, the longest due first; at most `limit`.
    func dueStatusChecks(at time: Date, limit: Int) async throws -> [MessageRecord]
    /// Changes the row `key` names in one transaction that no other change of that row can interleave with, on
    /// any instance: `change` gets the row as stored and answers whether to save what it made of it. The row as
    /// it is afterwards and whether it was saved; nil when no row has `key`.
    func change(_ key: MessageKey, _ change: @Sendable (inout MessageRecord) -> Bool) async throws
        -> (row: MessageRecord, saved: Bool)?
}

/// The delivery side of the SMS rows in the SQLite database.
public struct SQLiteDeliveryStorage: DeliveryStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func dueStatusChecks(at time: Date, limit: Int) async throws -> [MessageRecord] {
        try await database.writer.read { db in
            try MessageRecord.filter(MessageRecord.Columns.state == MessageState.sent.rawValue)
                .filter(MessageRecord.Columns.nextStatusCheckAt <= time)
                .order(MessageRecord.Columns.nextStatusCheckAt).limit(limit).fetchAll(db)
        }
    }

    public func change(_ key: MessageKey, _ change: @Sendable (inout MessageRecord) -> Bool) async throws
        -> (row: MessageRecord, saved: Bool)?
    {
        try await database.writer.write { db in
            let found: MessageRecord? =
                switch key {
                case .id(let id): try MessageRecord.fetchOne(db, key: id)
                case .msgid(let msgid): try MessageRecord.filter(MessageRecord.Columns.msgid == msgid).fetchOne(db)
                }
            guard var row = found else { return nil }
            guard change(&row) else { return (row, false) }
            try row.update(db)
            return (row, true)
        }
    }
}
