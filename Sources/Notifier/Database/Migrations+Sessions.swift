import GRDB

extension AppDatabase {
    /// `v15 console sessions`: the console's sessions in the database rather than in one process's memory, so
    /// that a session is valid on every instance and survives a restart.
    static func createConsoleSessions(_ db: Database) throws {
        try db.create(table: "console_sessions") { table in
            // The SHA-256 of the session's id, in hex: never the id itself.
            table.primaryKey("digest", .text).check { length($0) == 64 }
            table.column("kind", .text).notNull().check { ["cookie", "page"].contains($0) }
            // A page session's store and user; none for the operator's cookie sessions.
            table.column("store", .integer).references("stores", onDelete: .cascade)
            table.column("user", .integer)
            table.column("installed_at", .datetime)
            table.column("created_at", .datetime).notNull()
            table.column("last_use", .datetime).notNull()
        }
        try db.create(index: "console_sessions_by_use", on: "console_sessions", columns: ["last_use"])
        try db.create(index: "console_sessions_by_store", on: "console_sessions", columns: ["store", "user"])
    }
}
