import JSONRPC
import Logging
import MoceanAPI
import Notifier
import ServiceLifecycle

/// Builds and runs the service: the database, the methods, and the transports asked for.
public enum NotifierApplication {
    /// The methods of the service, bound to its database and the HTTP client it reaches the gateway with.
    public static func makeDispatcher(
        database: AppDatabase, http: any HTTPTransport, token: String?, conformanceMethods: Bool = false,
        logger: Logger
    ) -> RPCDispatcher {
        let account = AccountService(database: database, transport: http, logger: logger)
        let notifications = NotificationService(database: database, account: account)
        var methods: [any RPCMethod] = [
            RPCDiscover(),
            SystemPing(),
            SystemInfo(startedAt: .now, databasePath: database.path),
            SessionAuthenticate(expectedToken: token),
            AccountGet(account: account),
            AccountSet(account: account, notifications: notifications),
            AccountBalance(account: account),
            PhoneValidate(account: account),
            NotificationsGet(notifications: notifications),
            NotificationsConfigure(notifications: notifications),
            TemplateKeywords(),
            TemplateRender(notifications: notifications),
        ]
        if conformanceMethods { methods += SpecExampleMethods.all }
        return RPCDispatcher(methods: methods, authenticationMethod: SessionAuthenticate.name, logger: logger)
    }

    /// Requests were received but not answered because the service stopped (a client that did not read its
    /// answers in time, say); the service stopped all the same.
    public struct AnswersLost: Error, CustomStringConvertible {
        public let count: Int
        public var description: String {
            "\(count) request\(count == 1 ? " was" : "s were") not answered before the service stopped"
        }
    }

    /// Opens the database, serves until stdin ends or a SIGINT/SIGTERM asks to stop, then closes the database.
    ///
    /// Every request received is answered before it returns: with its result, or with -32004 when the service
    /// stopped before running or finishing it.
    /// - Throws: ``ServeConfiguration/ConfigurationError`` for unusable settings, the error that stopped the
    ///   database or a transport from starting, or ``AnswersLost`` when some answers could not be written.
    public static func run(_ configuration: ServeConfiguration, logger: Logger) async throws {
        try configuration.validate()
        let database = try AppDatabase.open(path: configuration.databasePath)
        defer {
            do {
                try database.close()
            } catch {
                logger.error("closing the database failed: \(error)")
            }
        }
        logger.info("database at \(configuration.databasePath)")
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        let dispatcher = makeDispatcher(
            database: database, http: http, token: configuration.token,
            conformanceMethods: configuration.conformanceMethods, logger: logger)
        // Calls in hand get most of the grace, so that their answers (or their cancellation's) are written
        // before the group's limit runs out.
        let drain = ShutdownDrain(grace: configuration.shutdownGrace * 0.8)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if configuration.stdio {
            let stdio = StdioServer(
                dispatcher: dispatcher, maximumLineBytes: configuration.maximumLineBytes, logger: logger,
                drain: drain)
            services.append(.init(service: stdio, successTerminationBehavior: .gracefullyShutdownGroup))
        }
        if let endpoint = configuration.tcp {
            let tcp = TCPServer(
                configuration: .init(
                    host: endpoint.host, port: endpoint.port, maximumLineBytes: configuration.maximumLineBytes,
                    requiresAuthentication: configuration.token != nil,
                    maximumConnections: configuration.maximumConnections,
                    maximumUnauthenticatedConnections: configuration.maximumUnauthenticatedConnections,
                    idleTimeout: configuration.idleTimeout, authenticationTimeout: configuration.authenticationTimeout),
                dispatcher: dispatcher, logger: logger, drain: drain)
            services.append(.init(service: tcp, successTerminationBehavior: .gracefullyShutdownGroup))
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // Answers in flight get this long; then what is left is cancelled, so a client that never reads
        // cannot keep the service from stopping.
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGrace
        groupConfiguration.maximumCancellationDuration = .seconds(5)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await group.run()
        if drain.unansweredCount > 0 { throw AnswersLost(count: drain.unansweredCount) }
        logger.info("stopped")
    }
}
