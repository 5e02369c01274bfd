import Foundation
import Logging
import ServiceLifecycle

/// Where the services keep their data: one storage of each concept over one database (SQLite, or PostgreSQL
/// shared by several instances), with the doorbells that wake the background loops when another writer (or
/// another instance) has work for them.
public struct NotifierStorages: Sendable {
    /// Where the data is, without any password: for logs and `system.info`.
    public var location: String
    public var storeTokens: any StoreTokenStorage
    public var endpointSecrets: any EndpointSecretsStorage
    public var appSettings: any AppSettingsStorage
    public var directory: any StoreDirectoryStorage
    public var accounts: any AccountSettingsStorage
    public var storeSettings: any StoreSettingsStorage
    public var notifications: any NotificationStorage
    public var outbox: any OutboxStorage
    public var events: any EventStorage
    public var delivery: any DeliveryStorage
    public var consoleSessions: any ConsoleSessionStorage
    public var history: any HistoryStorage
    public var retention: any HistoryRetentionStorage
    public var customers: any CustomerStorage
    public var optOuts: any OptOutStorage
    public var broadcasts: any BroadcastStorage
    public var balanceAlerts: any BalanceAlertStorage
    public var quietHours: any QuietHoursStorage
    /// The SQLite database, when the storages are over one: what only SQLite needs (the history's search index,
    /// the write-ahead log's checkpoints) runs on it.
    public var sqlite: AppDatabase?
    /// Rung when events are stored, here or on another instance.
    public let received = Doorbell()
    /// Rung when SMS rows are queued, here or on another instance.
    public let queued = Doorbell()
    /// On SQLite, whether another process on the same file runs the background loops now (this one waits).
    public let loops = SQLiteLoopsLock.Holder()
    /// The storage's own loops (SQLite: the search index and the checkpoints; PostgreSQL: the instance's lease
    /// and the other instances' doorbells), given the doorbells.
    public var backgroundServices: @Sendable (_ received: Doorbell, _ queued: Doorbell) -> [any Service]
    /// `services` run on one instance at a time (SQLite: this one, the only one).
    public var onOneInstance: @Sendable (_ services: [any Service]) -> [any Service]
    /// Every background loop, as this storage lets them run when other processes use the same database (SQLite:
    /// in one process at a time, under ``SQLiteLoopsLock``, the doorbells rung for the others' rows;
    /// PostgreSQL: as they are, each instance running its own).
    public var exclusiveLoops: @Sendable (_ services: [any Service]) -> [any Service] = { $0 }
    /// Whether the database takes a write now, without changing anything.
    public var writeCheck: @Sendable () async throws -> Void
    /// What the database says of itself (size, journal, integrity, schema), for the doctor.
    public var inspect: @Sendable () async throws -> DatabaseInspection

    public init(
        location: String, storeTokens: any StoreTokenStorage, endpointSecrets: any EndpointSecretsStorage,
        appSettings: any AppSettingsStorage, directory: any StoreDirectoryStorage, accounts: any AccountSettingsStorage,
        storeSettings: any StoreSettingsStorage, notifications: any NotificationStorage, outbox: any OutboxStorage,
        events: any EventStorage, delivery: any DeliveryStorage, consoleSessions: any ConsoleSessionStorage,
        history: any HistoryStorage, retention: any HistoryRetentionStorage, customers: any CustomerStorage,
        optOuts: any OptOutStorage, broadcasts: any BroadcastStorage, balanceAlerts: any BalanceAlertStorage,
        quietHours: any QuietHoursStorage, sqlite: AppDatabase? = nil,
        backgroundServices: @escaping @Sendable (Doorbell, Doorbell) -> [any Service],
        onOneInstance: @escaping @Sendable ([any Service]) -> [any Service],
        writeCheck: @escaping @Sendable () async throws -> Void,
        inspect: @escaping @Sendable () async throws -> DatabaseInspection
    ) {
        self.location = location
        self.storeTokens = storeTokens
        self.endpointSecrets = endpointSecrets
        self.appSettings = appSettings
        self.directory = directory
        self.accounts = accounts
        self.storeSettings = storeSettings
        self.notifications = notifications
        self.outbox = outbox
        self.events = events
        self.delivery = delivery
        self.consoleSessions = consoleSessions
        self.history = history
        self.retention = retention
        self.customers = customers
        self.optOuts = optOuts
        self.broadcasts = broadcasts
        self.balanceAlerts = balanceAlerts
        self.quietHours = quietHours
        self.sqlite = sqlite
        self.backgroundServices = backgroundServices
        self.onOneInstance = onOneInstance
        self.writeCheck = writeCheck
        self.inspect = inspect
    }

    /// The storages over the SQLite `database`.
    public static func sqlite(_ database: AppDatabase, logger: Logger) -> NotifierStorages {
        var storages = NotifierStorages(
            location: database.path, storeTokens: SQLiteStoreTokenStorage(database: database),
            endpointSecrets: SQLiteEndpointSecretsStorage(database: database),
            appSettings: SQLiteAppSettingsStorage(database: database),
            directory: SQLiteStoreDirectoryStorage(database: database),
            accounts: SQLiteAccountSettingsStorage(database: database),
            storeSettings: SQLiteStoreSettingsStorage(database: database),
            notifications: SQLiteNotificationStorage(database: database),
            outbox: SQLiteOutboxStorage(database: database), events: SQLiteEventStorage(database: database),
            delivery: SQLiteDeliveryStorage(database: database),
            consoleSessions: SQLiteConsoleSessionStorage(database: database),
            history: SQLiteHistoryStorage(database: database), retention: SQLiteHistoryStorage(database: database),
            customers: SQLiteCustomerStorage(database: database), optOuts: SQLiteOptOutStorage(database: database),
            broadcasts: SQLiteBroadcastStorage(database: database),
            balanceAlerts: SQLiteBalanceAlertStorage(database: database),
            quietHours: SQLiteQuietHoursStorage(database: database), sqlite: database,
            backgroundServices: { _, _ in
                [
                    SearchIndexer(database: database, logger: logger),
                    LogCheckpointer(database: database, logger: logger),
                ]
            },
            onOneInstance: { $0 },
            writeCheck: { try await database.writeCheck() }, inspect: { try await database.inspect() })
        guard database.path != ":memory:" else { return storages }
        let (holder, doorbells) = (storages.loops, [storages.received, storages.queued])
        storages.exclusiveLoops = { services in
            [
                SQLiteLoopsLock(
                    databasePath: database.path, services: services, doorbells: doorbells, holder: holder,
                    logger: logger)
            ]
        }
        return storages
    }
}
