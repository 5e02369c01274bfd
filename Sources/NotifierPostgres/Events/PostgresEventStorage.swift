import Foundation
import Logging
import Notifier
import PostgresNIO

/// The store events in PostgreSQL, shared by every instance: any instance stores a webhook's event, and one
/// instance's processor at a time takes a waiting event (`FOR UPDATE SKIP LOCKED`; it carries the instance's id
/// until processed).
public struct PostgresEventStorage: EventStorage {
    let client: PostgresClient
    let instance: PostgresInstance
    let logger: Logger

    public init(client: PostgresClient, instance: PostgresInstance, logger: Logger) {
        self.client = client
        self.instance = instance
        self.logger = logger
    }

    public func store(_ events: [(IncomingEvent, StoreID)], now: Date) async throws -> [EventStore.IngestOutcome] {
        try await client.transaction(logger: logger) { connection in
            var outcomes: [EventStore.IngestOutcome] = []
            for (incoming, store) in events {
                let record = EventRecord(received: incoming, store: store, now: now)
                var added: Int64?
                for try await id in try await connection.query(
                    """
                    INSERT INTO events (store, scope, dedupe_key, store_id, event_id, order_id, payload, resources,
                        created_at, received_at, state, lookup_attempts)
                    VALUES (\(record.store), \(record.scope), \(record.dedupeKey), \(record.storeID), \(record.eventID),
                        \(record.orderID), \(record.payload), \(record.resources), \(record.createdAt),
                        \(record.receivedAt), 'received', 0)
                    ON CONFLICT (store, dedupe_key) DO NOTHING RETURNING id
                    """, logger: logger
                ).decode(Int64.self) {
                    added = id
                }
                if let added {
                    outcomes.append(EventStore.IngestOutcome(id: added, duplicate: false))
                    continue
                }
                var existing: Int64 = 0
                for try await id in try await connection.query(
                    "SELECT id FROM events WHERE store = \(record.store) AND dedupe_key = \(record.dedupeKey)",
                    logger: logger
                ).decode(Int64.self) {
                    existing = id
                }
                outcomes.append(EventStore.IngestOutcome(id: existing, duplicate: true))
            }
            if outcomes.contains(where: { !$0.duplicate }) {
                try await connection.query(PostgresDoorbells.notify(.received), logger: logger)
            }
            return outcomes
        }
    }

    public func event(id: Int64, store: StoreID) async throws -> (event: EventRecord, messages: [MessageRecord])? {
        var found: EventRecord?
        for try await row in try await client.query(
            "SELECT * FROM events WHERE id = \(id) AND store = \(store.rawValue)", logger: logger)
        {
            found = try PostgresRowDecoder.decode(EventRecord.self, from: row)
        }
        guard let found else { return nil }
        var messages: [MessageRecord] = []
        for try await row in try await client.query(
            "SELECT * FROM messages WHERE event_ref = \(id) ORDER BY id", logger: logger)
        {
            messages.append(try PostgresRowDecoder.decode(MessageRecord.self, from: row))
        }
        return (found, messages)
    }

    public func list(limit: Int, before: Int64?, store: StoreID) async throws -> [(
        event: EventRecord, messages: [MessageState: Int]
    )] {
        var events: [EventRecord] = []
        for try await row in try await client.query(
            """
            SELECT * FROM events WHERE store = \(store.rawValue) AND id < \(before ?? Int64.max)
            ORDER BY id DESC LIMIT \(limit)
            """, logger: logger)
        {
            events.append(try PostgresRowDecoder.decode(EventRecord.self, from: row))
        }
        var counts: [Int64: [MessageState: Int]] = [:]
        for try await (event, state, count) in try await client.query(
            """
            SELECT event_ref, state, count(*) FROM messages WHERE event_ref = ANY(\(events.compactMap(\.id)))
            GROUP BY event_ref, state
            """, logger: logger
        ).decode((Int64, String, Int).self) {
            if let state = MessageState(rawValue: state) { counts[event, default: [:]][state] = count }
        }
        return events.map { ($0, $0.id.flatMap { counts[$0] } ?? [:]) }
    }

    public func takeWaiting(limit: Int, now: Date) async throws -> [EventRecord] {
        var taken: [EventRecord] = []
        for try await row in try await client.query(
            """
            UPDATE events SET claimed_by = \(instance.id)
            WHERE id IN (
                SELECT id FROM events
                WHERE state = 'received' AND claimed_by IS NULL
                    AND (next_lookup_at IS NULL OR next_lookup_at <= \(now))
                ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING *
            """, logger: logger)
        {
            taken.append(try PostgresRowDecoder.decode(EventRecord.self, from: row))
        }
        return taken.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
    }

    /// Saves the progress of events this instance still holds: an event another instance processed meanwhile
    /// (this one stalled past its lease) is left as it is.
    public func saveProgress(_ events: [EventRecord]) async throws {
        try await client.transaction(logger: logger) { connection in
            for event in events {
                try await Self.saveProgress(
                    event, heldBy: instance.heldIDs, on: connection, logger: logger)
            }
        }
    }

    public func release(ids: [Int64]) async throws {
        try await client.query(
            "UPDATE events SET claimed_by = NULL WHERE id = ANY(\(ids)) AND claimed_by = \(instance.id)",
            logger: logger)
    }

    public func process(_ events: [(EventRecord, EventMessages.Lookups)], planner: EventPlanner, now: Date)
        async throws -> Bool
    {
        try await client.transaction(logger: logger) { connection in
            var waiting = Set<Int64>()
            for try await id in try await connection.query(
                """
                SELECT id FROM events WHERE id = ANY(\(events.compactMap(\.0.id))) AND state = 'received'
                ORDER BY id FOR UPDATE
                """, logger: logger
            ).decode(Int64.self) {
                waiting.insert(id)
            }
            var planned: [(EventRecord, [MessageRecord])] = []
            for (var event, lookups) in events {
                guard let id = event.id, waiting.contains(id) else { continue }
                var previous: Int?? = nil
                if let observed = planner.observedStatus(event, lookups: lookups) {
                    previous = try await Self.recordStatus(
                        observed, store: event.store, on: connection, logger: logger, now: now)
                }
                guard let (messages, note) = planner.plan(event, lookups: lookups, previousStatusID: previous, now: now)
                else { continue }
                event.state = .processed
                event.processedAt = now
                event.note = note ?? event.note
                planned.append((event, messages))
            }
            var messages = planned.flatMap(\.1)
            let optedOut = try await Self.optedOut(among: messages, on: connection, logger: logger)
            messages = messages.map { message in
                EventPlanner.isHeldByOptOut(message) && optedOut.contains(OptedOut(message))
                    ? EventPlanner.optedOut(message) : message
            }
            try await PostgresMessageRows.insert(messages, on: connection, logger: logger)
            for (event, _) in planned { try await Self.saveProgress(event, on: connection, logger: logger) }
            let queuedAny = messages.contains { $0.state == .queued }
            if queuedAny { try await connection.query(PostgresDoorbells.notify(.queued), logger: logger) }
            return queuedAny
        }
    }

    /// A store's number that opted out.
    private struct OptedOut: Hashable {
        let store: Int64
        let number: String

        init(store: Int64, number: String) {
            self.store = store
            self.number = number
        }

        init(_ message: MessageRecord) {
            self.init(store: message.store, number: message.recipient)
        }
    }

    /// The recipients among `messages` that opted out of their store's SMS, of the stores whose opt-outs apply
    /// to event SMS.
    private static func optedOut(
        among messages: [MessageRecord], on connection: PostgresConnection, logger: Logger
    ) async throws -> Set<OptedOut> {
        let held = messages.filter(EventPlanner.isHeldByOptOut)
        guard !held.isEmpty else { return [] }
        var found = Set<OptedOut>()
        for try await (store, number) in try await connection.query(
            """
            SELECT o.store, o.number FROM opt_outs o JOIN opt_out_settings s ON s.id = o.store
            WHERE s.applies_to_events AND o.store = ANY(\(held.map(\.store))) AND o.number = ANY(\(held.map(\.recipient)))
            """, logger: logger
        ).decode((Int64, String).self) {
            found.insert(OptedOut(store: store, number: number))
        }
        return found
    }

    /// Records the status `observed` of an order; the status id seen before (nil inside when it had none), or nil
    /// when the order was not seen before.
    private static func recordStatus(
        _ observed: EventPlanner.ObservedStatus, store: Int64, on connection: PostgresConnection, logger: Logger,
        now: Date
    ) async throws -> Int?? {
        let statusID = observed.statusID.map(Int64.init)
        for try await (seen, before) in try await connection.query(
            """
            WITH previous AS (
                SELECT status_id FROM order_statuses WHERE store = \(store) AND order_id = \(observed.orderID)),
            recorded AS (
                INSERT INTO order_statuses (store, order_id, status_id, status, seen_at)
                VALUES (\(store), \(observed.orderID), \(statusID), \(observed.status), \(now))
                ON CONFLICT (store, order_id) DO UPDATE SET status_id = excluded.status_id,
                    status = excluded.status, seen_at = excluded.seen_at)
            SELECT (SELECT count(*) FROM previous), (SELECT status_id FROM previous)
            """, logger: logger
        ).decode((Int, Int64?).self) {
            guard seen > 0 else { return nil }
            return .some(before.map { Int($0) })
        }
        return nil
    }

    /// Saves `event`'s progress; with `heldBy`, only while it is still waiting and held by one of those ids.
    private static func saveProgress(
        _ event: EventRecord, heldBy: [Int64]? = nil, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard let id = event.id else { return }
        try await connection.query(
            """
            UPDATE events SET state = \(event.state.rawValue), processed_at = \(event.processedAt),
                note = \(event.note), lookup_attempts = \(event.lookupAttempts),
                next_lookup_at = \(event.nextLookupAt), claimed_by = NULL
            WHERE id = \(id) AND (\(heldBy == nil) OR (state = 'received' AND claimed_by = ANY(\(heldBy ?? []))))
            """, logger: logger)
    }
}
