import CoreMetrics
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
        /// How often the balance of a store that sends is compared with its low-balance alert, at most.
        public var balanceWatchInterval: Duration = .seconds(60)
        /// How long after a send its status is first asked of the gateway; nil never to ask.
        public var statusCheckAfter: Duration? = .seconds(600)
        /// Where the store and the gateway reach the service's HTTP front (`--public-url`), if they can.
        public var publicURL: String?
        /// The secrets of the HTTP front's endpoints (``EndpointSecrets/loadOrCreate(_:now:)``).
        public var endpointSecrets: EndpointSecrets?
        /// Where the gateway should post delivery reports: given as is, or made from the public URL and the
        /// secrets.
        public var deliveryReportURL: String?
        /// Where the instruments of the service's metrics are made (Prometheus on the HTTP front; none by default).
        public var metricsFactory: any MetricsFactory = NOOPMetricsHandler.instance
        /// Whether `broadcast.send` over JSON-RPC goes only with the confirmation of its dry run
        /// (`--confirm-broadcasts`); over MCP it always does.
        public var confirmBroadcasts = false

        public init() {}

        /// The public URL of the store's webhooks, when there is one.
        public var webhookURL: String? {
            publicURL.map { Self.joined($0, StoreService.webhookPath) }
        }

        /// The delivery reports' URL: the one given, else the public URL's with the secret path.
        public var effectiveDeliveryReportURL: String? {
            if let deliveryReportURL { return deliveryReportURL }
            guard let publicURL, let endpointSecrets else { return nil }
            return Self.joined(publicURL, "/webhooks/mocean/dlr/" + endpointSecrets.deliveryReportPath)
        }

        static func joined(_ base: String, _ path: String) -> String {
            var base = Substring(base)
            while base.hasSuffix("/") { base = base.dropLast() }
            return base + path
        }
    }

    /// The options the services were built with.
    public let options: Options
    /// The service's instruments.
    public let metrics: NotifierMetrics
    /// Applies the gateway's delivery reports.
    public let deliveryReports: DeliveryReports

    /// Where the services keep their data.
    public let storages: NotifierStorages
    /// The SQLite database the storages are over (tests that look at the rows; nil on PostgreSQL).
    public var database: AppDatabase! { storages.sqlite }
    /// The stores the service serves.
    public let stores: StoreDirectory
    /// Which store an event belongs to, and whether it is taken.
    public let router: EventRouter
    /// The tokens the operator made for single stores.
    public let storeTokens: StoreTokens
    /// The BigCommerce app's install, load, uninstall and remove_user.
    public let installer: AppInstaller
    public let account: AccountService
    /// The store connection.
    public let store: StoreService
    /// The customers broadcasts can reach.
    public let customers: CustomerDirectory
    public let notifications: NotificationService
    public let events: EventStore
    public let processor: EventProcessor
    public let sender: OutboxSender
    /// Each store's balance against its low-balance alert.
    public let balanceWatch: BalanceWatch
    /// Each store's quiet hours for broadcasts.
    public let quietHours: QuietHoursService
    public let statusChecker: DeliveryStatusChecker
    /// Every SMS row's change of state, for clients that follow their messages.
    public let updates: MessageUpdates
    public let history: HistoryStore
    public let export: HistoryExport
    public let retention: HistoryRetention
    public let broadcasts: BroadcastService
    /// Writes broadcasts' SMS rows in the background.
    public let broadcastWriter: BroadcastWriter
    public let optOuts: OptOuts

    /// Builds the services over the SQLite `database`, reaching the gateway through `transport`.
    public init(database: AppDatabase, transport: any HTTPTransport, logger: Logger, options: Options = Options()) {
        self.init(
            storages: .sqlite(database, logger: logger), transport: transport, logger: logger, options: options)
    }

    /// Builds the services over `storages`, reaching the gateway through `transport`.
    public init(storages: NotifierStorages, transport: any HTTPTransport, logger: Logger, options: Options = Options())
    {
        self.storages = storages
        self.options = options
        metrics = NotifierMetrics(factory: options.metricsFactory)
        stores = StoreDirectory(storage: storages.directory, appStorage: storages.appSettings)
        router = EventRouter(directory: stores)
        storeTokens = StoreTokens(storage: storages.storeTokens)
        account = AccountService(storage: storages.accounts, transport: transport, logger: logger)
        store = StoreService(storage: storages.storeSettings, transport: transport, logger: logger)
        installer = AppInstaller(directory: stores, store: store, transport: transport, logger: logger)
        customers = CustomerDirectory(storage: storages.customers, account: account, store: store)
        notifications = NotificationService(storage: storages.notifications, account: account)
        let received = storages.received
        let queued = storages.queued
        updates = MessageUpdates()
        events = EventStore(storage: storages.events, received: received, metrics: metrics)
        processor = EventProcessor(
            storage: storages.events, account: account, notifications: notifications, store: store,
            received: received, queued: queued, logger: logger)
        balanceWatch = BalanceWatch(
            storage: storages.balanceAlerts, account: account, notifications: notifications, queued: queued,
            logger: logger, interval: options.balanceWatchInterval)
        quietHours = QuietHoursService(storage: storages.quietHours, stores: store)
        sender = OutboxSender(
            storage: storages.outbox, gateways: account, queued: queued, updates: updates, logger: logger,
            balanceCheckInterval: options.balanceCheckInterval, statusCheckAfter: options.statusCheckAfter,
            deliveryReportURL: options.effectiveDeliveryReportURL, metrics: metrics, balanceWatch: balanceWatch,
            quietHours: quietHours)
        statusChecker = DeliveryStatusChecker(
            storage: storages.delivery, gateways: account, updates: updates, logger: logger)
        history = HistoryStore(storage: storages.history)
        export = HistoryExport(store: history)
        retention = HistoryRetention(storage: storages.retention, logger: logger)
        let toWrite = Doorbell()
        broadcasts = BroadcastService(
            storage: storages.broadcasts, outbox: storages.outbox, account: account, sender: sender,
            toWrite: toWrite, logger: logger,
            confirmations: options.endpointSecrets.map {
                BroadcastConfirmation(secret: $0.deliveryReportPath + "\u{0}" + $0.webhookHeader)
            }
                ?? .ofThisProcess(), quietHours: quietHours)
        broadcastWriter = BroadcastWriter(
            storage: storages.broadcasts, toWrite: toWrite, queued: queued, logger: logger, quietHours: quietHours)
        optOuts = OptOuts(storage: storages.optOuts, account: account)
        deliveryReports = DeliveryReports(storage: storages.delivery, updates: updates)
    }

    /// The loops that run in the background for as long as the service does. The storage's own loops come first,
    /// so that they stop last (a service group stops its services in the reverse order): on PostgreSQL this instance leaves (its lease ended, what it still holds resolved) only
    /// after the sender has recorded the outcomes of the sends in flight.
    ///
    /// On SQLite they run in one process at a time (``SQLiteLoopsLock``): another process on the same file serves
    /// its calls and leaves the sending to the one that runs them.
    public var backgroundServices: [any Service] {
        storages.exclusiveLoops(
            storages.backgroundServices(storages.received, storages.queued) + [processor, sender, balanceWatch]
                + storages.onOneInstance([statusChecker, retention]) + [broadcastWriter])
    }
}
