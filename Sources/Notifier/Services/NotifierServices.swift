import Foundation
import HTTPClient
import Logging
import MoceanAPI
import ServiceLifecycle

/// The domain's services, built once over one database and one HTTP client and shared by every way in
/// (JSON-RPC over stdio and TCP, and later HTTP): the settings, the events, the outbox and its sender.
public struct NotifierServices: Sendable {
    /// Tuning that tests and deployments change.
    public struct Options: Sendable {
        /// How often a queue held by a low balance checks it again.
        public var balanceCheckInterval: Duration = .seconds(180)
        /// How long after a send its status is first asked of the gateway; nil never to ask.
        public var statusCheckAfter: Duration? = .seconds(600)
        /// Where the gateway should post delivery reports, when the service is reachable from it.
        public var deliveryReportURL: String?

        public init() {}
    }

    public let database: AppDatabase
    public let account: AccountService
    /// The store connection.
    public let store: StoreService
    /// The customers broadcasts can reach.
    public let customers: CustomerDirectory
    public let notifications: NotificationService
    public let events: EventStore
    public let processor: EventProcessor
    public let sender: OutboxSender
    public let statusChecker: DeliveryStatusChecker
    /// Every SMS row's change of state, for clients that follow their messages.
    public let updates: MessageUpdates
    public let history: HistoryStore
    public let export: HistoryExport
    public let retention: HistoryRetention
    /// Indexes new SMS rows for the history's search.
    public let searchIndexer: SearchIndexer
    /// Copies the write-ahead log into the database file, off the writer's path.
    public let checkpointer: LogCheckpointer
    public let broadcasts: BroadcastService
    /// Writes broadcasts' SMS rows in the background.
    public let broadcastWriter: BroadcastWriter
    public let optOuts: OptOuts

    /// Builds the services over `database`, reaching the gateway through `transport`.
    public init(database: AppDatabase, transport: any HTTPTransport, logger: Logger, options: Options = Options()) {
        self.database = database
        account = AccountService(database: database, transport: transport, logger: logger)
        store = StoreService(database: database, transport: transport, logger: logger)
        customers = CustomerDirectory(database: database, account: account, store: store)
        notifications = NotificationService(database: database, account: account)
        let received = Doorbell()
        let queued = Doorbell()
        updates = MessageUpdates()
        events = EventStore(database: database, received: received)
        processor = EventProcessor(
            database: database, account: account, notifications: notifications, store: store, received: received,
            queued: queued, logger: logger)
        sender = OutboxSender(
            database: database, gateways: account, queued: queued, updates: updates, logger: logger,
            balanceCheckInterval: options.balanceCheckInterval, statusCheckAfter: options.statusCheckAfter,
            deliveryReportURL: options.deliveryReportURL)
        statusChecker = DeliveryStatusChecker(
            database: database, gateways: account, updates: updates, logger: logger)
        history = HistoryStore(database: database)
        export = HistoryExport(store: history)
        retention = HistoryRetention(database: database, logger: logger)
        searchIndexer = SearchIndexer(database: database, logger: logger)
        checkpointer = LogCheckpointer(database: database, logger: logger)
        let toWrite = Doorbell()
        broadcasts = BroadcastService(
            database: database, account: account, sender: sender, toWrite: toWrite, logger: logger)
        broadcastWriter = BroadcastWriter(database: database, toWrite: toWrite, queued: queued, logger: logger)
        optOuts = OptOuts(database: database, account: account)
    }

    /// The loops that run in the background for as long as the service does.
    public var backgroundServices: [any Service] {
        [processor, sender, statusChecker, retention, searchIndexer, checkpointer, broadcastWriter]
    }
}
