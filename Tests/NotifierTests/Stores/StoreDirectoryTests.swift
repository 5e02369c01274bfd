import Foundation
import GRDB
import TestSupport
import Testing

@testable import Notifier

/// The directory of stores over a real database file: installs, re-installs, uninstalls, erasure.
@Suite struct StoreDirectoryTests {
    let database: AppDatabase
    let directory: StoreDirectory

    init() throws {
        database = try AppDatabase.open(path: try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path)
        directory = StoreDirectory(database: database)
    }

    private func grant(_ hash: String, token: String = "token") -> StoreDirectory.Grant {
        StoreDirectory.Grant(
            storeHash: hash, accessToken: token, scopes: "store_v2_orders_read_only store_v2_customers_read_only",
            accountUUID: "uuid-\(hash)", ownerUserID: 7, ownerEmail: "owner@\(hash).example")
    }

    /// A row in every table of `store`, with ids of its own (`base`): an event with its two SMS (one queued, one
    /// sent) and an attempt, a broadcast with a queued SMS, a customer, an opt-out, a console session, settings.
    private func fillEveryTable(store: Int64, base: Int64) async throws {
        try await database.writer.write { db in
            let now = Date()
            try db.execute(
                sql: """
                    INSERT INTO account_settings (id, sender, gateway_url, updated_at) VALUES (:store, 'Shop', 'g', :now);
                    INSERT INTO history_settings (id, retention_days, updated_at) VALUES (:store, 30, :now);
                    INSERT INTO opt_out_settings (id, applies_to_events, updated_at) VALUES (:store, 0, :now);
                    INSERT INTO customer_sync (id, run, next_page, started_at) VALUES (:store, 1, 1, :now);
                    INSERT INTO balance_alerts (id, below, updated_at) VALUES (:store, '5', :now);
                    INSERT INTO quiet_hours (id, window_start, window_end, store_time_zone, updated_at)
                    VALUES (:store, 540, 1200, 'UTC', :now);
                    INSERT INTO notification_events (store, audience, event, enabled, updated_at)
                        VALUES (:store, 'admin', 'store/order/created', 1, :now);
                    INSERT INTO admin_numbers (store, position, number, typed) VALUES (:store, :base, '6012345' || :base, 'x');
                    INSERT INTO order_statuses (store, order_id, status_id, seen_at) VALUES (:store, 'o' || :base, 1, :now);
                    INSERT INTO events (store, id, scope, dedupe_key, payload, received_at, state)
                        VALUES (:store, :base, 'store/order/created', 'h' || :base, '{}', :now, 'processed');
                    INSERT INTO messages (store, id, origin, event_ref, audience, event_type, text, recipient, encoding,
                            parts, state, created_at, updated_at)
                        VALUES (:store, :base, 'event', :base, 'admin', 'store/order/created', 'a', '1', 'GSM-7', 1, 'queued', :now,
                                :now),
                               (:store, :base + 1, 'event', :base, 'admin', 'store/order/created', 'b', '2', 'GSM-7', 1, 'sent', :now,
                                :now);
                    INSERT INTO message_attempts (store, message_id, number, started_at) VALUES (:store, :base + 1, 1, :now);
                    INSERT INTO broadcasts (store, id, message, audience, recipients, state, recipient_count, to_send,
                            skipped, duplicates, parts, encoding, created_at, updated_at)
                        VALUES (:store, :base, 'Sale', 'numbers', '[]', 'running', 1, 1, 0, 0, 1, 'GSM-7', :now, :now);
                    INSERT INTO messages (store, id, origin, broadcast_id, event_type, text, recipient, encoding, parts,
                            state, priority, created_at, updated_at)
                        VALUES (:store, :base + 2, 'broadcast', :base, 'SMS Broadcast', 'Sale', '3', 'GSM-7', 1, 'queued', 1, :now,
                                :now);
                    INSERT INTO customers (store, id, first_name, source, seen_at, updated_at)
                        VALUES (:store, :base, 'Aisyah', 'manual', :now, :now);
                    INSERT INTO opt_outs (store, number, typed, source, created_at)
                        VALUES (:store, '6019999' || :base, 'x', 'admin', :now);
                    INSERT INTO console_sessions (digest, kind, store, user, installed_at, created_at, last_use)
                        VALUES (printf('%064d', :base), 'page', :store, 7, :now, :now, :now);
                    """, arguments: ["store": store, "base": base, "now": now])
        }
    }

    private func count(_ table: String, store: Int64) async throws -> Int {
        let column = StoreTables.keyedSettings.contains(table) ? "id" : "store"
        return try await database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE \(column) = ?", arguments: [store]) ?? 0
        }
    }

    @Test func theFirstInstallTakesTheUnconnectedFirstStoreAndAReinstallKeepsItsSettings() async throws {
        let (first, firstAgain) = try await directory.install(grant("ABC123"))
        #expect(first == .first && !firstAgain)
        let (second, _) = try await directory.install(grant("def456"))
        #expect(second == StoreID(rawValue: 2))
        try await fillEveryTable(store: 1, base: 100)
        let (again, reinstalled) = try await directory.install(grant("abc123", token: "new-token"))
        #expect(again == .first && reinstalled)
        let stored = try await database.writer.read { db in try StoreSettings.fetchOne(db, key: 1) }
        #expect(stored?.accessToken == "new-token" && stored?.storeHash == "abc123")
        #expect(try await count("account_settings", store: 1) == 1)
        #expect(try await count("messages", store: 1) == 3)
        let listed = try await directory.all()
        #expect(listed.map(\.storeHash) == ["abc123", "def456"])
        #expect(listed.allSatisfy { $0.state == .active && $0.hasAccessToken && $0.ownerUserID == 7 })
        #expect(try await directory.resolve(producer: "stores/ABC123") == .active(.first))
        #expect(try await directory.resolve(producer: "stores/nope") == .unknown)
        #expect(try await directory.resolve(producer: "abc123") == .unknown)
        await #expect(throws: ValidationError.self) { try await directory.install(grant("not a hash!")) }
    }

    @Test func uninstallingErasesTheTokenCancelsWhatIsQueuedAndKeepsTheHistory() async throws {
        _ = try await directory.install(grant("abc123"))
        _ = try await directory.install(grant("def456"))
        try await fillEveryTable(store: 1, base: 100)
        try await fillEveryTable(store: 2, base: 200)
        let done = try #require(try await directory.uninstall(hash: "ABC123"))
        #expect(done == .init(store: .first, cancelledMessages: 2, cancelledBroadcasts: 1))
        let store = try #require(try await directory.store(.first))
        #expect(store.state == .uninstalled && !store.hasAccessToken && store.uninstalledAt != nil)
        #expect(try await directory.resolve(producer: "stores/abc123") == .uninstalled(.first))
        let states = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT state FROM messages WHERE store = 1 ORDER BY id")
        }
        #expect(states == ["cancelled", "sent", "cancelled"], "the history is kept, the queue cancelled")
        let others = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT state FROM messages WHERE store = 2 ORDER BY id")
        }
        #expect(others == ["queued", "sent", "queued"], "another store is untouched")
        #expect(try await directory.uninstall(hash: "zzz999") == nil)
        let (back, reinstalled) = try await directory.install(grant("abc123"))
        #expect(back == .first && reinstalled)
        #expect(try await directory.store(.first)?.state == .active)
    }

    @Test func erasingAStoreRemovesEveryRowOfItAndNothingOfAnother() async throws {
        _ = try await directory.install(grant("abc123"))
        _ = try await directory.install(grant("def456"))
        try await fillEveryTable(store: 1, base: 100)
        try await fillEveryTable(store: 2, base: 200)
        let tables = StoreTables.owned + StoreTables.keyedSettings
        var before: [String: Int] = [:]
        for table in tables { before[table] = try await count(table, store: 1) }
        #expect(before.values.allSatisfy { $0 > 0 }, "\(before)")
        #expect(try await directory.erase(StoreID(rawValue: 2)))
        for table in tables {
            #expect(try await count(table, store: 2) == 0, "\(table) holds nothing of the erased store")
            #expect(try await count(table, store: 1) == before[table], "\(table) keeps the other store's rows")
        }
        #expect(try await directory.store(StoreID(rawValue: 2)) == nil)
        #expect(try await directory.erase(StoreID(rawValue: 2)) == false)
        // The first store is emptied, not removed: a service without a store still has one to serve.
        #expect(try await directory.erase(.first))
        for table in tables { #expect(try await count(table, store: 1) == 0, "\(table)") }
        let first = try #require(try await directory.store(.first))
        #expect(first.storeHash == nil && !first.hasAccessToken && first.state == .active)
        let search = try await database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM messages_search_pending") ?? -1
        }
        #expect(search == 0, "the search index's queue forgets the erased rows")
    }

    @Test func anInstallTakesTheFirstStoreOnlyWhileNobodySetItUp() async throws {
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO account_settings (id, api_key, api_secret, gateway_url, updated_at)
                    VALUES (1, 'operator-key', 'operator-secret', 'g', ?)
                    """, arguments: [Date()])
        }
        let (installed, _) = try await directory.install(grant("abc123"))
        #expect(installed == StoreID(rawValue: 2), "the operator's first store stays theirs")
        #expect(try await directory.route(.first)?.hash == nil)
    }
}
