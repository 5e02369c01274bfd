import Foundation
import JSONCore

/// The store events received: stored durably before they are answered, read back with their SMS.
public struct EventStore: Sendable {
    private let storage: any EventStorage
    private let batcher: IngestBatcher
    private let metrics: NotifierMetrics

    /// Events in the SQLite database.
    ///
    /// - Parameter received: rung after each new event, to wake the ``EventProcessor``.
    public init(
        database: AppDatabase, received: Doorbell, metrics: NotifierMetrics = .none,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.init(storage: SQLiteEventStorage(database: database), received: received, metrics: metrics, now: now)
    }

    /// Events in `storage`.
    ///
    /// - Parameter received: rung after each new event, to wake the ``EventProcessor``.
    public init(
        storage: any EventStorage, received: Doorbell, metrics: NotifierMetrics = .none,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.storage = storage
        self.metrics = metrics
        batcher = IngestBatcher(storage: storage, received: received, now: now)
    }

    /// What became of an event handed to ``ingest(_:)``.
    public struct IngestOutcome: Sendable, Equatable {
        /// The stored event's id.
        public let id: Int64
        /// True when the same event (same `hash`) was stored already; nothing new is done then.
        public let duplicate: Bool

        public init(id: Int64, duplicate: Bool) {
            self.id = id
            self.duplicate = duplicate
        }
    }

    /// Stores `incoming` unless the same event is stored already, and wakes the processor. Answers once the
    /// event is committed; events arriving together share one transaction (a group commit), so that a burst of
    /// webhooks does not take the single writer once each.
    public func ingest(_ incoming: IncomingEvent, store: StoreID) async throws -> IngestOutcome {
        let outcome = try await batcher.ingest(incoming, store: store)
        (outcome.duplicate ? metrics.eventsDuplicate : metrics.eventsAccepted).increment()
        return outcome
    }

    /// One of `store`'s events with the SMS it produced, oldest first; nil when it has no such event (another
    /// store's is none of its).
    public func event(id: Int64, store: StoreID) async throws -> (event: EventRecord, messages: [MessageRecord])? {
        try await storage.event(id: id, store: store)
    }

    /// `store`'s events newest first, `limit` of them, before the event `before` when given (a keyset page).
    public func list(limit: Int, before: Int64?, store: StoreID) async throws -> [(
        event: EventRecord, messages: [MessageState: Int]
    )] {
        try await storage.list(limit: limit, before: before, store: store)
    }
}

/// Commits the events that arrive together in one transaction, answering each caller once it is committed.
actor IngestBatcher {
    private let storage: any EventStorage
    private let received: Doorbell
    private let now: @Sendable () -> Date
    private var pending: [(IncomingEvent, StoreID, CheckedContinuation<EventStore.IngestOutcome, any Error>)] = []
    private var writing = false

    init(storage: any EventStorage, received: Doorbell, now: @escaping @Sendable () -> Date) {
        self.storage = storage
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
                let outcomes = try await storage.store(events, now: time)
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
