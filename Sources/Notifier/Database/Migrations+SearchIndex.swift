import GRDB

extension AppDatabase {
    /// The search index is filled in the background: a new SMS row is only queued for indexing (one integer, in
    /// the transaction that writes it), and ``SearchIndexer`` indexes the queue in large batches. The writer's
    /// hot transactions (storing events, queueing and settling SMS) no longer pay for the trigrams, and a row is
    /// indexed once, with its settled words, instead of three times. A search first indexes what is queued, so
    /// it always sees every row.
    static func deferSearchIndexing(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE messages_search_pending(id INTEGER PRIMARY KEY);
                DROP TRIGGER messages_search_insert;
                DROP TRIGGER messages_search_update;
                DROP TRIGGER messages_search_delete;
                CREATE TRIGGER messages_search_insert AFTER INSERT ON messages BEGIN
                    INSERT INTO messages_search_pending(id) VALUES (new.id);
                END;
                CREATE TRIGGER messages_search_update AFTER UPDATE ON messages
                WHEN (old.text IS NOT new.text OR old.recipient IS NOT new.recipient
                    OR coalesce(old.gateway_response, old.reason) IS NOT coalesce(new.gateway_response, new.reason)
                    OR old.sender IS NOT new.sender)
                    AND NOT EXISTS (SELECT 1 FROM messages_search_pending WHERE id = old.id)
                BEGIN
                    INSERT INTO messages_search(messages_search, rowid, \(searchColumns))
                        VALUES ('delete', old.id, \(searchValues("old")));
                    INSERT INTO messages_search(rowid, \(searchColumns)) VALUES (new.id, \(searchValues("new")));
                END;
                CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
                    INSERT INTO messages_search(messages_search, rowid, \(searchColumns))
                        SELECT 'delete', old.id, \(searchValues("old"))
                        WHERE NOT EXISTS (SELECT 1 FROM messages_search_pending WHERE id = old.id);
                    DELETE FROM messages_search_pending WHERE id = old.id;
                END;
                """)
    }

    /// The index's columns, in order.
    static let searchColumns = "message, recipient, response, event_type, sender, order_id, event_id"

    /// The values of ``searchColumns`` from the messages row `row` (`new`, `old` or a table alias).
    static func searchValues(_ row: String) -> String {
        "\(row).text, \(row).recipient, coalesce(\(row).gateway_response, \(row).reason), \(row).event_type, "
            + "\(row).sender, \(row).order_id, \(row).event_id"
    }
}
