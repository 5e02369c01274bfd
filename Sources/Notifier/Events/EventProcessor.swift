import BigCommerceAPI
import Foundation
import GRDB
import JSONCore
import Logging
import ServiceLifecycle

/// Turns each stored event into its SMS rows, in one transaction with marking the event processed: an event
/// is never lost, and never processed twice, whatever stops the service and when.
public struct EventProcessor: Service {
    private let database: AppDatabase
    private let account: AccountService
    private let notifications: NotificationService
    private let store: StoreService?
    private let received: Doorbell
    private let queued: Doorbell
    private let logger: Logger
    private let now: @Sendable () -> Date
    /// How many events one pass takes (one transaction writes their SMS rows).
    static let batchSize = 200
    /// How long a pass waits, once woken, for more events to arrive with the first.
    static let gathering: Duration = .milliseconds(5)

    /// - Parameters:
    ///   - received: rung when an event is stored.
    ///   - queued: rung when rows are queued, to wake the sender.
    ///   - store: the store connection, for the look-ups behind events; nil for none.
    public init(
        database: AppDatabase, account: AccountService, notifications: NotificationService, store: StoreService? = nil,
        received: Doorbell, queued: Doorbell, logger: Logger, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.database = database
        self.account = account
        self.notifications = notifications
        self.store = store
        self.received = received
        self.queued = queued
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        await runPasses(
            wakingOn: received, timeout: .seconds(5), logger: logger, failure: "processing stored events failed"
        ) {
            // Events arriving together are processed together: one transaction for many, which measured a third
            // less CPU per event at 1,000 events/s than a pass per doorbell.
            try await Task.sleep(for: Self.gathering)
            while try await processWaiting() == Self.batchSize {}
        }
    }

    /// Processes up to ``batchSize`` waiting events, oldest first (those waiting for the store only once their
    /// next try is due); returns how many were looked at.
    @discardableResult
    public func processWaiting() async throws -> Int {
        let time = now()
        let events = try await database.writer.read { db in
            try EventRecord.filter(EventRecord.Columns.state == EventRecord.State.received.rawValue)
                .filter(EventRecord.Columns.nextLookupAt == nil || EventRecord.Columns.nextLookupAt <= time)
                .order(EventRecord.Columns.id).limit(Self.batchSize).fetchAll(db)
        }
        // Each event is made into SMS with its own store's settings and connection, read once a pass.
        var contexts: [StoreID: StoreContext] = [:]
        var ready: [(EventRecord, EventMessages.Lookups)] = []
        var waiting: [EventRecord] = []
        for event in events {
            let store = StoreID(rawValue: event.store)
            if contexts[store] == nil { contexts[store] = try await context(of: store) }
            guard let context = contexts[store] else { continue }
            switch await lookUp(event, settings: context.settings, client: context.client) {
            case .ready(let lookups): ready.append((event, lookups))
            case .wait(let later): waiting.append(later)
            }
        }
        let finished = now()
        if !waiting.isEmpty {
            try await database.writer.write { [waiting] db in
                for event in waiting { try event.saveProgress(db) }
            }
        }
        if !ready.isEmpty, try await queueMessages(for: ready, contexts: contexts, now: finished) { queued.ring() }
        if !ready.isEmpty { logger.debug("processed \(ready.count) stored events") }
        return events.count
    }

    /// What making one store's events into SMS needs: its settings and its connection.
    private struct StoreContext: Sendable {
        let settings: EventMessages.Settings
        let client: BigCommerceClient?
    }

    private func context(of store: StoreID) async throws -> StoreContext {
        StoreContext(
            settings: EventMessages.Settings(
                account: try await account.settings(of: store),
                admin: try await notifications.settings(for: .admin, of: store),
                customer: try await notifications.settings(for: .customer, of: store)),
            client: try await self.store?.client(of: store))
    }

    /// Writes the SMS rows of `events` and marks them processed, in one transaction; true when any row was
    /// queued. An event processed meanwhile (by another pass) is left alone.
    private func queueMessages(
        for events: [(EventRecord, EventMessages.Lookups)], contexts: [StoreID: StoreContext], now: Date
    ) async throws -> Bool {
        try await database.writer.write { db -> Bool in
            var queuedAny = false
            var optOutsApply: [StoreID: Bool] = [:]
            for (var event, var lookups) in events {
                let store = StoreID(rawValue: event.store)
                guard let id = event.id, try EventRecord.state(id: id, db) == .received,
                    let settings = contexts[store]?.settings
                else { continue }
                if optOutsApply[store] == nil { optOutsApply[store] = try OptOuts.appliesToEvents(store: store, db) }
                lookups.unchangedStatus = try Self.unchangedOrderStatus(event, lookups: lookups, db, now: now)
                let (messages, note) = EventMessages.plan(event, settings: settings, now: now, lookups: lookups)
                for var message in messages {
                    if optOutsApply[store] == true, message.audience == .customer, message.state == .queued,
                        try OptOuts.contains(message.recipient, store: store, db)
                    {
                        message.state = .skipped
                        message.reason = BroadcastPlan.optedOut + " (opt-outs apply to event SMS: optOut.configure)"
                        message.nextAttemptAt = nil
                    }
                    // A row that exists already (same event, audience and number) is never written twice.
                    _ = try message.insertUnlessPresent(db)
                    queuedAny = queuedAny || message.state == .queued
                }
                event.state = .processed
                event.processedAt = now
                event.note = note ?? event.note
                try event.saveProgress(db)
            }
            return queuedAny
        }
    }

    private enum LookUp {
        case ready(EventMessages.Lookups)
        /// The store could not be reached: the event, with its next try set.
        case wait(EventRecord)
    }

    /// Fetches what the event's SMS need from the store, when it is connected.
    private func lookUp(_ event: EventRecord, settings: EventMessages.Settings, client: BigCommerceClient?) async
        -> LookUp
    {
        var lookups = EventMessages.Lookups()
        guard let client, let storeEvent = StoreEvent(scope: event.scope) else { return .ready(lookups) }
        let templates = [settings.admin, settings.customer].compactMap { audience in
            audience.events.first { $0.event == storeEvent && $0.enabled }?.template
        }
        let customer = settings.customer.events.contains { $0.event == storeEvent && $0.enabled }
        let given = event.resources.flatMap { try? JSONParser.parse(Array($0.utf8)) }
        let needed = StoreLookups.needed(for: storeEvent, templates: templates, customer: customer, given: given)
        guard !needed.isEmpty else { return .ready(lookups) }
        let payload = try? JSONParser.parse(Array(event.payload.utf8))
        let fetched = await StoreLookups.fetch(
            needed, event: storeEvent, data: payload?["data"] ?? payload, client: client)
        if let transient = fetched.transient {
            var later = event
            later.lookupAttempts += 1
            if let delay = StoreLookups.retryDelay(afterAttempts: later.lookupAttempts) {
                later.nextLookupAt = now().addingTimeInterval(delay)
                later.note = "waiting for the store (try \(later.lookupAttempts)): \(transient.message)"
                logger.notice("event \(event.id ?? 0) waits for the store: \(transient)")
                return .wait(later)
            }
            lookups.noPhoneReason = "the store could not be reached for two days: \(transient.message)"
        }
        var merged = given?.objectValue ?? JSONObject()
        for (resource, value) in fetched.resources { merged[resource.rawValue] = value }
        lookups.resources = .object(merged)
        if storeEvent == .cartAbandoned, fetched.gone[.cart] != nil {
            lookups.skipAll = "the cart has become an order, or the store no longer has it: no abandoned-cart SMS"
        }
        if let failure = fetched.gone[.order] ?? fetched.failed[.order] {
            lookups.noPhoneReason = "the order could not be fetched from the store: \(failure)"
        }
        return .ready(lookups)
    }

    /// For an order update, why the customer is not told: its status did not change since the last one seen.
    /// Records the status seen.
    private static func unchangedOrderStatus(
        _ event: EventRecord, lookups: EventMessages.Lookups, _ db: Database, now: Date
    ) throws -> String? {
        guard let order = lookups.resources?["order"], let orderID = event.orderID else { return nil }
        let statusID = order["status_id"].flatMap { value -> Int? in
            if case .number(let number) = value { return number.integer() }
            return nil
        }
        let status = order["status"]?.stringValue
        let previous = try Row.fetchOne(
            db, sql: "SELECT status_id FROM order_statuses WHERE store = ? AND order_id = ?",
            arguments: [event.store, orderID])
        try db.execute(
            sql: """
                INSERT INTO order_statuses(store, order_id, status_id, status, seen_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(store, order_id) DO UPDATE SET status_id = excluded.status_id, status = excluded.status,
                    seen_at = excluded.seen_at
                """, arguments: [event.store, orderID, statusID, status, now])
        guard event.scope == StoreEvent.orderUpdated.scope, let previous,
            let before: Int = previous["status_id"], before == statusID
        else { return nil }
        return "the order's status did not change (\(status ?? "status \(before)")): this audience is told of an "
            + "order update only when its status changes"
    }
}
