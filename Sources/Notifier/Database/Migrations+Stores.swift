import Foundation
import GRDB

extension AppDatabase {
    /// The tables whose rows belong to one store, each given a `store` column (the first store's for every row
    /// already there). The per-store settings tables are keyed by their store instead (``storeKeyedSettings``).
    static let storeOwnedTables = [
        "events", "messages", "message_attempts", "notification_events", "admin_numbers", "order_statuses",
        "customers", "broadcasts", "opt_outs",
    ]

    /// The settings tables that held one row for the one store: their `id` is now the store's.
    static let storeKeyedSettings = ["account_settings", "history_settings", "opt_out_settings", "customer_sync"]

    /// Many stores in one database. `stores` takes over `store_settings` (the connection) and adds what an
    /// installed app keeps of a store; the existing store, connected or not, becomes store 1, and every row of
    /// every store-owned table is store 1's. Nothing is copied that can be altered in place: `messages` and
    /// `events` keep their rows where they are (a column added with a default is a change of the schema only).
    static func createStores(_ db: Database) throws {
        try db.create(table: "stores") { table in
            table.autoIncrementedPrimaryKey("id")
            // Null for a store not connected yet (the unnamed store of a service started without one).
            table.column("store_hash", .text).unique().check { length($0) >= 1 && length($0) <= 64 }
            table.column("access_token", .text).check { length($0) > 0 }
            table.column("api_url", .text).notNull().check { length($0) > 0 }
            table.column("client_secret", .text).check { length($0) > 0 }
            table.column("store_name", .text)
            table.column("store_domain", .text)
            table.column("store_country", .text)
            table.column("store_timezone", .text)
            table.column("checked_at", .datetime)
            table.column("updated_at", .datetime).notNull()
            // `active`, or `uninstalled`: its token erased, its webhooks refused, its history kept for the
            // retention period.
            table.column("state", .text).notNull().defaults(to: "active").check {
                ["active", "uninstalled"].contains($0)
            }
            // What the app's install granted and who installed it (the owner of the store's sessions).
            table.column("scopes", .text)
            table.column("account_uuid", .text)
            table.column("owner_user_id", .integer)
            table.column("owner_email", .text)
            table.column("installed_at", .datetime)
            table.column("uninstalled_at", .datetime)
        }
        let connectionColumns =
            "id, store_hash, access_token, api_url, client_secret, store_name, store_domain, store_country, "
            + "store_timezone, checked_at, updated_at"
        try db.execute(
            sql: "INSERT INTO stores (\(connectionColumns)) SELECT \(connectionColumns) FROM store_settings")
        // The first store exists whether or not one was connected: every row already stored is its.
        try db.execute(
            sql: "INSERT OR IGNORE INTO stores (id, api_url, updated_at) VALUES (1, ?, ?)",
            arguments: [StoreSettings.defaultAPIURL, Date()])
        try db.drop(table: "store_settings")

        for table in storeOwnedTables {
            try db.alter(table: table) { alteration in
                alteration.add(column: "store", .integer).notNull().defaults(to: 1)
                    .references("stores", onDelete: .cascade)
            }
        }
        // A store's rows, for reading one store's history, events and customers, and erasing a store.
        try db.create(index: "messages_by_store", on: "messages", columns: ["store", "id"])
        try db.create(index: "events_by_store", on: "events", columns: ["store", "id"])
        try db.create(index: "customers_by_store", on: "customers", columns: ["store", "id"])
        try db.create(index: "broadcasts_by_store", on: "broadcasts", columns: ["store", "id"])
        for table in storeKeyedSettings {
            try keySettingsByStore(table, db)
        }
    }

    /// Rebuilds `table`, whose `id` had to be 1, so that `id` names a store (copied as they are: the one row
    /// was id 1, the first store's).
    private static func keySettingsByStore(_ table: String, _ db: Database) throws {
        guard
            let sql = try String.fetchOne(
                db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table])
        else { return }
        let oneRow = #""id" INTEGER PRIMARY KEY CHECK ("id" = 1)"#
        guard sql.contains(oneRow) else {
            throw DatabaseError(message: "\(table) is not the one-row table this migration expects: \(sql)")
        }
        let keyed = sql.replacingOccurrences(
            of: oneRow, with: #""id" INTEGER PRIMARY KEY REFERENCES "stores"("id") ON DELETE CASCADE"#
        )
        .replacingOccurrences(of: #"CREATE TABLE "\#(table)""#, with: #"CREATE TABLE "\#(table)_by_store""#)
        .replacingOccurrences(of: "CREATE TABLE \(table) ", with: "CREATE TABLE \(table)_by_store ")
        try db.execute(sql: keyed)
        try db.execute(sql: "INSERT INTO \(table)_by_store SELECT * FROM \(table)")
        try db.drop(table: table)
        try db.rename(table: "\(table)_by_store", to: table)
    }
}
