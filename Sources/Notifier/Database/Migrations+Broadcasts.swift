import GRDB

extension AppDatabase {
    /// Broadcasts (one row each, its recipients kept so that writing its SMS rows survives a restart), the
    /// numbers that opted out, and the constraint that a broadcast reaches a number once.
    static func createBroadcasts(_ db: Database) throws {
        try db.create(table: "broadcasts") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("message", .text).notNull()
            table.column("sender", .text)
            // `all`, `customers` or `numbers`, and the recipients as planned (JSON), in the order written.
            table.column("audience", .text).notNull().check { ["all", "customers", "numbers"].contains($0) }
            table.column("recipients", .text).notNull()
            table.column("state", .text).notNull().check {
                ["writing", "running", "paused", "cancelled", "finished"].contains($0)
            }
            table.column("idempotency_key", .text).unique()
            table.column("schedule_at", .datetime)
            // How many planned recipients have their row written; the writer resumes from here.
            table.column("written", .integer).notNull().defaults(to: 0)
            table.column("recipient_count", .integer).notNull()
            table.column("to_send", .integer).notNull()
            table.column("skipped", .integer).notNull()
            table.column("duplicates", .integer).notNull()
            table.column("parts", .integer).notNull()
            table.column("encoding", .text).notNull()
            table.column("created_at", .datetime).notNull()
            table.column("started_at", .datetime)
            table.column("finished_at", .datetime)
            table.column("updated_at", .datetime).notNull()
        }
        // A broadcast's rows by state, for its progress and for knowing when it is finished.
        try db.create(index: "messages_broadcast_state", on: "messages", columns: ["broadcast_id", "state"])
        try db.create(
            index: "messages_broadcast_recipient", on: "messages", columns: ["broadcast_id", "recipient"],
            unique: true, condition: Column("broadcast_id") != nil && Column("recipient") != "")
        try db.create(table: "opt_outs") { table in
            // The digits an SMS would go to.
            table.primaryKey("number", .text).check { length($0) >= 7 && length($0) <= 15 }
            table.column("typed", .text).notNull()
            table.column("source", .text).notNull()
            table.column("note", .text)
            table.column("created_at", .datetime).notNull()
        }
    }
}
