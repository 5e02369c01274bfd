import Foundation
import Logging
import Notifier
import PostgresNIO

/// The quiet hours in PostgreSQL.
public struct PostgresQuietHoursStorage: QuietHoursStorage {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func load(of store: StoreID) async throws -> QuietHours? {
        let rows = try await client.query(
            """
            SELECT window_start, window_end, store_time_zone, events, updated_at FROM quiet_hours
            WHERE id = \(store.rawValue)
            """, logger: logger)
        for try await (start, end, zone, events, updated) in rows.decode((Int?, Int?, String, String, Date).self) {
            return QuietHoursRow(
                id: store.rawValue, windowStart: start, windowEnd: end, storeTimeZone: zone, events: events,
                updatedAt: updated
            ).hours
        }
        return nil
    }

    public func save(_ hours: QuietHours, of store: StoreID, releaseAt now: Date) async throws {
        let row = QuietHoursRow(hours, of: store, now: now)
        var release = PostgresBindings()
        release.append(now)
        release.append(store.rawValue)
        let releaseHeld = PostgresQuery(unsafeSQL: QuietHoursSQL.releaseHeld { "$\($0)" }, binds: release)
        try await client.transaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO quiet_hours (id, window_start, window_end, store_time_zone, events, updated_at)
                VALUES (\(row.id), \(row.windowStart), \(row.windowEnd), \(row.storeTimeZone), \(row.events),
                    \(row.updatedAt))
                ON CONFLICT (id) DO UPDATE SET window_start = excluded.window_start, window_end = excluded.window_end,
                    store_time_zone = excluded.store_time_zone, events = excluded.events, updated_at = excluded.updated_at
                """, logger: logger)
            try await connection.query(releaseHeld, logger: logger)
        }
    }
}
