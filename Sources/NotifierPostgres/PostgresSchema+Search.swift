extension PostgresSchema {
    /// The searched columns of `messages` (the same as SQLite's trigram index holds) joined by a character no
    /// search word holds (`\u{1}`), so that a word found in the joined text is a word found in one column.
    static func searchedText(_ alias: String = "") -> String {
        [
            "text", "recipient", "gateway_response, reason", "event_type", "sender", "order_id", "event_id",
        ].map { "coalesce(\(alias)\($0.replacingOccurrences(of: ", ", with: ", \(alias)")), '')" }
            .joined(separator: " || E'\\x01' || ")
    }

    /// One trigram index over the searched columns joined, in place of one per column: an SMS row is written
    /// three times in its life (taken, sending, settled), and each write that is not a HOT update adds entries
    /// to every index of the table, so one GIN index instead of seven is most of the server's work per SMS. Each
    /// page keeps room (fillfactor 85) for the updates that can be HOT.
    static let v4 = [
        "DROP INDEX messages_search_text", "DROP INDEX messages_search_recipient",
        "DROP INDEX messages_search_response", "DROP INDEX messages_search_event_type",
        "DROP INDEX messages_search_sender", "DROP INDEX messages_search_order", "DROP INDEX messages_search_event",
        "CREATE INDEX messages_search ON messages USING gin ((\(searchedText())) gin_trgm_ops)",
        "ALTER TABLE messages SET (fillfactor = 85)",
    ]
}
