import Foundation
import Hummingbird
import JSONRPC
import Logging
import NIOCore
import Notifier
import NotifierRPC
import Prometheus
import ServiceLifecycle

/// The HTTP front, on Hummingbird: the store's webhooks, the gateway's delivery reports, JSON-RPC over HTTP,
/// health and metrics. Runs in the service group beside stdio and TCP, over the same services and dispatcher.
///
/// | path | what |
/// |---|---|
/// | `POST /webhooks/bigcommerce` | a store event, verified (``WebhookAuthenticator``), stored, answered at once |
/// | `POST /webhooks/mocean/dlr/{secret}` | a delivery report |
/// | `POST /rpc` | JSON-RPC 2.0 (`Authorization: Bearer` when a token is set) |
/// | `GET /healthz` | 200 or 503 with the reasons: the database, the sender, the gateway |
/// | `GET /livez` | 200 while the process answers |
/// | `GET /readyz` | 200 or 503: the database takes writes and the sending runs (the gateway is not asked) |
/// | `GET /metrics` | Prometheus text |
/// | `GET /`, `/console/…` | the web console (``ConsoleRoutes``), which drives `/rpc` |
/// | `GET /bigcommerce/auth`, `load`, `uninstall`, `remove_user` | the BigCommerce app's callbacks (``AppRoutes``) |
public struct HTTPFront: Service, CustomStringConvertible {
    private let configuration: HTTPFrontConfiguration
    private let services: NotifierServices
    private let dispatcher: RPCDispatcher
    private let registry: PrometheusCollectorRegistry
    private let logger: Logger
    private let tokenCheck: TokenCheck
    private let onBound: @Sendable (Int) -> Void

    /// A front over `services`, answering `/rpc` with `dispatcher`.
    ///
    /// - Parameters:
    ///   - registry: where the metrics are; the services' own instruments should be made in it too
    ///     (``NotifierServices/Options/metricsFactory``).
    ///   - tokenCheck: the service's guessing limits and refusal log, shared with TCP's `session.authenticate`.
    ///   - onBound: told the port once the socket listens.
    public init(
        configuration: HTTPFrontConfiguration, services: NotifierServices, dispatcher: RPCDispatcher,
        registry: PrometheusCollectorRegistry, logger: Logger, tokenCheck: TokenCheck,
        onBound: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.tokenCheck = tokenCheck
        self.configuration = configuration
        self.services = services
        self.dispatcher = dispatcher
        self.registry = registry
        self.logger = logger
        self.onBound = onBound
    }

    public var description: String { "HTTPFront(\(configuration.host):\(configuration.port))" }

    /// Serves until a graceful shutdown: the listener closes, requests in hand are answered.
    public func run() async throws {
        guard let secrets = services.options.endpointSecrets else {
            throw HTTPFrontError("the endpoints' secrets were not loaded before the HTTP front started")
        }
        // Hummingbird's own start-up line says "listening on", which scripts read as the TCP transport's
        // address: the front says where it serves itself, and the framework speaks from notices up.
        var frameworkLogger = logger
        frameworkLogger.logLevel = max(logger.logLevel, .notice)
        let application = Application(
            router: makeRouter(secrets: secrets),
            server: .http1(configuration: .init(idleTimeout: Self.timeAmount(configuration.idleTimeout))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { [logger, onBound, host = configuration.host] channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("HTTP front serving on \(host.contains(":") ? "[\(host)]" : host):\(port)")
                onBound(port)
            },
            logger: frameworkLogger)
        try await application.runService()
    }

    private func makeRouter(secrets: EndpointSecrets) -> Router<FrontRequestContext> {
        let router = Router(context: FrontRequestContext.self)
        router.add(middleware: JSONErrorMiddleware())
        let counters = HTTPFrontCounters(registry: registry)
        let limit = configuration.maximumBodyBytes
        let clock = configuration.clock
        let security = FrontSecurity(
            tokenCheck: tokenCheck, clientAddressHeader: configuration.clientAddressHeader,
            publicOrigin: FrontSecurity.origin(of: configuration.publicURL))
        let webhooks = WebhookRoute(
            events: services.events, router: services.router,
            authenticator: WebhookAuthenticator(
                store: services.store, directory: services.stores, headerSecret: secrets.webhookHeader,
                tolerance: configuration.webhookTolerance,
                clock: clock),
            maximumBodyBytes: limit, counters: counters, security: security)
        router.post(RouterPath(stringLiteral: StoreService.webhookPath)) { request, context in
            try await webhooks.handle(request, context: context)
        }
        let reports = DeliveryReportRoute(
            reports: services.deliveryReports, pathSecret: secrets.deliveryReportPath, maximumBodyBytes: limit,
            counters: counters)
        router.post("/webhooks/mocean/dlr/:secret") { request, context in
            try await reports.handle(request, context: context)
        }
        let console = ConsoleRoutes(
            sessions: ConsoleSessions(storage: services.storages.consoleSessions, logger: logger),
            token: configuration.token, secureCookie: configuration.secureCookies,
            security: security)
        console.register(on: router)
        let rpc = RPCRoute(
            dispatcher: dispatcher, token: configuration.token, maximumBodyBytes: limit, console: console,
            security: security, directory: services.stores)
        router.post("/rpc") { request, context in try await rpc.handle(request, context: context) }
        let live = LiveRoute(rpc: rpc, updates: services.updates)
        router.get("/console/live") { request, context in try await live.handle(request, context: context) }
        AppRoutes(
            installer: services.installer, directory: services.stores, console: console, security: security,
            refusalAllowance: CredentialGuard(
                perAddress: CredentialGuard.defaultPerAddress, overall: CredentialGuard.defaultOverall, clock: clock),
            publicURL: configuration.publicURL, webhookURL: services.options.webhookURL,
            webhookHeader: (EndpointSecrets.webhookHeaderName, secrets.webhookHeader)
        ).register(on: router)
        let health = HealthChecks(services: services, gatewayInterval: configuration.gatewayCheckInterval)
        router.get("/healthz") { _, _ in
            let report = await health.report()
            return try JSONAnswer.make(report, status: report.reasons.isEmpty ? .ok : .serviceUnavailable)
        }
        // The process answers: nothing else is asked (a liveness probe restarts only a process that hangs).
        router.get("/livez") { _, _ in try JSONAnswer.make(["status": "alive"], status: .ok) }
        router.get("/readyz") { _, _ in
            let readiness = await health.readiness()
            return try JSONAnswer.make(readiness, status: readiness.reasons.isEmpty ? .ok : .serviceUnavailable)
        }
        let metrics = MetricsRoute(
            registry: registry, sender: services.sender, health: health, balanceWatch: services.balanceWatch)
        router.get("/metrics") { request, context in try await metrics.handle(request, context: context) }
        return router
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(min(seconds, 1 << 32) * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// The front could not start.
public struct HTTPFrontError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
