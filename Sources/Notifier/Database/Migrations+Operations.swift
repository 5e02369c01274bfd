import GRDB

extension AppDatabase {
    /// `v16 low-balance alerts and quiet hours`: each store's threshold and where its alert stands, and its quiet
    /// hours, one row per store each; and the reason the outbox was paused.
    static func createOperations(_ db: Database) throws {
        try db.alter(table: "outbox_settings") { table in
            table.add(column: "pause_reason", .text)
        }
        try db.create(table: "balance_alerts") { table in
            table.primaryKey("id", .integer).references("stores", onDelete: .cascade)
            table.column("below", .text).notNull()
            table.column("currency", .text).check { length($0) == 3 }
            table.column("alerted_at", .datetime)
            table.column("last_balance", .text)
            table.column("last_currency", .text)
            table.column("last_checked_at", .datetime)
            table.column("updated_at", .datetime).notNull()
        }
        try db.create(table: "quiet_hours") { table in
            table.primaryKey("id", .integer).references("stores", onDelete: .cascade)
            // The window in minutes after midnight; both null: no quiet hours.
            table.column("window_start", .integer).check { $0 >= 0 && $0 < 1440 }
            table.column("window_end", .integer).check { $0 >= 0 && $0 < 1440 }
            table.column("store_time_zone", .text).notNull()
            // The store events whose SMS wait too, their scopes separated by commas.
            table.column("events", .text).notNull().defaults(to: "")
            table.column("updated_at", .datetime).notNull()
        }
    }
}
