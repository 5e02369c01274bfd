extension HistoryStore {
    /// One of `store`'s SMS rows with every attempt at sending it, oldest first; nil when it has no such row
    /// (another store's is none of its).
    public func message(id: Int64, store: StoreID) async throws -> (
        message: MessageRecord, attempts: [MessageAttemptRecord]
    )? {
        try await storage.message(id: id, store: store)
    }
}
