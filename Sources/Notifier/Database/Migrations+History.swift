import GRDB

extension AppDatabase {
    /// The words of each SMS row that the history's search box finds, in a trigram full-text index kept in
    /// step by triggers; indexes for the history's filters; the retention setting.
    static func createHistorySearch(_ db: Database) throws {
        try db.create(index: "messages_by_order", on: "messages", columns: ["order_id", "id"])
        try db.create(index: "messages_by_broadcast", on: "messages", columns: ["broadcast_id", "id"])
        try db.create(index: "messages_by_recipient", on: "messages", columns: ["recipient", "id"])
        try db.create(index: "messages_by_created", on: "messages", columns: ["created_at"])
        try db.create(index: "messages_by_type", on: "messages", columns: ["event_type", "id"])
        // Contentless: the text stays in `messages` alone; the index holds the trigrams. A change of a row's
        // words removes its old ones (FTS5's 'delete' with the old values) and adds the new ones.
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE messages_search USING fts5(
                    message, recipient, response, event_type, sender, order_id, event_id,
                    content = '', tokenize = 'trigram')
                """)
        // As first made; v9 changes them to index in the background.
        let columns = searchColumns
        let values = searchValues
        try db.execute(
            sql: """
                CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
                    INSERT INTO messages_search(rowid, \(columns)) VALUES (new.id, \(values("new")));
                END;
                CREATE TRIGGER messages_search_update AFTER UPDATE ON messages
                WHEN old.text IS NOT new.text OR old.recipient IS NOT new.recipient
                    OR coalesce(old.gateway_response, old.reason) IS NOT coalesce(new.gateway_response, new.reason)
                    OR old.sender IS NOT new.sender
                BEGIN
                    INSERT INTO messages_search(messages_search, rowid, \(columns))
                        VALUES ('delete', old.id, \(values("old")));
                    INSERT INTO messages_search(rowid, \(columns)) VALUES (new.id, \(values("new")));
                END;
                CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
                    INSERT INTO messages_search(messages_search, rowid, \(columns))
                        VALUES ('delete', old.id, \(values("old")));
                END;
                """)
        try db.create(table: "history_settings") { table in
            table.primaryKey("id", .integer).check { $0 == 1 }
            // Settled rows older than this many days are pruned once a day; null keeps everything.
            table.column("retention_days", .integer).check { $0 >= 1 && $0 <= 36_500 }
            table.column("last_pruned_at", .datetime)
            table.column("updated_at", .datetime).notNull()
        }
    }
}
