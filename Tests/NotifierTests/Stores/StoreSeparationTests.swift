import Foundation
import GRDB
import Logging
import TestSupport
import Testing

@testable import Notifier

/// Two stores in one database: each service keeps each store's settings apart.
@Suite struct StoreSeparationTests {
    let database: AppDatabase
    let directory: StoreDirectory
    let account: AccountService
    let store: StoreService
    let notifications: NotificationService
    static let second = StoreID(rawValue: 2)

    init() async throws {
        database = try AppDatabase.open(path: try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path)
        directory = StoreDirectory(database: database)
        let transport = StubTransport(body: "{}")
        account = AccountService(database: database, transport: transport, logger: Logger(label: "test"))
        store = StoreService(database: database, transport: transport, logger: Logger(label: "test"))
        notifications = NotificationService(database: database, account: account)
        for hash in ["abc123", "def456"] {
            _ = try await directory.install(.init(storeHash: hash, accessToken: "token-\(hash)", scopes: "s"))
        }
    }

    @Test func eachStoreHasItsOwnAccount() async throws {
        var first = AccountUpdate()
        first.sender = .set("ShopA")
        first.adminCountry = .set("MY")
        _ = try await account.update(first, of: .first)
        var second = AccountUpdate()
        second.sender = .set("ShopB")
        _ = try await account.update(second, of: Self.second)
        #expect(try await account.settings(of: .first).sender == "ShopA")
        #expect(try await account.settings(of: .first).adminCountry == "MY")
        #expect(try await account.settings(of: Self.second).sender == "ShopB")
        #expect(try await account.settings(of: Self.second).adminCountry == nil)
        #expect(try await account.settings(of: StoreID(rawValue: 3)).sender == nil, "a store with nothing saved")
    }

    @Test func eachStoreHasItsOwnConnection() async throws {
        #expect(try await store.settings(of: .first).storeHash == "abc123")
        #expect(try await store.settings(of: Self.second).storeHash == "def456")
        #expect(try await store.settings(of: Self.second).accessToken == "token-def456")
        var change = StoreUpdate()
        change.clientSecret = .set("secret-of-b")
        _ = try await store.update(change, of: Self.second)
        #expect(try await store.settings(of: .first).clientSecret == nil)
        #expect(try await store.settings(of: Self.second).clientSecret == "secret-of-b")
    }

    @Test func eachStoreHasItsOwnEventsTemplatesAndAdminNumbers() async throws {
        for (id, country) in [(StoreID.first, "MY"), (Self.second, "SG")] {
            var update = AccountUpdate()
            update.adminCountry = .set(country)
            _ = try await account.update(update, of: id)
        }
        var forA = NotificationChange(audience: .admin)
        forA.events[.orderCreated] = .init(enabled: true, template: .set("A: order {orders.id}"))
        forA.adminNumbers = .list(["012-345 6789"])
        _ = try await notifications.configure(forA, of: .first)
        var forB = NotificationChange(audience: .admin)
        forB.events[.shipmentCreated] = .init(enabled: true)
        forB.adminNumbers = .list(["9123 4567", "8123 4567"])
        _ = try await notifications.configure(forB, of: Self.second)
        let a = try await notifications.settings(for: .admin, of: .first)
        let b = try await notifications.settings(for: .admin, of: Self.second)
        #expect(a.adminNumbers.map(\.number) == ["60123456789"])
        #expect(b.adminNumbers.map(\.number) == ["6591234567", "6581234567"])
        #expect(a.events.filter(\.enabled).map(\.event) == [.orderCreated])
        #expect(b.events.filter(\.enabled).map(\.event) == [.shipmentCreated])
        #expect(b.events.first { $0.event == .orderCreated }?.isDefaultTemplate == true)
        // Replacing one store's admin numbers leaves the other's.
        var again = NotificationChange(audience: .admin)
        again.adminNumbers = .list([])
        _ = try await notifications.configure(again, of: Self.second)
        #expect(try await notifications.settings(for: .admin, of: .first).adminNumbers.count == 1)
        #expect(try await notifications.settings(for: .admin, of: Self.second).adminNumbers.isEmpty)
    }
}
