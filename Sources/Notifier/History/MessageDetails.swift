import GRDB

extension HistoryStore {
    /// One SMS row with every attempt at sending it, oldest first; nil when there is no such row.
    public func message(id: Int64) async throws -> (message: MessageRecord, attempts: [MessageAttemptRecord])? {
        try await database.writer.read { db in
            guard let message = try MessageRecord.fetchOne(db, key: id) else { return nil }
            let attempts = try MessageAttemptRecord.filter(MessageAttemptRecord.Columns.messageID == id)
                .order(MessageAttemptRecord.Columns.number).fetchAll(db)
            return (message, attempts)
        }
    }
}
