import Foundation
import Notifier
import TestSupport
import Testing

/// The stores' directory over each backend, through the domain: installs, re-installs, the first store's
/// rule, uninstalls and erasure; the routes in memory follow every change at once. (Each backend's database
/// starts with store 1, never connected, and store 2, `second`.)
@Suite(.timeLimit(.minutes(2))) struct StoreDirectoryStorageTests {
    private func directory(_ storages: StorageBackend.Storages, at time: Date = Date()) -> StoreDirectory {
        StoreDirectory(storage: storages.directory, appStorage: storages.appSettings, now: { time })
    }

    private func grant(_ hash: String, token: String = "token") -> StoreDirectory.Grant {
        StoreDirectory.Grant(
            storeHash: hash, accessToken: token, scopes: "store_v2_orders_read_only", accountUUID: "uuid-\(hash)",
            ownerUserID: 7, ownerEmail: "owner@\(hash).example")
    }

    @Test(arguments: StorageBackend.available)
    func anInstallTakesTheUntouchedFirstStoreThenNewOnesAndAReinstallKeepsItsStore(backend: StorageBackend)
        async throws
    {
        try await backend.with { storages in
            let directory = directory(storages)
            let (first, firstAgain) = try await directory.install(grant("ABC123"))
            #expect(first == .first && !firstAgain)
            #expect(try await directory.route(hash: "abc123")?.state == .active, "seen at once")
            let (third, _) = try await directory.install(grant("def456"))
            #expect(third == StoreID(rawValue: 3))
            let (reinstalled, again) = try await directory.install(grant("abc123", token: "new-token"))
            #expect(reinstalled == .first && again)
            let record = try #require(try await directory.store(hash: "ABC123"))
            #expect(
                record.storeHash == "abc123" && record.hasAccessToken && record.ownerEmail == "owner@abc123.example")
            #expect(try await directory.page(after: nil, limit: 10, state: nil).map(\.id) == [1, 2, 3])
            #expect(try await directory.page(after: StoreID(rawValue: 1), limit: 1, state: nil).map(\.id) == [2])
            #expect(try await directory.count() == 3)
        }
    }

    @Test(arguments: StorageBackend.available)
    func theOperatorsFirstStoreStaysTheirs(backend: StorageBackend) async throws {
        try await backend.with { storages in
            try await storages.execute(
                """
                INSERT INTO account_settings (id, api_key, api_secret, gateway_url, updated_at)
                VALUES (1, 'operator-key', 'operator-secret', 'g', '2026-01-01 00:00:00')
                """)
            let (installed, _) = try await directory(storages).install(grant("abc123"))
            #expect(installed == StoreID(rawValue: 3))
            #expect(try await directory(storages).route(.first)?.hash == nil)
        }
    }

    @Test(arguments: StorageBackend.available)
    func uninstallCancelsTheStoresQueueAloneAndEraseRemovesEverythingOfIt(backend: StorageBackend) async throws {
        try await backend.with { storages in
            let directory = directory(storages)
            _ = try await directory.install(grant("abc123"))
            for store in [1, 2] {
                try await storages.execute(
                    """
                    INSERT INTO messages (store, origin, event_type, text, recipient, encoding, parts, state,
                        next_attempt_at, created_at, updated_at)
                    VALUES (\(store), 'broadcast', 'SMS Broadcast', 'x', '1', 'GSM-7', 1, 'queued',
                        '2030-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00')
                    """)
            }
            #expect(
                try await directory.queues(of: [.first, StoreID(rawValue: 2)]).mapValues { $0[.queued] } == [
                    .first: 1, StoreID(rawValue: 2): 1,
                ])
            let done = try #require(try await directory.uninstall(hash: "ABC123"))
            #expect(done == StoreDirectory.Uninstalled(store: .first, cancelledMessages: 1, cancelledBroadcasts: 0))
            #expect(try await directory.route(.first)?.state == .uninstalled, "seen at once")
            #expect(try await directory.store(.first)?.hasAccessToken == false)
            #expect(try await directory.uninstall(hash: "abc123") == nil, "uninstalled already")
            #expect(try await storages.count("SELECT count(*) FROM messages WHERE state = 'queued'") == 1)

            #expect(try await directory.erase(StoreID(rawValue: 2)))
            #expect(try await directory.erase(StoreID(rawValue: 2)) == false)
            #expect(try await storages.count("SELECT count(*) FROM messages WHERE store = 2") == 0)
            #expect(try await directory.route(StoreID(rawValue: 2)) == nil)
            #expect(try await directory.erase(.first))
            #expect(try await storages.count("SELECT count(*) FROM messages") == 0)
            let emptied = try #require(try await directory.store(.first), "store 1 is emptied, not removed")
            #expect(emptied.storeHash == nil && emptied.state == .active)
        }
    }
}
