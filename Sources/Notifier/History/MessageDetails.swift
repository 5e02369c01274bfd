import GRDB

extension HistoryStore {
    /// One of `store`'s SMS rows with every attempt at sending it, oldest first; nil when it has no such row
    /// (another store's is none of its).
    public func message(id: Int64, store: StoreID) async throws -> (
        message: MessageRecord, attempts: [MessageAttemptRecord]
    )? {
        try await database.writer.read { db in
            guard let message = try MessageRecord.fetchOne(db, key: id), message.store == store.rawValue else {
                return nil
            }
            let attempts = try MessageAttemptRecord.filter(MessageAttemptRecord.Columns.messageID == id)
                .order(MessageAttemptRecord.Columns.number).fetchAll(db)
            return (message, attempts)
        }
    }
}
