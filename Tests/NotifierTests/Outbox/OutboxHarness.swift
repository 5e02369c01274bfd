import Foundation
import JSONCore
import Logging
import MoceanAPI
import TestSupport
import Testing

@testable import Notifier

/// The event store, processor and sender over a database of either backend and a scripted gateway.
struct OutboxHarness {
    let account: AccountService
    let notifications: NotificationService
    let events: EventStore
    let processor: EventProcessor
    let gateway: ScriptedGateway
    let queued = Doorbell()
    let updates = MessageUpdates()
    let outbox: any OutboxStorage
    /// The SQLite database of a harness made over one (nil over storages), for the suites of parts not yet
    /// behind the storage seam.
    let database: AppDatabase!
    private let storages: StorageBackend.Storages?

    /// Over an in-memory SQLite database.
    ///
    /// - Parameter store: answers of the store's API; with it, the store is connected.
    init(gateway: ScriptedGateway = ScriptedGateway(), store: StubTransport? = nil) async throws {
        let database = try AppDatabase.inMemory()
        let account = AccountService(
            database: database, transport: StubTransport(body: "{}"), logger: Logger(label: "test"))
        let storeService = store.map { StoreService(database: database, transport: $0, logger: Logger(label: "test")) }
        try await self.init(
            account: account, notifications: NotificationService(database: database, account: account),
            events: SQLiteEventStorage(database: database), outbox: SQLiteOutboxStorage(database: database),
            store: storeService, gateway: gateway, database: database, storages: nil)
        if let storeService {
            var connection = StoreUpdate()
            connection.storeHash = .set("abc123")
            connection.accessToken = .set("store-token")
            connection.apiURL = .set("http://127.0.0.1:9")
            _ = try await storeService.update(connection, of: .first)
        }
    }

    /// Over `storages` (either backend).
    init(_ storages: StorageBackend.Storages, gateway: ScriptedGateway = ScriptedGateway()) async throws {
        let account = AccountService(
            storage: storages.accounts, transport: StubTransport(body: "{}"), logger: Logger(label: "test"))
        try await self.init(
            account: account, notifications: NotificationService(storage: storages.notifications, account: account),
            events: try await storages.events(.seconds(15)), outbox: try await storages.outbox(.seconds(15)),
            store: nil, gateway: gateway, database: nil, storages: storages)
    }

    private init(
        account: AccountService, notifications: NotificationService, events: any EventStorage,
        outbox: any OutboxStorage, store: StoreService?, gateway: ScriptedGateway, database: AppDatabase?,
        storages: StorageBackend.Storages?
    ) async throws {
        self.account = account
        self.notifications = notifications
        self.outbox = outbox
        self.database = database
        self.storages = storages
        let received = Doorbell()
        self.events = EventStore(storage: events, received: received)
        processor = EventProcessor(
            storage: events, account: account, notifications: notifications, store: store, received: received,
            queued: queued, logger: Logger(label: "test"))
        self.gateway = gateway
        var update = AccountUpdate()
        update.sender = .set("MyShop")
        update.adminCountry = .set("MY")
        update.customerCountry = .set("MY")
        _ = try await account.update(update, of: .first)
    }

    /// Runs SQL both backends take.
    func execute(_ sql: String) async throws {
        if let storages { return try await storages.execute(sql) }
        try await database?.writer.write { db in try db.execute(sql: sql) }
    }

    /// The first column of the first row of SQL both backends take, as a whole number.
    func count(_ sql: String) async throws -> Int {
        if let storages { return try await storages.count(sql) }
        return try await database?.writer.read { db in try Int.fetchOne(db, sql: sql) } ?? 0
    }

    /// Admin numbers, and `events` switched on for admins with `template`.
    func enableAdmins(_ events: [StoreEvent], numbers: [String], template: String? = nil) async throws {
        var change = NotificationChange(audience: .admin, adminNumbers: .list(numbers))
        for event in events {
            change.events[event] = .init(enabled: true, template: template.map { .set($0) } ?? .keep)
        }
        _ = try await notifications.configure(change, of: .first)
    }

    func enableCustomers(_ events: [StoreEvent]) async throws {
        var change = NotificationChange(audience: .customer)
        for event in events { change.events[event] = .init(enabled: true) }
        _ = try await notifications.configure(change, of: .first)
    }

    /// The seed's shipment event, with a `hash` of its own.
    static func shipmentCreated(hash: String = "h-1", id: Int = 1) -> JSONValue {
        [
            "scope": "store/shipment/created", "store_id": "1025646",
            "data": ["type": "shipment", "id": .number(JSONNumber(id)), "orderId": 102], "hash": .string(hash),
            "created_at": 1_632_114_489, "producer": "stores/abc123",
        ]
    }

    func ingest(_ payload: JSONValue, resources: JSONValue? = nil) async throws -> EventStore.IngestOutcome {
        try await events.ingest(try IncomingEvent(payload: payload, resources: resources), store: .first)
    }

    func messages() async throws -> [MessageRecord] {
        if let storages { return try await storages.messages() }
        return try await database?.writer.read { db in try MessageRecord.order(MessageRecord.Columns.id).fetchAll(db) }
            ?? []
    }

    func sender(balanceCheckInterval: Duration = .seconds(180)) -> OutboxSender {
        OutboxSender(
            storage: outbox, gateways: gateway, queued: queued, updates: updates, logger: Logger(label: "test"),
            balanceCheckInterval: balanceCheckInterval, statusCheckAfter: nil)
    }

    /// Runs `sender` while `body` runs.
    func running(_ sender: OutboxSender, _ body: () async throws -> Void) async throws {
        let task = Task { try await sender.run() }
        defer { task.cancel() }
        try await body()
    }

    /// Waits until `sender` has looked at the queue afresh and found nothing to send, now or later, with nothing
    /// in flight: from then on it sends nothing more until rows are queued (at most 20 s).
    func waitUntilQuiet(_ sender: OutboxSender) async throws {
        let before = await sender.quietLooks
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            queued.ring()
            if await sender.quietLooks > before { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the sender never found the queue quiet: \(try await messages().map(\.state))")
    }

    /// Waits until `condition` holds of the rows (at most 20 s).
    func waitUntil(_ condition: ([MessageRecord]) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if condition(try await messages()) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the rows never reached the expected states: \(try await messages().map(\.state))")
    }
}
