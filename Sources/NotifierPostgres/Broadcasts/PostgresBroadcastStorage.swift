import Foundation
import Logging
import Notifier
import PostgresNIO

/// The broadcasts in PostgreSQL, shared by every instance. Any instance's writer may take a broadcast's next
/// batch: it locks the broadcast's row (`FOR UPDATE SKIP LOCKED`) and checks its progress in the transaction
/// that inserts the rows and moves the progress on, so that a batch is written by one writer only; a writer that
/// finds the row locked or moved on leaves that broadcast to the one that has it. Rows queued notify every
/// instance's sender (``PostgresDoorbells``) when they commit.
public struct PostgresBroadcastStorage: BroadcastStorage {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Every column but the planned recipients, which can be megabytes.
    static let summary =
        "id, store, message, sender, audience, '' AS recipients, state, idempotency_key, schedule_at, written, "
        + "recipient_count, to_send, skipped, duplicates, parts, encoding, created_at, started_at, finished_at, "
        + "updated_at, unit_cost, currency"

    public func read(_ plan: BroadcastPlan, store: StoreID) async throws -> BroadcastPlan {
        try await client.transaction(logger: logger) { connection in
            // One look, as SQLite's read transaction: the opt-outs and the customers as of the same moment.
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            var plan = plan
            var optedOut = Set<String>()
            for try await number in try await connection.query(
                "SELECT number FROM opt_outs WHERE store = \(store.rawValue)", logger: logger
            ).decode(String.self) {
                optedOut.insert(number)
            }
            plan.readOptedOut(optedOut)
            let rows: PostgresRowSequence? =
                switch plan.customers {
                case .none: nil
                case .all:
                    try await connection.query(
                        """
                        SELECT id, phone, phone_digits, phone_reason FROM customers WHERE store = \(store.rawValue)
                        ORDER BY id
                        """, logger: logger)
                case .ids(let ids):
                    try await connection.query(
                        """
                        SELECT id, phone, phone_digits, phone_reason FROM customers
                        WHERE store = \(store.rawValue) AND id = ANY(\(ids))
                        """, logger: logger)
                }
            if let rows {
                for try await (id, phone, digits, reason) in rows.decode((Int64, String?, String?, String?).self) {
                    plan.read(customerID: id, phone: phone, phoneDigits: digits, phoneReason: reason)
                }
            }
            plan.finish()
            return plan
        }
    }

    public func broadcast(idempotencyKey key: String, store: StoreID) async throws -> BroadcastRecord? {
        try await Self.first(
            client.query(
                """
                SELECT \(unescaped: Self.summary) FROM broadcasts
                WHERE store = \(store.rawValue) AND idempotency_key = \(key)
                """, logger: logger))
    }

    public func insert(_ record: BroadcastRecord) async throws -> (broadcast: BroadcastRecord, created: Bool) {
        if let inserted = try await Self.first(
            client.query(
                """
                INSERT INTO broadcasts (store, message, sender, audience, recipients, state, idempotency_key,
                    schedule_at, written, recipient_count, to_send, skipped, duplicates, parts, encoding, created_at,
                    started_at, finished_at, updated_at, unit_cost, currency)
                VALUES (\(record.store), \(record.message), \(record.sender), \(record.audience), \(record.recipients),
                    \(record.state.rawValue), \(record.idempotencyKey), \(record.scheduleAt), \(record.written),
                    \(record.recipientCount), \(record.toSend), \(record.skipped), \(record.duplicates),
                    \(record.parts), \(record.encoding), \(record.createdAt), \(record.startedAt), \(record.finishedAt),
                    \(record.updatedAt), \(record.unitCost), \(record.currency))
                ON CONFLICT (store, idempotency_key) DO NOTHING
                RETURNING \(unescaped: Self.summary)
                """, logger: logger))
        {
            return (inserted, true)
        }
        // The same key stored meanwhile (by this instance or another): that one stands.
        guard let key = record.idempotencyKey,
            let earlier = try await broadcast(idempotencyKey: key, store: StoreID(rawValue: record.store))
        else { throw PostgresStorageError("the broadcast was neither stored nor found") }
        return (earlier, false)
    }

    public func status(id: Int64, store: StoreID) async throws -> BroadcastService.Status? {
        try await client.withConnection { connection in
            try await Self.status(id: id, store: store, on: connection, logger: logger)
        }
    }

    public func list(limit: Int, before: Int64?, store: StoreID) async throws -> [BroadcastService.Status] {
        var broadcasts: [BroadcastRecord] = []
        for try await row in try await client.query(
            """
            SELECT \(unescaped: Self.summary) FROM broadcasts
            WHERE store = \(store.rawValue) AND id < \(before ?? Int64.max) ORDER BY id DESC LIMIT \(limit)
            """, logger: logger)
        {
            broadcasts.append(try PostgresRowDecoder.decode(BroadcastRecord.self, from: row))
        }
        var counts: [Int64: [MessageState: Int]] = [:]
        for try await (broadcast, state, count) in try await client.query(
            """
            SELECT broadcast_id, state, count(*) FROM messages
            WHERE store = \(store.rawValue) AND broadcast_id = ANY(\(broadcasts.compactMap(\.id)))
            GROUP BY broadcast_id, state
            """, logger: logger
        ).decode((Int64, String, Int).self) {
            if let state = MessageState(rawValue: state) { counts[broadcast, default: [:]][state] = count }
        }
        return broadcasts.map { BroadcastService.Status(broadcast: $0, messages: $0.id.flatMap { counts[$0] } ?? [:]) }
    }

    private static func status(id: Int64, store: StoreID, on connection: PostgresConnection, logger: Logger)
        async throws -> BroadcastService.Status?
    {
        guard
            let record = try await first(
                connection.query(
                    "SELECT \(unescaped: summary) FROM broadcasts WHERE id = \(id) AND store = \(store.rawValue)",
                    logger: logger))
        else { return nil }
        var counts: [MessageState: Int] = [:]
        for try await (state, count) in try await connection.query(
            """
            SELECT state, count(*) FROM messages WHERE broadcast_id = \(id) AND store = \(store.rawValue)
            GROUP BY state
            """, logger: logger
        ).decode((String, Int).self) {
            if let state = MessageState(rawValue: state) { counts[state] = count }
        }
        return BroadcastService.Status(broadcast: record, messages: counts)
    }

    public func change(
        id: Int64, store: StoreID, now: Date,
        _ decide: @Sendable (BroadcastRecord) throws -> BroadcastStateChange
    ) async throws -> BroadcastService.Status? {
        try await client.transaction(logger: logger) { connection in
            // Locked: a writer's batch of it commits before (its rows are changed too) or waits for this change.
            guard
                let record = try await Self.first(
                    connection.query(
                        """
                        SELECT \(unescaped: Self.summary) FROM broadcasts WHERE id = \(id) AND store = \(store.rawValue)
                        FOR UPDATE
                        """, logger: logger))
            else { return nil }
            let change = try decide(record)
            switch change.queuedRows {
            case .hold:
                try await connection.query(
                    """
                    UPDATE messages SET next_attempt_at = NULL, updated_at = \(now)
                    WHERE broadcast_id = \(id) AND store = \(store.rawValue) AND state = 'queued'
                    """, logger: logger)
            case .release(let due):
                try await connection.query(
                    """
                    UPDATE messages SET next_attempt_at = \(due), updated_at = \(now)
                    WHERE broadcast_id = \(id) AND store = \(store.rawValue) AND state = 'queued'
                        AND next_attempt_at IS NULL
                    """, logger: logger)
                try await connection.query(PostgresDoorbells.notify(.queued), logger: logger)
            case .cancel:
                try await connection.query(
                    """
                    UPDATE messages SET state = 'cancelled', next_attempt_at = NULL,
                        reason = 'the broadcast was cancelled', updated_at = \(now)
                    WHERE broadcast_id = \(id) AND store = \(store.rawValue) AND state = 'queued'
                    """, logger: logger)
            }
            try await connection.query(
                """
                UPDATE broadcasts SET state = \(change.state.rawValue), finished_at = \(change.finishedAt),
                    updated_at = \(now)
                WHERE id = \(id)
                """, logger: logger)
            return try await Self.status(id: id, store: store, on: connection, logger: logger)
        }
    }

    public func rows(of id: Int64, in states: [MessageState], store: StoreID) async throws -> [Int64]? {
        try await client.withConnection { connection in
            var found = false
            for try await _ in try await connection.query(
                "SELECT 1 FROM broadcasts WHERE id = \(id) AND store = \(store.rawValue)", logger: logger)
            {
                found = true
            }
            guard found else { return nil }
            var ids: [Int64] = []
            for try await row in try await connection.query(
                """
                SELECT id FROM messages
                WHERE broadcast_id = \(id) AND store = \(store.rawValue) AND state = ANY(\(states.map(\.rawValue)))
                ORDER BY id
                """, logger: logger
            ).decode(Int64.self) {
                ids.append(row)
            }
            return ids
        }
    }

    public func reopen(id: Int64, store: StoreID, now: Date) async throws {
        try await client.query(
            """
            UPDATE broadcasts SET state = 'running', finished_at = NULL, updated_at = \(now)
            WHERE id = \(id) AND store = \(store.rawValue) AND state = 'finished'
            """, logger: logger)
    }

    public func toWrite() async throws -> [Int64] {
        var ids: [Int64] = []
        for try await id in try await client.query(
            """
            SELECT id FROM broadcasts WHERE state IN ('writing', 'paused') AND written < recipient_count ORDER BY id
            """, logger: logger
        ).decode(Int64.self) {
            ids.append(id)
        }
        return ids
    }

    public func forWriting(id: Int64) async throws -> (broadcast: BroadcastRecord, recipients: String)? {
        for try await row in try await client.query("SELECT * FROM broadcasts WHERE id = \(id)", logger: logger) {
            let record = try PostgresRowDecoder.decode(BroadcastRecord.self, from: row)
            return (record, record.recipients)
        }
        return nil
    }

    public func writeBatch(
        of id: Int64, from: Int, to end: Int, finished: Bool, now: Date,
        rows: @Sendable (BroadcastRecord.State) -> [MessageRecord]
    ) async throws -> Int? {
        try await client.transaction(logger: logger) { connection -> Int? in
            // The batch is this writer's only if nobody holds the broadcast and its progress is still `from`.
            var committed: (state: BroadcastRecord.State, written: Int)?
            for try await (state, written) in try await connection.query(
                "SELECT state, written FROM broadcasts WHERE id = \(id) FOR UPDATE SKIP LOCKED", logger: logger
            ).decode((String, Int).self) {
                committed = BroadcastRecord.State(rawValue: state).map { ($0, written) }
            }
            guard let committed, committed.state == .writing || committed.state == .paused,
                committed.written == from
            else { return nil }
            let messages = rows(committed.state)
            try await PostgresMessageRows.insert(messages, on: connection, logger: logger)
            try await connection.query(
                """
                UPDATE broadcasts SET written = \(end),
                    state = CASE WHEN \(finished) AND state = 'writing' THEN 'running' ELSE state END,
                    started_at = coalesce(started_at, \(now)), updated_at = \(now)
                WHERE id = \(id)
                """, logger: logger)
            if messages.contains(where: { $0.state == .queued }) {
                try await connection.query(PostgresDoorbells.notify(.queued), logger: logger)
            }
            return end
        }
    }

    public func markFinished(now: Date) async throws {
        try await client.query(
            """
            UPDATE broadcasts SET state = 'finished', finished_at = \(now), updated_at = \(now)
            WHERE state = 'running' AND written >= recipient_count
                AND NOT EXISTS (SELECT 1 FROM messages WHERE broadcast_id = broadcasts.id
                    AND state IN ('queued', 'sending'))
            """, logger: logger)
    }

    /// The first broadcast `rows` holds.
    private static func first(_ rows: PostgresRowSequence) async throws -> BroadcastRecord? {
        for try await row in rows { return try PostgresRowDecoder.decode(BroadcastRecord.self, from: row) }
        return nil
    }
}
