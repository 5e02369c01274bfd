import Foundation
import GRDB

/// The store events in the SQLite database: one service processes them, so every waiting event is its to take.
public struct SQLiteEventStorage: EventStorage {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func store(_ events: [(IncomingEvent, StoreID)], now: Date) async throws -> [EventStore.IngestOutcome] {
        try await database.writer.write { db in
            try events.map { incoming, store in
                if let existing = try EventRecord.id(dedupeKey: incoming.dedupeKey, store: store, db) {
                    return EventStore.IngestOutcome(id: existing, duplicate: true)
                }
                var record = EventRecord(received: incoming, store: store, now: now)
                try record.insertNew(db)
                return EventStore.IngestOutcome(id: record.id ?? 0, duplicate: false)
            }
        }
    }

    public func event(id: Int64, store: StoreID) async throws -> (event: EventRecord, messages: [MessageRecord])? {
        try await database.writer.read { db in
            guard let event = try EventRecord.fetchOne(db, key: id), event.store == store.rawValue else { return nil }
            let messages = try MessageRecord.filter(MessageRecord.Columns.eventRef == id)
                .order(MessageRecord.Columns.id).fetchAll(db)
            return (event, messages)
        }
    }

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

    public func takeWaiting(limit: Int, now: Date) async throws -> [EventRecord] {
        try await database.writer.read { db in
            try EventRecord.filter(EventRecord.Columns.state == EventRecord.State.received.rawValue)
                .filter(EventRecord.Columns.nextLookupAt == nil || EventRecord.Columns.nextLookupAt <= now)
                .order(EventRecord.Columns.id).limit(limit).fetchAll(db)
        }
    }

    public func saveProgress(_ events: [EventRecord]) async throws {
        try await database.writer.write { db in
            for event in events { try event.saveProgress(db) }
        }
    }

    /// Nothing to give back: an event is taken only by being processed.
    public func release(ids: [Int64]) async throws {}

    public func process(_ events: [(EventRecord, EventMessages.Lookups)], planner: EventPlanner, now: Date)
        async throws -> Bool
    {
        try await database.writer.write { db -> Bool in
            var queuedAny = false
            var optOutsApply: [StoreID: Bool] = [:]
            for (var event, lookups) in events {
                let store = StoreID(rawValue: event.store)
                guard let id = event.id, try EventRecord.state(id: id, db) == .received else { continue }
                var previous: Int?? = nil
                if let observed = planner.observedStatus(event, lookups: lookups) {
                    previous = try Self.recordStatus(observed, store: store, db, now: now)
                }
                guard let (messages, note) = planner.plan(event, lookups: lookups, previousStatusID: previous, now: now)
                else { continue }
                if optOutsApply[store] == nil {
                    optOutsApply[store] = try SQLiteOptOutStorage.appliesToEvents(store: store, db)
                }
                for var message in messages {
                    if optOutsApply[store] == true, EventPlanner.isHeldByOptOut(message),
                        try SQLiteOptOutStorage.contains(message.recipient, store: store, db)
                    {
                        message = EventPlanner.optedOut(message)
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

    /// Records the status `observed` of an order; the status id seen before (nil inside when it had none), or nil
    /// when the order was not seen before.
    private static func recordStatus(
        _ observed: EventPlanner.ObservedStatus, store: StoreID, _ db: Database, now: Date
    ) throws -> Int?? {
        let previous = try Row.fetchOne(
            db, sql: "SELECT status_id FROM order_statuses WHERE store = ? AND order_id = ?",
            arguments: [store.rawValue, observed.orderID])
        try db.execute(
            sql: """
                INSERT INTO order_statuses(store, order_id, status_id, status, seen_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(store, order_id) DO UPDATE SET status_id = excluded.status_id, status = excluded.status,
                    seen_at = excluded.seen_at
                """, arguments: [store.rawValue, observed.orderID, observed.statusID, observed.status, now])
        guard let previous else { return nil }
        let statusID: Int? = previous["status_id"]
        return .some(statusID)
    }
}

extension EventRecord {
    /// A new event as received, waiting to be processed.
    public init(received incoming: IncomingEvent, store: StoreID, now: Date) {
        self.init(
            id: nil, store: store.rawValue, scope: incoming.event.scope, dedupeKey: incoming.dedupeKey,
            storeID: incoming.storeID, eventID: incoming.eventID, orderID: incoming.orderID,
            payload: incoming.payload.description, resources: incoming.resources?.description,
            createdAt: incoming.createdAt, receivedAt: now, state: .received, processedAt: nil, note: nil)
    }
}
