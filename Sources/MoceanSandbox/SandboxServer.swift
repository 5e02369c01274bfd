import HTTPClient
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A local stand-in for the MoceanAPI gateway: serves its REST endpoints over HTTP/1.1 on loopback, sends
/// nothing, records what it accepts, and injects the faults it is told to.
///
/// It plays BigCommerce beside the gateway too: any number of stores (their REST API, their webhook
/// registrations, and the webhooks they send, signed, when told to fire an event), and the login service
/// that installs the app on them, with the calls BigCommerce makes to the app's callbacks.
///
/// A graceful shutdown stops accepting, lets each connection finish the request in hand, then closes it;
/// delivery reports not yet due and webhook retries still pending are dropped.
public struct SandboxServer: Service, CustomStringConvertible {
    private let configuration: SandboxConfiguration
    private let logger: Logger
    private let onBound: @Sendable (Int) -> Void
    private let state: SandboxState
    private let deliveryReports = DeliveryReportQueue()

    /// Creates a sandbox; `onBound` is told the port once the socket listens.
    public init(
        configuration: SandboxConfiguration, logger: Logger, onBound: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onBound = onBound
        state = SandboxState(
            balance: Money(configuration.balance), pricePerPart: Money(configuration.pricePerPart),
            faults: configuration.faults, seed: configuration.seed ?? UInt64.random(in: .min ... .max))
    }

    /// `SandboxServer(127.0.0.1:0)`: where it listens, and nothing of its credentials.
    public var description: String { "SandboxServer(\(configuration.host):\(configuration.port))" }

    /// Every message accepted so far, oldest first.
    public func recordedMessages() async -> [RecordedMessage] {
        await state.recordedMessages
    }

    /// Listens until a graceful shutdown or cancellation, then closes every connection.
    ///
    /// - Throws: ``SandboxConfigurationError`` for unusable settings, or the error that kept the socket from
    ///   listening.
    public func run() async throws {
        try configuration.validate()
        let store = configuration.store
        let catalog = StoreCatalog(customerCount: store.customers)
        let stores = StoreDirectory(configured: store, firstOrderId: catalog.firstNewOrderId)
        let login = try LoginService(
            app: configuration.app?.registered(), codeLifetime: configuration.authorizationCodeLifetime)
        let webhookDeliveries = WebhookDeliveryQueue()
        // The one HTTP client of this run, for delivery reports, webhooks and the app's callbacks; shut down
        // when the sandbox stops.
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let router = SandboxRouter(
            state: state, credentials: configuration.credentials, currency: configuration.currency,
            pricePerPart: Money(configuration.pricePerPart), deliveryReports: deliveryReports, logger: logger,
            stores: stores, catalog: catalog, webhookDeliveries: webhookDeliveries,
            configuredSignature: WebhookSignature(clientSecret: store.clientSecret), login: login,
            callbacks: AppCallbacks(transport: http))
        let application = Application(
            router: router.routes(), server: SandboxHTTPChannel.builder,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: announce, logger: Self.frameworkLogger(logger))
        let reporter = DeliveryReporter(
            state: state, delay: .milliseconds(configuration.deliveryReportDelayMilliseconds), transport: http,
            logger: logger)
        let deliverer = WebhookDeliverer(
            transport: http, retryDelays: WebhookRetrySchedule.delays(scale: store.webhookRetryScale), logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await reporter.run(deliveryReports) }
            group.addTask { await deliverer.run(webhookDeliveries) }
            do {
                try await application.run()
            } catch is CancellationError {
                // Cancelled rather than shut down gracefully: the connections are closed all the same.
            }
            group.cancelAll()
        }
        logger.info("sandbox stopped")
    }

    /// Logs where the sandbox listens and tells `onBound` the port (the one picked when asked for port 0).
    @Sendable private func announce(_ listener: any Channel) async {
        let address = listener.localAddress
        let host = address?.ipAddress ?? configuration.host
        let port = address?.port ?? configuration.port
        logger.info("listening on \(host.contains(":") ? "[\(host)]" : host):\(port)")
        onBound(port)
    }

    /// The sandbox's logger for Hummingbird, which says only what goes wrong: its start-up line and its
    /// per-request notes would repeat what the sandbox logs itself.
    private static func frameworkLogger(_ logger: Logger) -> Logger {
        var quieter = logger
        quieter.logLevel = max(logger.logLevel, .notice)
        return quieter
    }
}
