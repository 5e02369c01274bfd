import Foundation
import GRDB
import JSONCore
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

    @Test func eachStoresEventsAreKeptApartAndMadeIntoSMSWithItsOwnSettings() async throws {
        let services = NotifierServices(
            database: database, transport: StubTransport(body: "{}"), logger: Logger(label: "t"))
        for (id, sender, number) in [(StoreID.first, "ShopA", "012-345 6789"), (Self.second, "ShopB", "013-456 7890")] {
            var update = AccountUpdate()
            update.sender = .set(sender)
            update.adminCountry = .set("MY")
            _ = try await services.account.update(update, of: id)
            var change = NotificationChange(audience: .admin)
            change.events[.orderCreated] = .init(enabled: true, template: .set("\(sender): order {orders.id}"))
            change.adminNumbers = .list([number])
            _ = try await services.notifications.configure(change, of: id)
        }
        // The same delivery (same hash) for each store: one event each, neither a duplicate of the other.
        let payload: JSONValue = [
            "scope": "store/order/created", "store_id": "1", "data": ["type": "order", "id": 250], "hash": "same",
            "created_at": 1_632_114_489, "producer": "stores/abc123",
        ]
        let first = try await services.events.ingest(try IncomingEvent(payload: payload, resources: nil), store: .first)
        let second = try await services.events.ingest(
            try IncomingEvent(payload: payload, resources: nil), store: Self.second)
        #expect(!first.duplicate && !second.duplicate && first.id != second.id)
        #expect(
            try await services.events.ingest(try IncomingEvent(payload: payload, resources: nil), store: .first)
                .duplicate)
        _ = try await services.processor.processWaiting()
        let rows = try await database.writer.read { db in
            try MessageRecord.order(MessageRecord.Columns.id).fetchAll(db)
        }
        #expect(rows.map(\.store) == [1, 2])
        #expect(rows.map(\.recipient) == ["60123456789", "60134567890"])
        #expect(rows.map(\.text) == ["ShopA: order 250", "ShopB: order 250"])
        #expect(rows.map(\.sender) == ["ShopA", "ShopB"])
        #expect(try await services.events.event(id: second.id, store: .first) == nil, "another store's event is none")
        #expect(try await services.events.event(id: second.id, store: Self.second)?.messages.count == 1)
        #expect(try await services.events.list(limit: 10, before: nil, store: .first).map(\.event.id) == [first.id])
    }

    @Test func eachStoresBroadcastsReachItsOwnCustomersAndOptOuts() async throws {
        let services = NotifierServices(
            database: database, transport: StubTransport(body: "{}"), logger: Logger(label: "t"))
        for id in [StoreID.first, Self.second] {
            var update = AccountUpdate()
            update.sender = .set("Shop\(id.rawValue)")
            update.customerCountry = .set("MY")
            _ = try await services.account.update(update, of: id)
        }
        for (id, phones) in [(StoreID.first, ["012-111 1111", "012-222 2222"]), (Self.second, ["013-333 3333"])] {
            for phone in phones {
                _ = try await services.customers.upsert(.init(firstName: "C", phone: phone), store: id)
            }
        }
        // Store 2 opts out a number of store 1's: store 1's broadcast still reaches it.
        _ = try await services.optOuts.add("+60 12-111 1111", source: nil, note: nil, store: Self.second)
        var request = BroadcastRequest(message: "Sale", recipients: .all)
        request.idempotencyKey = "campaign"
        let first = try await services.broadcasts.send(request, store: .first)
        let second = try await services.broadcasts.send(request, store: Self.second)
        #expect(first.created && second.created, "one key, two stores: two broadcasts")
        #expect(first.toSend == 2 && second.toSend == 1)
        let a = try #require(first.broadcast?.id)
        let b = try #require(second.broadcast?.id)
        #expect(try await services.broadcasts.status(id: b, store: .first) == nil, "another store's broadcast")
        #expect(try await services.broadcasts.cancel(id: b, store: .first) == nil)
        #expect(try await services.broadcasts.status(id: b, store: Self.second)?.broadcast.state == .writing)
        #expect(try await services.broadcasts.list(limit: 10, before: nil, store: .first).map(\.broadcast.id) == [a])
        try await services.broadcastWriter.writePending()
        let rows = try await database.writer.read { db in
            try MessageRecord.filter(MessageRecord.Columns.broadcastID != nil).order(MessageRecord.Columns.id)
                .fetchAll(db)
        }
        #expect(rows.map(\.store) == [1, 1, 2])
        #expect(rows.map(\.sender) == ["Shop1", "Shop1", "Shop2"])
        #expect(
            try await services.customers.list(search: nil, hasPhone: nil, page: 1, pageSize: 10, store: Self.second)
                .total == 1)
    }

    @Test func eachStoresHistoryShowsExportsRetriesAndPrunesItsOwnRowsOnly() async throws {
        let services = NotifierServices(
            database: database, transport: StubTransport(body: "{}"), logger: Logger(label: "t"))
        let old = Date(timeIntervalSince1970: 1_600_000_000)
        let ids = try await database.writer.write { db -> [Int64] in
            try [(1, "60123456789"), (2, "60123456789"), (2, "60134567890")].map { store, number in
                var row = MessageRecord(
                    id: nil, store: Int64(store), origin: .event, eventRef: nil, broadcastID: nil, audience: .admin,
                    eventType: "store/order/created", eventID: "250", orderID: "250", sender: "Shop", text: "Order 250",
                    recipientTyped: number, recipient: number, encoding: "GSM-7", parts: 1, state: .failed,
                    reason: nil, attempts: 1, nextAttemptAt: nil, priority: 0, gatewayStatus: 1,
                    gatewayResponse: "Authorization failed", msgid: nil, deliveredAt: nil, statusChecks: 0,
                    nextStatusCheckAt: nil, createdAt: old, updatedAt: old)
                try row.insert(db)
                return row.id ?? 0
            }
        }
        for search in [nil, "Order", "250", "0134567"] {
            var query = HistoryQuery(store: .first)
            query.search = search
            let page = try await services.history.page(query, page: 1, pageSize: 10)
            #expect(page.rows.map(\.id) == (search == "0134567" ? [] : [ids[0]]), "\(search ?? "everything")")
            query.store = Self.second
            #expect(try await services.history.count(query) == (search == "0134567" ? 1 : 2), "\(search ?? "all")")
        }
        #expect(try await services.history.message(id: ids[1], store: .first) == nil, "another store's row")
        #expect(try await services.history.message(id: ids[1], store: Self.second)?.message.id == ids[1])
        let exported = try await services.export.export(HistoryQuery(store: .first), format: .csv, path: nil)
        #expect(exported.rows == 1)
        let retried = try await services.sender.retry(ids: [ids[0], ids[1]], store: .first)
        #expect(retried.map(\.1) == [.queued, .notFound], "another store's row is not found")
        let pruned = try await services.retention.prune(before: Date(), store: Self.second)
        #expect(pruned.messages == 2)
        let left = try await database.writer.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM messages") }
        #expect(left == [ids[0]])
    }
}
