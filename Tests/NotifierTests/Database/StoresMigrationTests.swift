import Foundation
import GRDB
import TestSupport
import Testing

@testable import Notifier

/// `v14 many stores` from a database of the previous schema, filled with rows of every table: every row is
/// kept, and each is the first store's.
@Suite struct StoresMigrationTests {
    /// Every table of the previous schema with the rows put in it (`messages_search` is filled by its own
    /// indexer; the others are the service's).
    static let rowsPerTable: [String: Int] = [
        "account_settings": 1, "notification_events": 2, "admin_numbers": 2, "events": 2, "messages": 3,
        "message_attempts": 2, "outbox_settings": 1, "store_settings": 1, "order_statuses": 1, "customers": 2,
        "customer_sync": 1, "broadcasts": 1, "opt_outs": 1, "opt_out_settings": 1, "history_settings": 1,
        "endpoint_secrets": 1,
    ]

    /// A database at `v13 HTTP front`, with the rows of ``rowsPerTable``; `connected` says whether a store was.
    private func previousSchemaDatabase(connected: Bool) throws -> String {
        let path = try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(queue, upTo: "v13 HTTP front")
        try queue.write { db in
            let now = Date(timeIntervalSince1970: 1_632_114_489)
            try db.execute(
                sql: """
                    INSERT INTO account_settings (id, api_token, sender, admin_country, gateway_url, updated_at)
                        VALUES (1, 'apit_secret', 'MyShop', 'MY', 'https://rest.moceanapi.com', ?);
                    INSERT INTO notification_events (audience, event, enabled, template, updated_at)
                        VALUES ('admin', 'store/order/created', 1, 'New order {orders.id}', ?),
                               ('customer', 'store/shipment/created', 1, NULL, ?);
                    INSERT INTO admin_numbers (position, number, typed) VALUES (1, '60123456789', '012-345 6789'),
                        (2, '6591234567', '+65 9123 4567');
                    INSERT INTO events (id, scope, dedupe_key, store_id, event_id, order_id, payload, received_at, state)
                        VALUES (1, 'store/order/created', 'h-1', '1025646', '102', '102', '{}', ?, 'processed'),
                               (2, 'store/shipment/created', 'h-2', '1025646', '1', '102', '{}', ?, 'received');
                    INSERT INTO messages (id, origin, event_ref, audience, event_type, order_id, text, recipient,
                            encoding, parts, state, created_at, updated_at)
                        VALUES (1, 'event', 1, 'admin', 'store/order/created', '102', 'New order 102', '60123456789',
                                'GSM-7', 1, 'sent', ?, ?),
                               (2, 'event', 1, 'admin', 'store/order/created', '102', 'New order 102', '6591234567',
                                'GSM-7', 1, 'failed', ?, ?);
                    INSERT INTO broadcasts (id, message, audience, recipients, state, recipient_count, to_send,
                            skipped, duplicates, parts, encoding, created_at, updated_at)
                        VALUES (1, 'Sale', 'numbers', '[]', 'finished', 1, 1, 0, 0, 1, 'GSM-7', ?, ?);
                    INSERT INTO messages (id, origin, broadcast_id, event_type, text, recipient, encoding, parts,
                            state, priority, created_at, updated_at)
                        VALUES (3, 'broadcast', 1, 'SMS Broadcast', 'Sale', '60111111111', 'GSM-7', 1, 'sent', 1, ?, ?);
                    INSERT INTO message_attempts (message_id, number, started_at, outcome)
                        VALUES (1, 1, ?, 'sent'), (2, 1, ?, 'failed');
                    INSERT INTO outbox_settings (id, rate_per_second, concurrency, max_attempts, retry_base_seconds,
                            retry_max_seconds, updated_at) VALUES (1, 20, 32, 5, 30, 3600, ?);
                    INSERT INTO order_statuses (order_id, status_id, status, seen_at) VALUES ('102', 11, 'Awaiting', ?);
                    INSERT INTO customers (id, store_customer_id, first_name, phone, phone_digits, source, seen_at,
                            updated_at)
                        VALUES (1, 7, 'Aisyah', '012-345 6789', '60123456789', 'store', ?, ?),
                               (2, NULL, 'Tan', '+65 9123 4567', '6591234567', 'manual', ?, ?);
                    INSERT INTO customer_sync (id, run, next_page, started_at) VALUES (1, 3, 1, ?);
                    INSERT INTO opt_outs (number, typed, source, created_at) VALUES ('60122222222', '012-222 2222',
                        'admin', ?);
                    INSERT INTO opt_out_settings (id, applies_to_events, updated_at) VALUES (1, 1, ?);
                    INSERT INTO history_settings (id, retention_days, updated_at) VALUES (1, 90, ?);
                    INSERT INTO endpoint_secrets (id, delivery_report_path, webhook_header, created_at)
                        VALUES (1, '\(String(repeating: "a", count: 40))', '\(String(repeating: "b", count: 40))', ?);
                    """, arguments: StatementArguments(Array(repeating: now, count: 26)))
            if connected {
                try db.execute(
                    sql: """
                        INSERT INTO store_settings (id, store_hash, access_token, api_url, client_secret, store_name,
                            updated_at) VALUES (1, 'abc123', 'store-token', 'https://api.bigcommerce.com', 'cs', 'Shop', ?)
                        """, arguments: [now])
            }
        }
        for (table, count) in Self.rowsPerTable where table != "store_settings" || connected {
            let stored = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") }
            #expect(stored == count, "the previous schema's \(table) holds its rows")
        }
        try queue.close()
        return path
    }

    @Test(arguments: [true, false])
    func everyRowIsKeptAndIsTheFirstStoresWhetherOrNotAStoreWasConnected(connected: Bool) throws {
        let path = try previousSchemaDatabase(connected: connected)
        let database = try AppDatabase.open(path: path)
        try database.writer.read { db in
            for (table, count) in Self.rowsPerTable where table != "store_settings" {
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") == count, "\(table) kept its rows")
            }
            for table in AppDatabase.storeOwnedTables {
                let others = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE store IS NOT 1")
                #expect(others == 0, "every row of \(table) is the first store's")
            }
            for table in AppDatabase.storeKeyedSettings {
                #expect(try Int64.fetchAll(db, sql: "SELECT id FROM \(table)") == [1], "\(table) is store 1's")
            }
            #expect(try db.tableExists("store_settings") == false)
            let store = try #require(try Row.fetchOne(db, sql: "SELECT * FROM stores"))
            #expect(store["id"] == 1 && store["state"] == "active")
            #expect(store["store_hash"] == (connected ? "abc123" : nil))
            #expect(store["access_token"] == (connected ? "store-token" : nil))
            #expect(store["client_secret"] == (connected ? "cs" : nil))
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM stores") == 1)
            // The rows' own values came through: a message's text, a setting, an event's payload.
            #expect(try String.fetchOne(db, sql: "SELECT text FROM messages WHERE id = 2") == "New order 102")
            #expect(try Int.fetchOne(db, sql: "SELECT retention_days FROM history_settings") == 90)
            #expect(try String.fetchOne(db, sql: "SELECT api_token FROM account_settings") == "apit_secret")
            try db.checkForeignKeys()  // throws at a reference that does not hold
        }
        // The service reads the migrated store and account as before.
        #expect(
            try database.writer.read { db in try StoreSettings.fetchOne(db)?.storeHash } == (connected ? "abc123" : nil)
        )
        #expect(try database.writer.read { db in try AccountSettings.fetchOne(db)?.sender } == "MyShop")
    }

    @Test func aSecondStoreHasSettingsOfItsOwnAndRowsMustNameAStoreThatExists() throws {
        let database = try AppDatabase.open(path: try previousSchemaDatabase(connected: true))
        try database.writer.write { db in
            try db.execute(
                sql: "INSERT INTO stores (id, store_hash, api_url, updated_at) VALUES (2, 'def456', 'https://x', ?)",
                arguments: [Date()])
            try db.execute(
                sql: "INSERT INTO account_settings (id, sender, gateway_url, updated_at) VALUES (2, 'Other', 'g', ?)",
                arguments: [Date()])
        }
        #expect(
            try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM account_settings") } == 2)
        #expect(throws: DatabaseError.self, "a row of a store that does not exist") {
            try database.writer.write { db in
                try db.execute(
                    sql: "INSERT INTO account_settings (id, gateway_url, updated_at) VALUES (9, 'g', ?)",
                    arguments: [Date()])
            }
        }
        #expect(throws: DatabaseError.self, "a message of a store that does not exist") {
            try database.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO messages (origin, event_type, text, recipient, encoding, parts, state, created_at,
                            updated_at, store) VALUES ('broadcast', 'SMS Broadcast', 'x', '1', 'GSM-7', 1, 'queued', ?, ?, 9)
                        """, arguments: [Date(), Date()])
            }
        }
    }
}
