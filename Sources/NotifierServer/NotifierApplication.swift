import HTTPClient
import JSONRPC
import Logging
import MoceanAPI
import NIOCore
import Notifier
import NotifierHTTP
import NotifierMCP
import NotifierRPC
import Prometheus
import ServiceLifecycle

/// The composition root: builds the services once, and the service group that runs them with the
/// transports asked for. `serve` and the tests call it alike.
public enum NotifierApplication {
    /// Requests were received but not answered because the service stopped (a client that did not read its
    /// answers in time, say); the service stopped all the same.
    public struct AnswersLost: Error, CustomStringConvertible {
        public let count: Int
        public var description: String {
            "\(count) request\(count == 1 ? " was" : "s were") not answered before the service stopped"
        }
    }

    /// The PostgreSQL database could not be used at start-up (unreachable, credentials refused, a schema newer
    /// than this build's).
    public struct DatabaseUnusable: Error, CustomStringConvertible {
        public let description: String
    }

    /// Opens the database (SQLite, or PostgreSQL shared with other instances), serves until stdin ends or a
    /// SIGINT/SIGTERM asks to stop, then closes the database.
    ///
    /// Every request received is answered before it returns: with its result, or with -32004 when the service
    /// stopped before running or finishing it.
    /// - Throws: ``ServeConfiguration/ConfigurationError`` for unusable settings, the error that stopped the
    ///   database or a transport from starting, or ``AnswersLost`` when some answers could not be written.
    public static func run(_ configuration: ServeConfiguration, logger: Logger) async throws {
        try configuration.validate()
        let http = CurlHTTPClient()
        defer { http.shutdown() }
        if let location = configuration.postgres {
            do {
                try await PostgresDatabase.withStorages(
                    location, lease: configuration.instanceLease, logger: logger
                ) { storages in
                    try await serve(storages: storages, http: http, configuration: configuration, logger: logger)
                }
            } catch let failure as PostgresDatabase.StartFailure {
                throw DatabaseUnusable(description: failure.description)
            }
            return
        }
        let database = try AppDatabase.open(path: configuration.databasePath)
        defer {
            do {
                try database.close()
            } catch {
                logger.error("closing the database failed: \(error)")
            }
        }
        logger.info("database at \(configuration.databasePath)")
        try await serve(
            storages: .sqlite(database, logger: logger), http: http, configuration: configuration, logger: logger)
    }

    /// Serves over `storages` until stdin ends or a SIGINT/SIGTERM asks to stop.
    private static func serve(
        storages: NotifierStorages, http: any HTTPTransport, configuration: ServeConfiguration, logger: Logger
    ) async throws {
        var prepared = try await prepare(configuration, secrets: storages.endpointSecrets)
        let services = NotifierServices(
            storages: storages, transport: http, logger: logger, options: prepared.services)
        if let reference = prepared.mcp?.store {
            prepared.mcp?.boundStore = try await boundStore(reference, in: services.stores)
        }
        let (group, drain) = buildServiceGroup(services: services, configuration: prepared, logger: logger)
        try await group.run()
        if drain.unansweredCount > 0 { throw AnswersLost(count: drain.unansweredCount) }
        logger.info("stopped")
    }

    /// `configuration` with what the services need from the database before they start: the HTTP front's
    /// secrets (made at first start), the public URL, and the metrics factory over the configuration's registry.
    public static func prepare(_ configuration: ServeConfiguration, database: AppDatabase) async throws
        -> ServeConfiguration
    {
        try await prepare(configuration, secrets: SQLiteEndpointSecretsStorage(database: database))
    }

    /// `configuration` with what the services need from `secrets` before they start (see the SQLite form).
    public static func prepare(_ configuration: ServeConfiguration, secrets: any EndpointSecretsStorage) async throws
        -> ServeConfiguration
    {
        var prepared = configuration
        prepared.services.endpointSecrets = try await EndpointSecrets.loadOrCreate(secrets)
        prepared.services.publicURL = configuration.publicURL
        prepared.services.metricsFactory = PrometheusMetricsFactory(registry: configuration.metricsRegistry)
        return prepared
    }

    /// The store `reference` (an id or a hash) names, for `mcp --store`.
    ///
    /// - Throws: ``ServeConfiguration/ConfigurationError`` when the service holds no such store.
    static func boundStore(_ reference: String, in directory: StoreDirectory) async throws -> StoreID {
        let found =
            if let id = Int64(reference), id > 0 {
                try await directory.route(StoreID(rawValue: id))
            } else {
                try await directory.route(hash: reference.lowercased())
            }
        guard let found else {
            throw ServeConfiguration.ConfigurationError(
                "--store \(reference.prefix(64)): this service holds no such store; give a store's id or hash "
                    + "(mocean-notify call stores.list lists them)")
        }
        return found.store
    }

    /// The domain's services over `database`, reaching the gateway through `http`.
    public static func buildServices(
        database: AppDatabase, http: any HTTPTransport, configuration: ServeConfiguration, logger: Logger
    ) -> NotifierServices {
        NotifierServices(database: database, transport: http, logger: logger, options: configuration.services)
    }

    /// The service group: the background loops of `services` and the transports `configuration` asks for,
    /// sharing one dispatcher; and the shutdown policy, which counts requests left unanswered.
    public static func buildServiceGroup(
        services: NotifierServices, configuration: ServeConfiguration, logger: Logger,
        onTCPBound: @escaping @Sendable (SocketAddress) -> Void = { _ in },
        onHTTPBound: @escaping @Sendable (Int) -> Void = { _ in }
    ) -> (ServiceGroup, ShutdownDrain) {
        // Calls in hand get most of the grace, so that their answers (or their cancellation's) are written
        // before the group's limit runs out.
        let drain = ShutdownDrain(grace: configuration.shutdownGrace * 0.8)
        // One set of guessing limits wherever the token is checked (TCP, /rpc, the console's sign-in).
        var tokenCheck = TokenCheck(
            limits: CredentialGuard(
                perAddress: configuration.credentialLimitPerAddress, overall: configuration.credentialLimitOverall,
                clock: configuration.clock),
            refusals: RefusalLog(logger: logger, interval: configuration.refusalLogInterval, clock: configuration.clock)
        )
        tokenCheck.storeTokens = services.storeTokens
        let dispatcher = NotifierMethods.makeDispatcher(
            services: services, token: configuration.token, conformanceMethods: configuration.conformanceMethods,
            logger: logger, drain: drain, tokenCheck: tokenCheck)
        var transports: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if configuration.stdio {
            let stdio = StdioServer(
                dispatcher: dispatcher, maximumLineBytes: configuration.maximumLineBytes, logger: logger,
                drain: drain)
            transports.append(.init(service: stdio, successTerminationBehavior: .gracefullyShutdownGroup))
        }
        if let mcp = configuration.mcp {
            transports.append(
                .init(
                    service: mcpServer(
                        mcp, services: services, configuration: configuration, drain: drain, logger: logger),
                    successTerminationBehavior: .gracefullyShutdownGroup))
        }
        if let endpoint = configuration.tcp {
            let tcp = TCPServer(
                configuration: .init(
                    host: endpoint.host, port: endpoint.port, maximumLineBytes: configuration.maximumLineBytes,
                    requiresAuthentication: configuration.token != nil,
                    maximumConnections: configuration.maximumConnections,
                    maximumUnauthenticatedConnections: configuration.maximumUnauthenticatedConnections,
                    idleTimeout: configuration.idleTimeout, authenticationTimeout: configuration.authenticationTimeout),
                dispatcher: dispatcher, logger: logger, drain: drain, onBound: onTCPBound)
            transports.append(.init(service: tcp, successTerminationBehavior: .gracefullyShutdownGroup))
        }
        if let endpoint = configuration.http {
            var frontConfiguration = HTTPFrontConfiguration(
                host: endpoint.host, port: endpoint.port, token: configuration.token)
            frontConfiguration.maximumBodyBytes = configuration.httpMaximumBodyBytes
            frontConfiguration.idleTimeout = configuration.httpIdleTimeout
            frontConfiguration.secureCookies = configuration.publicURL?.lowercased().hasPrefix("https://") == true
            frontConfiguration.publicURL = configuration.publicURL
            frontConfiguration.clock = configuration.clock
            frontConfiguration.clientAddressHeader = configuration.httpClientAddressHeader
            let front = HTTPFront(
                configuration: frontConfiguration, services: services, dispatcher: dispatcher,
                registry: configuration.metricsRegistry, logger: logger, tokenCheck: tokenCheck, onBound: onHTTPBound)
            transports.append(.init(service: front, successTerminationBehavior: .gracefullyShutdownGroup))
        }
        // The background loops come first, so that they stop last: the transports' last calls may still
        // need them.
        let background = services.backgroundServices.map {
            ServiceGroupConfiguration.ServiceConfiguration(service: $0, successTerminationBehavior: .ignore)
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: background + transports, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // Answers in flight get this long; then what is left is cancelled, so a client that never reads
        // cannot keep the service from stopping.
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGrace
        groupConfiguration.maximumCancellationDuration = .seconds(5)
        return (ServiceGroup(configuration: groupConfiguration), drain)
    }

    /// The MCP server of `mcp`: the contract's methods as tools, over a dispatcher of its own whose
    /// `broadcast.send` goes only with the confirmation of its dry run.
    static func mcpServer(
        _ mcp: ServeConfiguration.MCPOptions, services: NotifierServices, configuration: ServeConfiguration,
        drain: ShutdownDrain, logger: Logger
    ) -> MCPStdioServer {
        let dispatcher = NotifierMethods.makeDispatcher(
            services: services, token: nil, logger: logger, drain: drain, confirmBroadcasts: true)
        let catalog: MCPToolCatalog
        do {
            catalog = try MCPToolCatalog(document: OpenRPCDocument.value, selection: mcp.selection)
        } catch {
            // The contract is embedded at build time and a test builds this catalog from it.
            preconditionFailure("\(error)")
        }
        // Bound to the store named, or, when that was not found first, to none at all: never every store.
        let principal: Caller? =
            mcp.store == nil ? nil : Caller.store(mcp.boundStore ?? StoreID(rawValue: 0))
        let calls = MCPToolCalls(catalog: catalog, dispatcher: dispatcher, principal: principal, logger: logger)
        return MCPStdioServer(
            calls: calls, instructions: MCPInstructions.text(store: mcp.boundStore != nil),
            grace: configuration.shutdownGrace * 0.8, maximumLineBytes: configuration.maximumLineBytes, logger: logger)
    }
}
