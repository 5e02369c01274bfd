import Foundation
import GRDB

/// The outbox's reads and writes: every change of a row's state is one transaction.
struct OutboxStore: Sendable {
    let database: AppDatabase

    /// The stored settings, or the defaults (saved) when there are none yet.
    func settings(now: Date) async throws -> OutboxSettings {
        try await database.writer.write { db in
            if let stored = try OutboxSettings.fetchOne(db) { return stored }
            let defaults = OutboxSettings.defaults(now: now)
            try defaults.insert(db)
            return defaults
        }
    }

    func save(_ settings: OutboxSettings) async throws {
        try await database.writer.write { db in try settings.save(db) }
    }

    /// Rows left `sending` by a service that stopped: their request may or may not have reached the gateway,
    /// so they become `unknown`, never resent silently. Returns how many.
    func recoverInterrupted(now: Date) async throws -> Int {
        try await database.writer.write { db in
            let reason = "the service stopped while sending; not resent, to avoid a duplicate SMS"
            try db.execute(
                sql: """
                    UPDATE message_attempts SET outcome = 'unknown', finished_at = ?, response = ?
                    WHERE finished_at IS NULL AND message_id IN (SELECT id FROM messages WHERE state = 'sending')
                    """, arguments: [now, reason])
            try db.execute(
                sql: "UPDATE messages SET state = 'unknown', reason = ?, updated_at = ? WHERE state = 'sending'",
                arguments: [reason, now])
            return db.changesCount
        }
    }

    /// The rows due now with their stores, events before broadcasts, oldest first, leaving out the rows of the
    /// stores `excluding` names (held or throttled).
    func dueRows(limit: Int, excluding: Set<StoreID>, now: Date) async throws -> [(id: Int64, store: StoreID)] {
        try await database.writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, store FROM messages WHERE state = 'queued' AND next_attempt_at <= ?
                    \(Self.storeExclusion(excluding)) ORDER BY priority, next_attempt_at, id LIMIT ?
                    """, arguments: [StoredDate.text(now)] + StatementArguments(excluding.map(\.rawValue)) + [limit])
            return rows.map { (id: $0["id"], store: StoreID(rawValue: $0["store"])) }
        }
    }

    /// When the next queued row falls due, leaving out the stores `excluding` names; nil when none is queued.
    func nextDueTime(excluding: Set<StoreID> = []) async throws -> Date? {
        try await database.writer.read { db in
            try Date.fetchOne(
                db,
                sql:
                    "SELECT MIN(next_attempt_at) FROM messages WHERE state = 'queued' \(Self.storeExclusion(excluding))",
                arguments: StatementArguments(excluding.map(\.rawValue)))
        }
    }

    /// `AND store NOT IN (?, …)` for `stores`, or nothing.
    private static func storeExclusion(_ stores: Set<StoreID>) -> String {
        stores.isEmpty ? "" : "AND store NOT IN (" + stores.map { _ in "?" }.joined(separator: ", ") + ")"
    }

    /// Marks the rows `sending` and records their tries, committed before any request leaves (one transaction
    /// for the batch); rows no longer queued (cancelled or taken meanwhile) are left out. Prepared statements
    /// are reused: this is the sender's hot path.
    func claim(ids: [Int64], now: Date) async throws -> [MessageRecord] {
        try await database.writer.write { db in
            let update = try db.cachedStatement(
                sql: """
                    UPDATE messages SET state = 'sending', attempts = attempts + 1, updated_at = ?
                    WHERE id = ? AND state = 'queued' RETURNING *
                    """)
            let attempt = try db.cachedStatement(
                sql: "INSERT INTO message_attempts(store, message_id, number, started_at) VALUES (?, ?, ?, ?)")
            let time = StoredDate.text(now)
            var claimed: [MessageRecord] = []
            for id in ids {
                guard let row = try MessageRecord.fetchOne(update, arguments: [time, id]) else { continue }
                try attempt.execute(arguments: [row.store, id, row.attempts, time])
                claimed.append(row)
            }
            return claimed
        }
    }

    /// Records the outcomes of tries, one transaction for the batch; returns the rows as saved (a row no
    /// longer `sending` is left as it is).
    func settle(
        _ outcomes: [(MessageRecord, SendDecision)], now: Date, statusCheckAfter: Duration?
    ) async throws -> [MessageRecord] {
        try await database.writer.write { db in
            let update = try db.cachedStatement(
                sql: """
                    UPDATE messages SET state = ?, attempts = ?, msgid = ?, gateway_status = ?, gateway_response = ?,
                        reason = ?, next_attempt_at = ?, next_status_check_at = ?, updated_at = ?
                    WHERE id = ? AND state = 'sending'
                    """)
            let finish = try db.cachedStatement(
                sql: """
                    UPDATE message_attempts SET finished_at = ?, outcome = ?, response = ?, gateway_status = ?
                    WHERE message_id = ? AND number = ?
                    """)
            let forget = try db.cachedStatement(
                sql: "DELETE FROM message_attempts WHERE message_id = ? AND number = ?")
            var saved: [MessageRecord] = []
            for (row, decision) in outcomes {
                let (settled, outcome) = Self.settled(row, decision, now: now, statusCheckAfter: statusCheckAfter)
                try update.execute(arguments: [
                    settled.state.rawValue, settled.attempts, settled.msgid, settled.gatewayStatus,
                    settled.gatewayResponse, settled.reason, settled.nextAttemptAt.map(StoredDate.text),
                    settled.nextStatusCheckAt.map(StoredDate.text), StoredDate.text(settled.updatedAt), settled.id,
                ])
                guard db.changesCount == 1 else { continue }
                if case .holdForBalance = decision {
                    // The try did not count: its record goes, so that numbers stay in step with `attempts`.
                    try forget.execute(arguments: [row.id, row.attempts])
                } else {
                    let (response, status) = Self.words(of: decision)
                    try finish.execute(arguments: [
                        StoredDate.text(now), outcome, response, status, row.id, row.attempts,
                    ])
                }
                saved.append(settled)
            }
            return saved
        }
    }

    /// The row as `decision` leaves it, and the try's outcome in a word.
    private static func settled(
        _ row: MessageRecord, _ decision: SendDecision, now: Date, statusCheckAfter: Duration?
    ) -> (MessageRecord, String) {
        var current = row
        let outcome: String
        switch decision {
        case .sent(let msgid):
            current.state = .sent
            current.msgid = msgid
            current.gatewayStatus = 0
            current.gatewayResponse = "Message sent"
            current.reason = nil
            current.nextStatusCheckAt = statusCheckAfter.map { now.addingTimeInterval($0.seconds) }
            outcome = "sent"
        case .retry(let delay, let response, let status, _):
            current.state = .queued
            current.nextAttemptAt = now.addingTimeInterval(delay.seconds)
            current.gatewayResponse = response
            current.gatewayStatus = status
            outcome = "retry"
        case .failed(let response, let status, let reason):
            current.state = .failed
            current.gatewayResponse = response
            current.gatewayStatus = status
            current.reason = reason
            outcome = "failed"
        case .holdForBalance(let response, let status):
            current.state = .queued
            current.attempts -= 1
            current.gatewayResponse = response
            current.gatewayStatus = status
            outcome = "held"
        case .unknown(let reason):
            current.state = .unknown
            current.reason = reason
            outcome = "unknown"
        }
        current.updatedAt = now
        return (current, outcome)
    }

    static func words(of decision: SendDecision) -> (String?, Int?) {
        switch decision {
        case .sent: ("Message sent", 0)
        case .retry(_, let response, let status, _): (response, status)
        case .failed(let response, let status, _): (response, status)
        case .holdForBalance(let response, let status): (response, status)
        case .unknown(let reason): (reason, nil)
        }
    }

    /// How many rows (of `store`, or of every store when nil) are in each state.
    func counts(of store: StoreID?) async throws -> [MessageState: Int] {
        try await database.writer.read { db in
            var counts: [MessageState: Int] = [:]
            let rows =
                if let store {
                    try Row.fetchAll(
                        db, sql: "SELECT state, COUNT(*) AS count FROM messages WHERE store = ? GROUP BY state",
                        arguments: [store.rawValue])
                } else {
                    try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS count FROM messages GROUP BY state")
                }
            for row in rows {
                if let state = MessageState(rawValue: row["state"]) { counts[state] = row["count"] }
            }
            return counts
        }
    }

    /// When the oldest row still queued (of `store`, or of every store when nil) was made.
    func oldestQueued(of store: StoreID?) async throws -> Date? {
        try await database.writer.read { db in
            if let store {
                return try Date.fetchOne(
                    db, sql: "SELECT MIN(created_at) FROM messages WHERE state = 'queued' AND store = ?",
                    arguments: [store.rawValue])
            }
            return try Date.fetchOne(db, sql: "SELECT MIN(created_at) FROM messages WHERE state = 'queued'")
        }
    }

    /// Queues `store`'s rows again that may be retried; the outcome for each id.
    func requeue(ids: [Int64], store: StoreID, now: Date) async throws -> [(Int64, RetryOutcome)] {
        try await database.writer.write { db in
            try ids.map { id -> (Int64, RetryOutcome) in
                guard var row = try MessageRecord.fetchOne(db, key: id), row.store == store.rawValue else {
                    return (id, .notFound)
                }
                guard row.state.canBeRetried else { return (id, .notRetriable(row.state)) }
                try row.updateChanges(db) { row in
                    row.state = .queued
                    row.nextAttemptAt = now
                    row.reason = "sent again at an admin's request"
                    row.updatedAt = now
                }
                return (id, .queued)
            }
        }
    }
}

/// What `messages.retry` did with one id.
public enum RetryOutcome: Sendable, Equatable {
    case queued
    case notFound
    /// Only `failed`, `unknown` and `expired` rows are sent again.
    case notRetriable(MessageState)
}

extension Duration {
    /// The duration in seconds, fractions included.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
