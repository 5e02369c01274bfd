import Foundation
import Logging
import Notifier
import PostgresNIO

/// The outbox in PostgreSQL, shared by every instance on the database.
///
/// A due row is taken by one instance with `FOR UPDATE SKIP LOCKED` (it then carries the instance's id), claimed
/// (`sending`, its try recorded) just before its request leaves, and settled with the id cleared. Rows queued
/// ring every instance's doorbell (``PostgresDoorbells``).
public struct PostgresOutboxStorage: OutboxStorage {
    let client: PostgresClient
    let instance: PostgresInstance
    let logger: Logger

    public init(client: PostgresClient, instance: PostgresInstance, logger: Logger) {
        self.client = client
        self.instance = instance
        self.logger = logger
    }

    public func settings(now: Date) async throws -> OutboxSettings {
        let defaults = OutboxSettings.defaults(now: now)
        let rows = try await client.query(
            """
            WITH added AS (
                INSERT INTO outbox_settings (id, rate_per_second, concurrency, max_attempts, retry_base_seconds,
                    retry_max_seconds, paused, updated_at)
                VALUES (1, \(defaults.ratePerSecond), \(defaults.concurrency), \(defaults.maxAttempts),
                    \(defaults.retryBaseSeconds), \(defaults.retryMaxSeconds), \(defaults.paused), \(now))
                ON CONFLICT (id) DO NOTHING RETURNING *)
            SELECT * FROM added UNION ALL SELECT * FROM outbox_settings
            """, logger: logger)
        for try await row in rows {
            return try PostgresRowDecoder.decode(OutboxSettings.self, from: row)
        }
        return defaults
    }

    public func save(_ settings: OutboxSettings) async throws {
        try await client.query(
            """
            INSERT INTO outbox_settings (id, rate_per_second, concurrency, max_attempts, retry_base_seconds,
                retry_max_seconds, paused, pause_reason, updated_at)
            VALUES (1, \(settings.ratePerSecond), \(settings.concurrency), \(settings.maxAttempts),
                \(settings.retryBaseSeconds), \(settings.retryMaxSeconds), \(settings.paused), \(settings.pauseReason),
                \(settings.updatedAt))
            ON CONFLICT (id) DO UPDATE SET rate_per_second = excluded.rate_per_second,
                concurrency = excluded.concurrency, max_attempts = excluded.max_attempts,
                retry_base_seconds = excluded.retry_base_seconds, retry_max_seconds = excluded.retry_max_seconds,
                paused = excluded.paused, pause_reason = excluded.pause_reason, updated_at = excluded.updated_at
            """, logger: logger)
    }

    /// The rows of the instances whose lease ran out; a live instance's rows are never touched.
    public func recoverInterrupted(now: Date, reason: String) async throws -> Int {
        try await PostgresInstances(client: client, logger: logger).resolveGone(now: now, reason: reason).unknown
    }

    public func takeDue(limit: Int, excluding: Set<StoreID>, now: Date) async throws -> [(id: Int64, store: StoreID)] {
        let rows = try await client.query(
            """
            UPDATE messages SET claimed_by = \(instance.id)
            WHERE id IN (
                SELECT id FROM messages
                WHERE state = 'queued' AND claimed_by IS NULL AND next_attempt_at <= \(now)
                    AND NOT (store = ANY(\(excluding.map(\.rawValue))))
                ORDER BY priority, next_attempt_at, id LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            RETURNING id, store, priority, next_attempt_at
            """, logger: logger)
        var taken: [(id: Int64, store: Int64, priority: Int, due: Date)] = []
        for try await (id, store, priority, due) in rows.decode((Int64, Int64, Int, Date).self) {
            taken.append((id, store, priority, due))
        }
        taken.sort { ($0.priority, $0.due, $0.id) < ($1.priority, $1.due, $1.id) }
        return taken.map { (id: $0.id, store: StoreID(rawValue: $0.store)) }
    }

    public func release(ids: [Int64]) async throws {
        try await client.query(
            """
            UPDATE messages SET claimed_by = NULL
            WHERE id = ANY(\(ids)) AND claimed_by = \(instance.id) AND state = 'queued'
            """, logger: logger)
    }

    public func nextDueTime(excluding: Set<StoreID>) async throws -> Date? {
        let rows = try await client.query(
            """
            SELECT min(next_attempt_at) FROM messages
            WHERE state = 'queued' AND claimed_by IS NULL AND NOT (store = ANY(\(excluding.map(\.rawValue))))
            """, logger: logger)
        for try await due in rows.decode(Date?.self) { return due }
        return nil
    }

    public func claim(ids: [Int64], now: Date) async throws -> [MessageRecord] {
        let rows = try await client.query(
            """
            WITH claimed AS (
                UPDATE messages SET state = 'sending', attempts = attempts + 1, updated_at = \(now)
                WHERE id = ANY(\(ids)) AND state = 'queued' AND claimed_by = \(instance.id)
                RETURNING *),
            tries AS (
                INSERT INTO message_attempts (store, message_id, number, started_at)
                SELECT store, id, attempts, \(now) FROM claimed)
            SELECT * FROM claimed
            """, logger: logger)
        var claimed: [MessageRecord] = []
        for try await row in rows { claimed.append(try PostgresRowDecoder.decode(MessageRecord.self, from: row)) }
        return claimed
    }

    public func settle(_ settlements: [Settlement], now: Date) async throws -> [MessageRecord] {
        guard !settlements.isEmpty else { return [] }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let batch = try String(decoding: encoder.encode(settlements.map(SettledRow.init)), as: UTF8.self)
        let rows = try await client.query(
            """
            WITH s AS (
                SELECT * FROM jsonb_to_recordset(\(batch)::jsonb) AS s(id bigint, state text, attempts integer,
                    msgid text, gateway_status integer, gateway_response text, reason text,
                    next_attempt_at double precision, next_status_check_at double precision,
                    updated_at double precision, attempt integer, outcome text, response text, try_status integer,
                    forgets boolean)),
            saved AS (
                UPDATE messages m SET state = s.state, attempts = s.attempts, msgid = s.msgid,
                    gateway_status = s.gateway_status, gateway_response = s.gateway_response, reason = s.reason,
                    next_attempt_at = to_timestamp(s.next_attempt_at),
                    next_status_check_at = to_timestamp(s.next_status_check_at),
                    updated_at = to_timestamp(s.updated_at), claimed_by = NULL
                FROM s WHERE m.id = s.id AND m.state = 'sending' AND m.claimed_by = ANY(\(instance.heldIDs))
                RETURNING m.id),
            finished AS (
                UPDATE message_attempts a SET finished_at = \(now), outcome = s.outcome, response = s.response,
                    gateway_status = s.try_status
                FROM s JOIN saved ON saved.id = s.id
                WHERE a.message_id = s.id AND a.number = s.attempt AND NOT s.forgets),
            forgotten AS (
                DELETE FROM message_attempts a USING s JOIN saved ON saved.id = s.id
                WHERE a.message_id = s.id AND a.number = s.attempt AND s.forgets)
            SELECT id FROM saved
            """, logger: logger)
        var saved = Set<Int64>()
        for try await id in rows.decode(Int64.self) { saved.insert(id) }
        return settlements.map(\.row).filter { $0.id.map(saved.contains) ?? false }
    }

    public func counts(of store: StoreID?) async throws -> [MessageState: Int] {
        let rows =
            if let store {
                try await client.query(
                    "SELECT state, count(*) FROM messages WHERE store = \(store.rawValue) GROUP BY state",
                    logger: logger)
            } else {
                try await client.query("SELECT state, count(*) FROM messages GROUP BY state", logger: logger)
            }
        var counts: [MessageState: Int] = [:]
        for try await (state, count) in rows.decode((String, Int).self) {
            if let state = MessageState(rawValue: state) { counts[state] = count }
        }
        return counts
    }

    public func oldestQueued(of store: StoreID?) async throws -> Date? {
        let rows =
            if let store {
                try await client.query(
                    "SELECT min(created_at) FROM messages WHERE state = 'queued' AND store = \(store.rawValue)",
                    logger: logger)
            } else {
                try await client.query("SELECT min(created_at) FROM messages WHERE state = 'queued'", logger: logger)
            }
        for try await oldest in rows.decode(Date?.self) { return oldest }
        return nil
    }

    public func requeue(ids: [Int64], store: StoreID, now: Date, reason: String) async throws -> [(
        Int64, RetryOutcome
    )] {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT id, state FROM messages WHERE id = ANY(\(ids)) AND store = \(store.rawValue) FOR UPDATE",
                logger: logger)
            var states: [Int64: MessageState] = [:]
            for try await (id, state) in rows.decode((Int64, String).self) {
                states[id] = MessageState(rawValue: state)
            }
            let outcomes = ids.map { id -> (Int64, RetryOutcome) in
                guard let state = states[id] else { return (id, .notFound) }
                return (id, state.canBeRetried ? .queued : .notRetriable(state))
            }
            let again = outcomes.filter { $0.1 == .queued }.map(\.0)
            if !again.isEmpty {
                try await connection.query(
                    """
                    UPDATE messages SET state = 'queued', next_attempt_at = \(now), reason = \(reason),
                        updated_at = \(now), claimed_by = NULL
                    WHERE id = ANY(\(again))
                    """, logger: logger)
                try await connection.query(PostgresDoorbells.notify(.queued), logger: logger)
            }
            return outcomes
        }
    }

    public func sharingSenders() async throws -> Int {
        max(1, try await PostgresInstances(client: client, logger: logger).live())
    }
}

/// One settlement as the batch update reads it (JSON with snake-case keys; times in Unix seconds).
private struct SettledRow: Encodable {
    let id: Int64?
    let state: String
    let attempts: Int
    let msgid: String?
    let gatewayStatus: Int?
    let gatewayResponse: String?
    let reason: String?
    let nextAttemptAt: Double?
    let nextStatusCheckAt: Double?
    let updatedAt: Double
    let attempt: Int
    let outcome: String
    let response: String?
    let tryStatus: Int?
    let forgets: Bool

    init(_ settlement: Settlement) {
        let row = settlement.row
        id = row.id
        state = row.state.rawValue
        attempts = row.attempts
        msgid = row.msgid
        gatewayStatus = row.gatewayStatus
        gatewayResponse = row.gatewayResponse
        reason = row.reason
        nextAttemptAt = row.nextAttemptAt?.timeIntervalSince1970
        nextStatusCheckAt = row.nextStatusCheckAt?.timeIntervalSince1970
        updatedAt = row.updatedAt.timeIntervalSince1970
        attempt = settlement.attempt
        outcome = settlement.outcome
        response = settlement.response
        tryStatus = settlement.gatewayStatus
        forgets = settlement.forgetsAttempt
    }
}
