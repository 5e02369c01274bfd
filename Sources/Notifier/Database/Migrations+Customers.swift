import GRDB

extension AppDatabase {
    /// The customers broadcasts can reach: synced from the store, imported, or added by hand.
    static func createCustomerDirectory(_ db: Database) throws {
        try db.create(table: "customers") { table in
            table.autoIncrementedPrimaryKey("id")
            // The store's id of the customer; null for one imported or added by hand without it.
            table.column("store_customer_id", .integer).unique()
            table.column("first_name", .text)
            table.column("last_name", .text)
            table.column("email", .text)
            // The phone as found (the customer's, or an address's), the digits it checks to, and the verdict of
            // the customer phone policy when it was saved.
            table.column("phone", .text)
            table.column("phone_digits", .text)
            table.column("phone_country", .text)
            table.column("phone_reason", .text)
            table.column("source", .text).notNull().check { ["store", "import", "manual"].contains($0) }
            // The sync run that last saw it; customers of the store not seen by a finished run are removed.
            table.column("sync_run", .integer)
            table.column("seen_at", .datetime).notNull()
            table.column("updated_at", .datetime).notNull()
        }
        try db.create(index: "customers_by_phone", on: "customers", columns: ["phone_digits"])
        try db.create(index: "customers_by_email", on: "customers", columns: ["email"])
        try db.create(table: "customer_sync") { table in
            // One row: the sync run in progress or last finished, so that an interrupted one resumes.
            table.primaryKey("id", .integer).check { $0 == 1 }
            table.column("run", .integer).notNull()
            table.column("next_page", .integer).notNull()
            table.column("total_pages", .integer)
            table.column("added", .integer).notNull().defaults(to: 0)
            table.column("updated", .integer).notNull().defaults(to: 0)
            table.column("removed", .integer).notNull().defaults(to: 0)
            table.column("without_phone", .integer).notNull().defaults(to: 0)
            table.column("started_at", .datetime).notNull()
            table.column("finished_at", .datetime)
        }
    }
}
