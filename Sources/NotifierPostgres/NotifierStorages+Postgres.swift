import Foundation
import Logging
import Notifier
import PostgresNIO
import ServiceLifecycle

extension NotifierStorages {
    /// The storages over the PostgreSQL database `client` reaches (migrated), as the instance `instance`:
    /// its lease kept by ``InstanceLeases``, the other instances' work announced by ``PostgresDoorbells``, and
    /// the loops that must run once run by the ``PostgresLeader``.
    public static func postgres(
        client: PostgresClient, instance: PostgresInstance, location: PostgresLocation, logger: Logger
    ) -> NotifierStorages {
        NotifierStorages(
            location: location.description, storeTokens: PostgresStoreTokenStorage(client: client, logger: logger),
            endpointSecrets: PostgresEndpointSecretsStorage(client: client, logger: logger),
            appSettings: PostgresAppSettingsStorage(client: client, logger: logger),
            directory: PostgresStoreDirectoryStorage(client: client, logger: logger),
            accounts: PostgresAccountSettingsStorage(client: client, logger: logger),
            storeSettings: PostgresStoreSettingsStorage(client: client, logger: logger),
            notifications: PostgresNotificationStorage(client: client, logger: logger),
            outbox: PostgresOutboxStorage(client: client, instance: instance, logger: logger),
            events: PostgresEventStorage(client: client, instance: instance, logger: logger),
            delivery: PostgresDeliveryStorage(client: client, logger: logger),
            consoleSessions: PostgresConsoleSessionStorage(client: client, logger: logger),
            history: PostgresHistoryStorage(client: client, logger: logger),
            retention: PostgresHistoryStorage(client: client, logger: logger),
            customers: PostgresCustomerStorage(client: client, logger: logger),
            optOuts: PostgresOptOutStorage(client: client, logger: logger),
            broadcasts: PostgresBroadcastStorage(client: client, logger: logger),
            balanceAlerts: PostgresBalanceAlertStorage(client: client, logger: logger),
            quietHours: PostgresQuietHoursStorage(client: client, logger: logger),
            backgroundServices: { received, queued in
                [
                    InstanceLeases(client: client, instance: instance, logger: logger),
                    PostgresDoorbells(client: client, queued: queued, received: received, logger: logger),
                ]
            },
            onOneInstance: { services in [PostgresLeader(client: client, services: services, logger: logger)] },
            writeCheck: {
                for try await writable in try await client.query(
                    "SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off'",
                    logger: logger
                ).decode(Bool.self) where !writable {
                    throw PostgresReadOnly()
                }
            },
            inspect: { try await inspection(client: client, location: location, logger: logger) })
    }

    /// The server's version, the database's size, the last migration, and whether it takes writes. PostgreSQL
    /// keeps its own checksums: no integrity check is run.
    public static func inspection(client: PostgresClient, location: PostgresLocation, logger: Logger) async throws
        -> DatabaseInspection
    {
        let rows = try await client.query(
            """
            SELECT current_setting('server_version'), pg_database_size(current_database()),
                (SELECT name FROM schema_migrations ORDER BY applied_at DESC, name DESC LIMIT 1),
                NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off'
            """, logger: logger)
        for try await (version, bytes, schema, writable) in rows.decode((String, Int64, String?, Bool).self) {
            return DatabaseInspection(
                engine: "PostgreSQL \(version)", location: location.description, bytes: bytes, journalMode: nil,
                integrityProblems: nil, schema: schema, writable: writable)
        }
        throw PostgresReadOnly()
    }
}

/// The server takes no writes: a standby, or a read-only session.
struct PostgresReadOnly: Error, CustomStringConvertible {
    var description: String { "the PostgreSQL server is read-only (a standby, or default_transaction_read_only)" }
}
