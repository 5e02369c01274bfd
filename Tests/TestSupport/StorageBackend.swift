import Foundation
import GRDB
import Logging
import Notifier
import NotifierPostgres
import PostgresNIO
import Testing

/// The backends a domain suite runs on, each as a test argument: SQLite always, PostgreSQL when the tests were
/// given a cluster (`scripts/test` always gives one).
public enum StorageBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// The backends of this run.
    public static var available: [StorageBackend] {
        PostgresTestDatabase.url == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public var testDescription: String { rawValue }

    /// Storages on a fresh, migrated database of this backend, with a second store (id 2) beside store 1.
    public struct Storages: Sendable {
        public let storeTokens: any StoreTokenStorage
        public let endpointSecrets: any EndpointSecretsStorage
        public let appSettings: any AppSettingsStorage
        public let directory: any StoreDirectoryStorage
        public let accounts: any AccountSettingsStorage
        /// The outbox as one more sender sees it, whose lease (on PostgreSQL) lasts `lease`: each call is another
        /// instance on the same database (on SQLite, another look at the one service's outbox).
        public let outbox: @Sendable (_ lease: Duration) async throws -> any OutboxStorage
        /// The events as one more processor sees them, whose lease (on PostgreSQL) lasts `lease`: each call is
        /// another instance on the same database.
        public let events: @Sendable (_ lease: Duration) async throws -> any EventStorage
        public let notifications: any NotificationStorage
        public let delivery: any DeliveryStorage
        public let storeSettings: any StoreSettingsStorage
        public let consoleSessions: any ConsoleSessionStorage
        public let history: any HistoryStorage
        public let retention: any HistoryRetentionStorage
        /// Inserts SMS rows as they are (set-up rows), outside the storages.
        public let insert: @Sendable ([MessageRecord]) async throws -> Void
        public let customers: any CustomerStorage
        public let optOuts: any OptOutStorage
        /// The broadcasts; on PostgreSQL, each writer over it is as another instance's.
        public let broadcasts: any BroadcastStorage
        public let balanceAlerts: any BalanceAlertStorage
        public let quietHours: any QuietHoursStorage
        /// Every SMS row, oldest first.
        public let messages: @Sendable () async throws -> [MessageRecord]
        /// Runs SQL both backends take (set-up rows), outside the storages.
        public let execute: @Sendable (String) async throws -> Void
        /// The first column of the first row of SQL both backends take, as a whole number.
        public let count: @Sendable (String) async throws -> Int
        /// The PostgreSQL database's client (nil on SQLite), for what only PostgreSQL has (its notifications).
        public var postgres: PostgresClient? = nil
    }

    /// Runs `body` with storages over a fresh database, then drops it.
    public func with<Result: Sendable>(_ body: (Storages) async throws -> Result) async throws -> Result {
        switch self {
        case .sqlite:
            let database = try AppDatabase.open(
                path: try Fixtures.temporaryFolder().appendingPathComponent("db.sqlite").path)
            try await database.writer.write { db in
                try db.execute(
                    sql: "INSERT INTO stores (store_hash, api_url, updated_at) VALUES ('second', 'u', ?)",
                    arguments: [Date()])
            }
            return try await body(
                Storages(
                    storeTokens: SQLiteStoreTokenStorage(database: database),
                    endpointSecrets: SQLiteEndpointSecretsStorage(database: database),
                    appSettings: SQLiteAppSettingsStorage(database: database),
                    directory: SQLiteStoreDirectoryStorage(database: database),
                    accounts: SQLiteAccountSettingsStorage(database: database),
                    outbox: { _ in SQLiteOutboxStorage(database: database) },
                    events: { _ in SQLiteEventStorage(database: database) },
                    notifications: SQLiteNotificationStorage(database: database),
                    delivery: SQLiteDeliveryStorage(database: database),
                    storeSettings: SQLiteStoreSettingsStorage(database: database),
                    consoleSessions: SQLiteConsoleSessionStorage(database: database),
                    history: SQLiteHistoryStorage(database: database),
                    retention: SQLiteHistoryStorage(database: database),
                    insert: { records in
                        try await database.writer.write { db in
                            for var record in records { try record.insert(db) }
                        }
                    },
                    customers: SQLiteCustomerStorage(database: database),
                    optOuts: SQLiteOptOutStorage(database: database),
                    broadcasts: SQLiteBroadcastStorage(database: database),
                    balanceAlerts: SQLiteBalanceAlertStorage(database: database),
                    quietHours: SQLiteQuietHoursStorage(database: database),
                    messages: {
                        try await database.writer.read { db in
                            try MessageRecord.order(MessageRecord.Columns.id).fetchAll(db)
                        }
                    },
                    execute: { sql in try await database.writer.write { db in try db.execute(sql: sql) } },
                    count: { sql in try await database.writer.read { db in try Int.fetchOne(db, sql: sql) ?? 0 } }))
        case .postgres:
            return try await PostgresTestDatabase.withFreshDatabase { location in
                try await PostgresTestDatabase.withClient(location) { client in
                    try await PostgresMigrator().migrate(client, logger: PostgresTestDatabase.logger)
                    try await client.query(
                        "INSERT INTO stores (store_hash, api_url, updated_at) VALUES ('second', 'u', now())",
                        logger: PostgresTestDatabase.logger)
                    let logger = PostgresTestDatabase.logger
                    return try await body(
                        Storages(
                            storeTokens: PostgresStoreTokenStorage(client: client, logger: logger),
                            endpointSecrets: PostgresEndpointSecretsStorage(client: client, logger: logger),
                            appSettings: PostgresAppSettingsStorage(client: client, logger: logger),
                            directory: PostgresStoreDirectoryStorage(client: client, logger: logger),
                            accounts: PostgresAccountSettingsStorage(client: client, logger: logger),
                            outbox: { lease in
                                PostgresOutboxStorage(
                                    client: client,
                                    instance: try await PostgresInstance.register(
                                        client: client, lease: lease, logger: logger),
                                    logger: logger)
                            },
                            events: { lease in
                                PostgresEventStorage(
                                    client: client,
                                    instance: try await PostgresInstance.register(
                                        client: client, lease: lease, logger: logger),
                                    logger: logger)
                            },
                            notifications: PostgresNotificationStorage(client: client, logger: logger),
                            delivery: PostgresDeliveryStorage(client: client, logger: logger),
                            storeSettings: PostgresStoreSettingsStorage(client: client, logger: logger),
                            consoleSessions: PostgresConsoleSessionStorage(client: client, logger: logger),
                            history: PostgresHistoryStorage(client: client, logger: logger),
                            retention: PostgresHistoryStorage(client: client, logger: logger),
                            insert: { records in
                                for record in records { try await Self.insert(record, client: client) }
                            },
                            customers: PostgresCustomerStorage(client: client, logger: logger),
                            optOuts: PostgresOptOutStorage(client: client, logger: logger),
                            broadcasts: PostgresBroadcastStorage(client: client, logger: logger),
                            balanceAlerts: PostgresBalanceAlertStorage(client: client, logger: logger),
                            quietHours: PostgresQuietHoursStorage(client: client, logger: logger),
                            messages: {
                                var rows: [MessageRecord] = []
                                for try await row in try await client.query(
                                    "SELECT * FROM messages ORDER BY id", logger: logger)
                                {
                                    rows.append(try PostgresRowDecoder.decode(MessageRecord.self, from: row))
                                }
                                return rows
                            },
                            execute: { sql in
                                try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                            },
                            count: { sql in
                                for try await value in try await client.query(
                                    PostgresQuery(unsafeSQL: sql), logger: logger
                                ).decode(Int64.self) {
                                    return Int(value)
                                }
                                return 0
                            }, postgres: client))
                }
            }
        }
    }

    /// Inserts `record` into PostgreSQL's `messages` as it is (its id given by the database).
    private static func insert(_ record: MessageRecord, client: PostgresClient) async throws {
        try await client.query(
            """
            INSERT INTO messages (store, origin, event_ref, broadcast_id, audience, event_type, event_id, order_id,
                sender, text, recipient_typed, recipient, encoding, parts, state, reason, attempts, next_attempt_at,
                priority, gateway_status, gateway_response, msgid, delivered_at, delivery_error_code, status_checks,
                next_status_check_at, created_at, updated_at)
            VALUES (\(record.store), \(record.origin.rawValue), \(record.eventRef), \(record.broadcastID),
                \(record.audience?.rawValue), \(record.eventType), \(record.eventID), \(record.orderID),
                \(record.sender), \(record.text), \(record.recipientTyped), \(record.recipient), \(record.encoding),
                \(record.parts), \(record.state.rawValue), \(record.reason), \(record.attempts),
                \(record.nextAttemptAt), \(record.priority), \(record.gatewayStatus), \(record.gatewayResponse),
                \(record.msgid), \(record.deliveredAt), \(record.deliveryErrorCode), \(record.statusChecks),
                \(record.nextStatusCheckAt), \(record.createdAt), \(record.updatedAt))
            """, logger: PostgresTestDatabase.logger)
    }
}
