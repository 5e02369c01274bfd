import Foundation
import JSONCore
import Logging
import MoceanAPI
import TestSupport
import Testing

@testable import Notifier

/// The event store, processor and sender over an in-memory database and a scripted gateway.
struct OutboxHarness {
    let database: AppDatabase
    let account: AccountService
    let notifications: NotificationService
    let events: EventStore
    let processor: EventProcessor
    let gateway: ScriptedGateway
    let queued = Doorbell()
    let updates = MessageUpdates()

    /// - Parameter store: answers of the store's API; with it, the store is connected.
    init(gateway: ScriptedGateway = ScriptedGateway(), store: StubTransport? = nil) async throws {
        let database = try AppDatabase.inMemory()
        self.database = database
        account = AccountService(
            database: database, transport: StubTransport(body: "{}"), logger: Logger(label: "test"))
        notifications = NotificationService(database: database, account: account)
        let storeService = store.map { StoreService(database: database, transport: $0, logger: Logger(label: "test")) }
        let received = Doorbell()
        events = EventStore(database: database, received: received)
        processor = EventProcessor(
            database: database, account: account, notifications: notifications, store: storeService,
            received: received, queued: queued, logger: Logger(label: "test"))
        self.gateway = gateway
        if let storeService {
            var connection = StoreUpdate()
            connection.storeHash = .set("abc123")
            connection.accessToken = .set("store-token")
            connection.apiURL = .set("http://127.0.0.1:9")
            _ = try await storeService.update(connection, of: .first)
        }
        var update = AccountUpdate()
        update.sender = .set("MyShop")
        update.adminCountry = .set("MY")
        update.customerCountry = .set("MY")
        _ = try await account.update(update, of: .first)
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
        try await database.writer.read { db in try MessageRecord.order(MessageRecord.Columns.id).fetchAll(db) }
    }

    func sender(balanceCheckInterval: Duration = .seconds(180)) -> OutboxSender {
        OutboxSender(
            database: database, gateways: gateway, queued: queued, updates: updates, logger: Logger(label: "test"),
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
