import Foundation
import GRDB
import JSONCore

/// The store events received: stored durably before they are answered, read back with their SMS.
public struct EventStore: Sendable {
    private let database: AppDatabase
    private let batcher: IngestBatcher
    private let metrics: NotifierMetrics

    /// - Parameter received: rung after each new event, to wake the ``EventProcessor``.
    public init(
        database: AppDatabase, received: Doorbell, metrics: NotifierMetrics = .none,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.database = database
        self.metrics = metrics
        batcher = IngestBatcher(database: database, received: received, now: now)
    }

    /// What became of an event handed to ``ingest(_:)``.
    public struct IngestOutcome: Sendable, Equatable {
        /// The stored event's id.
        public let id: Int64
        /// True when the same event (same `hash`) was stored already; nothing new is done then.
        public let duplicate: Bool
    }

    /// Stores `incoming` unless the same event is stored already, and wakes the processor. Answers once the
    /// event is committed; events arriving together share one transaction (a group commit), so that a burst of
    /// webhooks does not take the single writer once each.
    public func ingest(_ incoming: IncomingEvent, store: StoreID) async throws -> IngestOutcome {
        let outcome = try await batcher.ingest(incoming, store: store)
        (outcome.duplicate ? metrics.eventsDuplicate : metrics.eventsAccepted).increment()
        return outcome
    }

    /// Stores each of `events` (with its store) unless stored already, in one transaction, in order.
    static func store(_ events: [(IncomingEvent, StoreID)], now: Date, _ db: Database) throws -> [IngestOutcome] {
        try events.map { incoming, store in
            if let existing = try EventRecord.id(dedupeKey: incoming.dedupeKey, store: store, db) {
                return IngestOutcome(id: existing, duplicate: true)
            }
            var record = EventRecord(
                id: nil, store: store.rawValue, scope: incoming.event.scope, dedupeKey: incoming.dedupeKey,
                storeID: incoming.storeID,
                eventID: incoming.eventID, orderID: incoming.orderID, payload: incoming.payload.description,
                resources: incoming.resources?.description, createdAt: incoming.createdAt, receivedAt: now,
                state: .received, processedAt: nil, note: nil)
            try record.insertNew(db)
            return IngestOutcome(id: record.id ?? 0, duplicate: false)
        }
    }

    /// One of `store`'s events with the SMS it produced, oldest first; nil when it has no such event (another
    /// store's is none of its).
    public func event(id: Int64, store: StoreID) async throws -> (event: EventRecord, messages: [MessageRecord])? {
        try await database.writer.read { db in
            guard let event = try EventRecord.fetchOne(db, key: id), event.store == store.rawValue else { return nil }
            let messages = try MessageRecord.filter(MessageRecord.Columns.eventRef == id)
                .order(MessageRecord.Columns.id).fetchAll(db)
            return (event, messages)
        }
    }

    /// `store`'s events newest first, `limit` of them, before the event `before` when given (a keyset page).
    public func list(limit: Int, before: Int64?, store: StoreID) async throws -> [(
        event: EventRecord, messages: [MessageState: Int]
    )] {
        try await database.writer.read { db in
            var request = EventRecord.filter(EventRecord.Columns.store == store.rawValue)
                .order(EventRecord.Columns.id.desc).limit(limit)
            if let before { request = request.filter(EventRecord.Columns.id < before) }
            let events = try request.fetchAll(db)
            return try events.map { event in
                let rows = try Row.fetchAll(
                    db, sql: "SELECT state, COUNT(*) AS count FROM messages WHERE event_ref = ? GROUP BY state",
                    arguments: [event.id])
                var counts: [MessageState: Int] = [:]
                for row in rows {
                    if let state = MessageState(rawValue: row["state"]) { counts[state] = row["count"] }
                }
                return (event, counts)
            }
        }
    }
}

/// Commits the events that arrive together in one transaction, answering each caller once it is committed.
actor IngestBatcher {
    private let database: AppDatabase
    private let received: Doorbell
    private let now: @Sendable () -> Date
    private var pending: [(IncomingEvent, StoreID, CheckedContinuation<EventStore.IngestOutcome, any Error>)] = []
    private var writing = false

    init(database: AppDatabase, received: Doorbell, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.received = received
        self.now = now
    }

    func ingest(_ incoming: IncomingEvent, store: StoreID) async throws -> EventStore.IngestOutcome {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((incoming, store, continuation))
            guard !writing else { return }
            writing = true
            Task { await self.drain() }
        }
    }

    /// Writes what is pending, one transaction a batch, until nothing is left.
    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            let events = batch.map { ($0.0, $0.1) }
            let time = now()
            do {
                let outcomes = try await database.writer.write { db in try EventStore.store(events, now: time, db) }
                if outcomes.contains(where: { !$0.duplicate }) { received.ring() }
                for ((_, _, continuation), outcome) in zip(batch, outcomes) {
                    continuation.resume(returning: outcome)
                }
            } catch {
                for (_, _, continuation) in batch { continuation.resume(throwing: error) }
            }
        }
        writing = false
    }
}
