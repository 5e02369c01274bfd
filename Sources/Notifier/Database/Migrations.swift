import GRDB

extension AppDatabase {
    /// The schema, as named migrations applied in order. A migration, once released, never changes: later
    /// versions add new ones.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 account settings") { db in
            try db.create(table: "account_settings") { table in
                // One row: the store's single gateway account.
                table.primaryKey("id", .integer).check { $0 == 1 }
                table.column("api_key", .text).check { length($0) > 0 }
                table.column("api_secret", .text).check { length($0) > 0 }
                table.column("api_token", .text).check { length($0) > 0 }
                table.column("sender", .text).check { length($0) >= 1 && length($0) <= 15 }
                table.column("admin_country", .text).check { length($0) == 2 }
                table.column("customer_country", .text).check { length($0) == 2 }
                table.column("gateway_url", .text).notNull().check { length($0) > 0 }
                // The currency of the balance, from the pricing endpoint; cleared when the account changes.
                table.column("currency", .text).check { length($0) > 0 }
                table.column("currency_checked_at", .datetime)
                table.column("updated_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2 phone number policy") { db in
            try db.alter(table: "account_settings") { table in
                // The seed refuses a number of another country when a default country is set.
                table.add(column: "allow_foreign_numbers", .boolean).notNull().defaults(to: false)
                // Landlines, toll-free and similar numbers cannot receive SMS: refused unless allowed.
                table.add(column: "sms_capable_only", .boolean).notNull().defaults(to: true)
            }
        }
        migrator.registerMigration("v3 notification settings") { db in
            let scopes = [
                "store/cart/abandoned", "store/order/archived", "store/order/created", "store/order/updated",
                "store/order/message/created", "store/order/refund/created", "store/shipment/created",
                "store/shipment/deleted", "store/shipment/updated",
            ]
            // A row only once an event was configured; without one, the event is off with its default template.
            try db.create(table: "notification_events") { table in
                table.column("audience", .text).notNull().check { ["admin", "customer"].contains($0) }
                table.column("event", .text).notNull().check { scopes.contains($0) }
                table.column("enabled", .boolean).notNull().defaults(to: false)
                // Null: the default template of the event and audience.
                table.column("template", .text).check { length($0) <= 1600 }
                table.column("updated_at", .datetime).notNull()
                table.primaryKey(["audience", "event"])
            }
            try db.create(table: "admin_numbers") { table in
                table.primaryKey("position", .integer)
                // The digits sent to the gateway; one row per number.
                table.column("number", .text).notNull().unique().check { length($0) >= 1 && length($0) <= 20 }
                // As the admin typed it.
                table.column("typed", .text).notNull()
            }
        }
        migrator.registerMigration("v4 events and outbox") { db in
            try AppDatabase.createEventsAndOutbox(db)
        }
        migrator.registerMigration("v5 history search") { db in
            try AppDatabase.createHistorySearch(db)
        }
        migrator.registerMigration("v6 store connection") { db in
            try db.create(table: "store_settings") { table in
                // One row: the store whose events the service receives.
                table.primaryKey("id", .integer).check { $0 == 1 }
                table.column("store_hash", .text).check { length($0) >= 1 && length($0) <= 64 }
                table.column("access_token", .text).check { length($0) > 0 }
                table.column("api_url", .text).notNull().check { length($0) > 0 }
                // What GET /v2/store said when the credentials were last checked.
                table.column("store_name", .text)
                table.column("store_domain", .text)
                table.column("store_country", .text)
                table.column("store_timezone", .text)
                table.column("checked_at", .datetime)
                table.column("updated_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v7 store look-ups") { db in
            try db.alter(table: "events") { table in
                // Look-ups in the store that failed for now: the event waits and is tried again.
                table.add(column: "lookup_attempts", .integer).notNull().defaults(to: 0)
                table.add(column: "next_lookup_at", .datetime)
            }
            // The last status seen of each order, so that "order updated" reaches the customer only when the
            // status changed.
            try db.create(table: "order_statuses") { table in
                table.primaryKey("order_id", .text)
                table.column("status_id", .integer)
                table.column("status", .text)
                table.column("seen_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v8 customer directory") { db in
            try AppDatabase.createCustomerDirectory(db)
        }
        migrator.registerMigration("v9 search indexed in the background") { db in
            try AppDatabase.deferSearchIndexing(db)
            // The history's state and status filters: their rows newest first, and their count, from the index.
            try db.create(index: "messages_by_state", on: "messages", columns: ["state", "id"])
        }
        migrator.registerMigration("v10 order updates on status changes only, configurable") { db in
            try db.alter(table: "notification_events") { table in
                table.add(column: "status_changes_only", .boolean)
            }
        }
        migrator.registerMigration("v11 broadcasts and opt-outs") { db in
            try AppDatabase.createBroadcasts(db)
        }
        migrator.registerMigration("v12 opt-outs for event SMS, broadcast cost") { db in
            try db.create(table: "opt_out_settings") { table in
                table.primaryKey("id", .integer).check { $0 == 1 }
                // Whether an opted-out number also misses the customers' event SMS (off: only broadcasts).
                table.column("applies_to_events", .boolean).notNull().defaults(to: false)
                table.column("updated_at", .datetime).notNull()
            }
            try db.alter(table: "broadcasts") { table in
                // The estimated cost of one SMS of the broadcast (its parts at their average price), as text.
                table.add(column: "unit_cost", .text)
                table.add(column: "currency", .text)
            }
        }
        migrator.registerMigration("v13 HTTP front") { db in
            try AppDatabase.createHTTPFront(db)
        }
        migrator.registerMigration("v14 many stores") { db in
            try AppDatabase.createStores(db)
        }
        migrator.registerMigration("v15 console sessions") { db in
            try AppDatabase.createConsoleSessions(db)
        }
        migrator.registerMigration("v16 low-balance alerts and quiet hours") { db in
            try AppDatabase.createOperations(db)
        }
        return migrator
    }
}
