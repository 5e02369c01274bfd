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
    /// every store-owned table is store 1's, and what was unique in the one store (an event's dedupe key, a
    /// customer's store id, an opt-out's number...) is unique within each store.
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

        // The two largest tables keep their rows where they are: a column added with a default is a change of
        // the schema only. Their unique keys already hold within one store (an event's or a broadcast's rows).
        for table in ["messages", "message_attempts"] {
            try db.alter(table: table) { alteration in
                alteration.add(column: "store", .integer).notNull().defaults(to: 1)
                    .references("stores", onDelete: .cascade)
            }
        }
        // The others are rebuilt, so that what was unique in the one store is unique within each store.
        for rebuild in storeScopedRebuilds {
            try db.execute(sql: rebuild.create)
            try db.execute(
                sql: "INSERT INTO \(rebuild.table)_by_store (store, \(rebuild.columns)) SELECT 1, \(rebuild.columns) "
                    + "FROM \(rebuild.table)")
            try db.drop(table: rebuild.table)
            try db.rename(table: "\(rebuild.table)_by_store", to: rebuild.table)
            for index in rebuild.indexes { try db.execute(sql: index) }
        }
        // A store's rows, for reading one store's history, events and customers, and erasing a store.
        try db.create(index: "messages_by_store", on: "messages", columns: ["store", "id"])
        try db.create(index: "message_attempts_by_store", on: "message_attempts", columns: ["store"])
        try db.create(index: "events_by_store", on: "events", columns: ["store", "id"])
        try db.create(index: "customers_by_store", on: "customers", columns: ["store", "id"])
        try db.create(index: "broadcasts_by_store", on: "broadcasts", columns: ["store", "id"])
        for table in storeKeyedSettings {
            try keySettingsByStore(table, db)
        }
        try db.create(table: "store_tokens") { table in
            // Tokens the operator made for one store: a caller with one acts on that store alone. Only their
            // SHA-256 is kept.
            table.autoIncrementedPrimaryKey("id")
            table.column("store", .integer).notNull().references("stores", onDelete: .cascade)
            table.column("label", .text).notNull().check { length($0) >= 1 && length($0) <= 100 }
            table.column("token_hash", .text).notNull().unique()
            table.column("created_at", .datetime).notNull()
            table.column("last_used_at", .datetime)
        }
        try db.create(index: "store_tokens_by_store", on: "store_tokens", columns: ["store"])
        try db.create(table: "app_settings") { table in
            // One row: the BigCommerce app the publisher registered, whose install flow adds stores.
            table.primaryKey("id", .integer).check { $0 == 1 }
            table.column("client_id", .text).check { length($0) > 0 }
            table.column("client_secret", .text).check { length($0) > 0 }
            table.column("login_url", .text).notNull().check { length($0) > 0 }
            table.column("api_url", .text).notNull().check { length($0) > 0 }
            table.column("updated_at", .datetime).notNull()
        }
    }

    /// A table rebuilt with its store: the new table's SQL (named `<table>_by_store`), the columns copied, and
    /// the indexes made again. Written out whole, as the schema stood at `v13`: a released migration never
    /// changes.
    private struct Rebuild {
        let table: String
        let create: String
        let columns: String
        var indexes: [String] = []
    }

    private static let storeColumn = #""store" INTEGER NOT NULL DEFAULT 1 REFERENCES "stores"("id") ON DELETE CASCADE"#

    private static var storeScopedRebuilds: [Rebuild] {
        let scopes = StoreEvent.allCases.map { "'\($0.scope)'" }.joined(separator: ", ")
        return [
            Rebuild(
                table: "events",
                create: """
                    CREATE TABLE "events_by_store" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, \(storeColumn),
                        "scope" TEXT NOT NULL CHECK ("scope" IN (\(scopes))), "dedupe_key" TEXT NOT NULL,
                        "store_id" TEXT, "event_id" TEXT, "order_id" TEXT, "payload" TEXT NOT NULL, "resources" TEXT,
                        "created_at" INTEGER, "received_at" DATETIME NOT NULL,
                        "state" TEXT NOT NULL CHECK ("state" IN ('received', 'processed')), "processed_at" DATETIME,
                        "note" TEXT, "lookup_attempts" INTEGER NOT NULL DEFAULT 0, "next_lookup_at" DATETIME,
                        UNIQUE ("store", "dedupe_key"))
                    """,
                columns: "id, scope, dedupe_key, store_id, event_id, order_id, payload, resources, created_at, "
                    + "received_at, state, processed_at, note, lookup_attempts, next_lookup_at",
                indexes: [#"CREATE INDEX "events_waiting" ON "events"("state", "id")"#]),
            Rebuild(
                table: "notification_events",
                create: """
                    CREATE TABLE "notification_events_by_store" (\(storeColumn),
                        "audience" TEXT NOT NULL CHECK ("audience" IN ('admin', 'customer')),
                        "event" TEXT NOT NULL CHECK ("event" IN (\(scopes))), "enabled" BOOLEAN NOT NULL DEFAULT 0,
                        "template" TEXT CHECK (LENGTH("template") <= 1600), "updated_at" DATETIME NOT NULL,
                        "status_changes_only" BOOLEAN, PRIMARY KEY ("store", "audience", "event"))
                    """,
                columns: "audience, event, enabled, template, updated_at, status_changes_only"),
            Rebuild(
                table: "admin_numbers",
                create: """
                    CREATE TABLE "admin_numbers_by_store" (\(storeColumn), "position" INTEGER NOT NULL,
                        "number" TEXT NOT NULL CHECK ((LENGTH("number") >= 1) AND (LENGTH("number") <= 20)),
                        "typed" TEXT NOT NULL, PRIMARY KEY ("store", "position"), UNIQUE ("store", "number"))
                    """,
                columns: "position, number, typed"),
            Rebuild(
                table: "order_statuses",
                create: """
                    CREATE TABLE "order_statuses_by_store" (\(storeColumn), "order_id" TEXT NOT NULL,
                        "status_id" INTEGER, "status" TEXT, "seen_at" DATETIME NOT NULL,
                        PRIMARY KEY ("store", "order_id"))
                    """,
                columns: "order_id, status_id, status, seen_at"),
            Rebuild(
                table: "customers",
                create: """
                    CREATE TABLE "customers_by_store" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, \(storeColumn),
                        "store_customer_id" INTEGER, "first_name" TEXT, "last_name" TEXT, "email" TEXT, "phone" TEXT,
                        "phone_digits" TEXT, "phone_country" TEXT, "phone_reason" TEXT,
                        "source" TEXT NOT NULL CHECK ("source" IN ('store', 'import', 'manual')), "sync_run" INTEGER,
                        "seen_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL,
                        UNIQUE ("store", "store_customer_id"))
                    """,
                columns: "id, store_customer_id, first_name, last_name, email, phone, phone_digits, phone_country, "
                    + "phone_reason, source, sync_run, seen_at, updated_at",
                indexes: [
                    #"CREATE INDEX "customers_by_phone" ON "customers"("phone_digits")"#,
                    #"CREATE INDEX "customers_by_email" ON "customers"("email")"#,
                ]),
            Rebuild(
                table: "broadcasts",
                create: """
                    CREATE TABLE "broadcasts_by_store" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, \(storeColumn),
                        "message" TEXT NOT NULL, "sender" TEXT,
                        "audience" TEXT NOT NULL CHECK ("audience" IN ('all', 'customers', 'numbers')),
                        "recipients" TEXT NOT NULL,
                        "state" TEXT NOT NULL
                            CHECK ("state" IN ('writing', 'running', 'paused', 'cancelled', 'finished')),
                        "idempotency_key" TEXT, "schedule_at" DATETIME, "written" INTEGER NOT NULL DEFAULT 0,
                        "recipient_count" INTEGER NOT NULL, "to_send" INTEGER NOT NULL, "skipped" INTEGER NOT NULL,
                        "duplicates" INTEGER NOT NULL, "parts" INTEGER NOT NULL, "encoding" TEXT NOT NULL,
                        "created_at" DATETIME NOT NULL, "started_at" DATETIME, "finished_at" DATETIME,
                        "updated_at" DATETIME NOT NULL, "unit_cost" TEXT, "currency" TEXT,
                        UNIQUE ("store", "idempotency_key"))
                    """,
                columns: "id, message, sender, audience, recipients, state, idempotency_key, schedule_at, written, "
                    + "recipient_count, to_send, skipped, duplicates, parts, encoding, created_at, started_at, "
                    + "finished_at, updated_at, unit_cost, currency"),
            Rebuild(
                table: "opt_outs",
                create: """
                    CREATE TABLE "opt_outs_by_store" (\(storeColumn),
                        "number" TEXT NOT NULL CHECK ((LENGTH("number") >= 7) AND (LENGTH("number") <= 15)),
                        "typed" TEXT NOT NULL, "source" TEXT NOT NULL, "note" TEXT, "created_at" DATETIME NOT NULL,
                        PRIMARY KEY ("store", "number"))
                    """,
                columns: "number, typed, source, note, created_at"),
        ]
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
