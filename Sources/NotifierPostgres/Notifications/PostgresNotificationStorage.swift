import Foundation
import Logging
import Notifier
import PostgresNIO

/// The notification settings in PostgreSQL. A change takes its store's advisory lock first, so that changes of
/// one store made together on several instances apply one after the other.
public struct PostgresNotificationStorage: NotificationStorage {
    let client: PostgresClient
    let logger: Logger
    /// The advisory locks' first key: "noti" in ASCII; the second is the store's id.
    static let lockClass: Int32 = 0x6e6f_7469

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func stored(_ audience: Audience, of store: StoreID) async throws -> StoredNotifications {
        try await client.withConnection { connection in
            try await Self.read(audience, of: store, on: connection, logger: logger)
        }
    }

    public func apply(_ write: NotificationWrite) async throws -> StoredNotifications {
        try await client.transaction(logger: logger) { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(Self.lockClass), \(Int32(clamping: write.store.rawValue)))",
                logger: logger)
            let before = try await Self.read(write.audience, of: write.store, on: connection, logger: logger)
            for (event, change) in write.events {
                let applied = NotificationWrite.applied(change, to: before.events[event.rawValue])
                try await connection.query(
                    """
                    INSERT INTO notification_events (store, audience, event, enabled, template, status_changes_only,
                        updated_at)
                    VALUES (\(write.store.rawValue), \(write.audience.rawValue), \(event.rawValue), \(applied.enabled),
                        \(applied.template), \(applied.statusChangesOnly), \(write.now))
                    ON CONFLICT (store, audience, event) DO UPDATE SET enabled = excluded.enabled,
                        template = excluded.template, status_changes_only = excluded.status_changes_only,
                        updated_at = excluded.updated_at
                    """, logger: logger)
            }
            if let numbers = write.adminNumbers {
                try await connection.query(
                    "DELETE FROM admin_numbers WHERE store = \(write.store.rawValue)", logger: logger)
                for (position, number) in numbers.enumerated() {
                    try await connection.query(
                        """
                        INSERT INTO admin_numbers (store, position, number, typed)
                        VALUES (\(write.store.rawValue), \(position), \(number.number), \(number.typed))
                        """, logger: logger)
                }
            }
            return try await Self.read(write.audience, of: write.store, on: connection, logger: logger)
        }
    }

    private static func read(
        _ audience: Audience, of store: StoreID, on connection: PostgresConnection, logger: Logger
    ) async throws -> StoredNotifications {
        var events: [String: StoredNotifications.Event] = [:]
        for try await (event, enabled, template, only) in try await connection.query(
            """
            SELECT event, enabled, template, status_changes_only FROM notification_events
            WHERE store = \(store.rawValue) AND audience = \(audience.rawValue)
            """, logger: logger
        ).decode((String, Bool, String?, Bool?).self) {
            events[event] = StoredNotifications.Event(enabled: enabled, template: template, statusChangesOnly: only)
        }
        var numbers: [AudienceSettings.AdminNumber] = []
        if audience == .admin {
            for try await (number, typed) in try await connection.query(
                "SELECT number, typed FROM admin_numbers WHERE store = \(store.rawValue) ORDER BY position",
                logger: logger
            ).decode((String, String).self) {
                numbers.append(AudienceSettings.AdminNumber(number: number, typed: typed))
            }
        }
        return StoredNotifications(events: events, adminNumbers: numbers)
    }
}
