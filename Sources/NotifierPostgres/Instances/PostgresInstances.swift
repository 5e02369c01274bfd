import Foundation
import Logging
import PostgresNIO

/// The instances sharing a database, as each of them sees the others: whose lease ran out, and what becomes of
/// the rows they had taken.
struct PostgresInstances: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// What resolving the instances that are gone did.
    struct Resolved: Sendable, Equatable {
        /// Instances forgotten.
        var instances = 0
        /// Rows that were `sending`: now `unknown`.
        var unknown = 0
        /// Rows only taken, and events being processed: given back.
        var released = 0
    }

    /// Forgets every instance whose lease ran out and resolves the rows no live instance holds, in one
    /// transaction: rows left `sending` become `unknown` with `reason` (their request may have reached the
    /// gateway: never resent silently), rows only taken go back to the queue, events being processed are given
    /// back. A row `sending` that no instance holds at all (written by hand, or by a build before instances) is
    /// resolved the same way. Instances resolving together skip each other's work (`SKIP LOCKED`).
    func resolveGone(now: Date, reason: String) async throws -> Resolved {
        try await client.transaction(logger: logger) { connection in
            var resolved = Resolved()
            for try await count in try await connection.query(
                """
                WITH gone AS (
                    DELETE FROM instances WHERE id IN (
                        SELECT id FROM instances WHERE lease_until < clock_timestamp() FOR UPDATE SKIP LOCKED)
                    RETURNING id)
                SELECT count(*) FROM gone
                """, logger: logger
            ).decode(Int.self) {
                resolved.instances = count
            }
            let orphan = "NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = claimed_by)"
            // One statement, rows before their attempts (the order claims and settlements lock them in).
            for try await count in try await connection.query(
                """
                WITH unknown AS (
                    UPDATE messages SET state = 'unknown', reason = \(reason), updated_at = \(now), claimed_by = NULL
                    WHERE state = 'sending' AND (claimed_by IS NULL OR \(unescaped: orphan)) RETURNING id),
                attempts AS (
                    UPDATE message_attempts SET outcome = 'unknown', finished_at = \(now), response = \(reason)
                    WHERE finished_at IS NULL AND message_id IN (SELECT id FROM unknown)),
                released AS (
                    UPDATE messages SET claimed_by = NULL
                    WHERE claimed_by IS NOT NULL AND state <> 'sending' AND \(unescaped: orphan) RETURNING id),
                events AS (
                    UPDATE events SET claimed_by = NULL WHERE claimed_by IS NOT NULL AND \(unescaped: orphan)
                    RETURNING id)
                SELECT (SELECT count(*) FROM unknown), (SELECT count(*) FROM released) + (SELECT count(*) FROM events)
                """, logger: logger
            ).decode((Int, Int).self) {
                (resolved.unknown, resolved.released) = count
            }
            if resolved.released > 0 {
                try await connection.query(PostgresDoorbells.notify(.queued), logger: logger)
                try await connection.query(PostgresDoorbells.notify(.received), logger: logger)
            }
            return resolved
        }
    }

    /// Renews `instance`'s lease; false when it was gone already (the others may have resolved its rows).
    func renew(_ instance: PostgresInstance) async throws -> Bool {
        var renewed = false
        for try await _ in try await client.query(
            """
            UPDATE instances SET lease_until = clock_timestamp() + \(instance.leaseMilliseconds) * interval '1 millisecond'
            WHERE id = \(instance.id) RETURNING id
            """, logger: logger
        ).decode(Int64.self) {
            renewed = true
        }
        return renewed
    }

    /// How many instances hold a lease now.
    func live() async throws -> Int {
        for try await count in try await client.query(
            "SELECT count(*) FROM instances WHERE lease_until >= clock_timestamp()", logger: logger
        ).decode(Int.self) {
            return count
        }
        return 0
    }

    /// Ends `instance`'s lease at a clean stop and resolves what it still holds at once, so that the others need
    /// not wait for its lease to run out.
    func leave(_ instance: PostgresInstance, now: Date, reason: String) async throws {
        try await client.query(
            "UPDATE instances SET lease_until = '-infinity' WHERE id = \(instance.id)", logger: logger)
        _ = try await resolveGone(now: now, reason: reason)
    }
}
