import ArgumentParser
import Foundation
import JSONRPC
import Logging
import Notifier
import NotifierPostgres
import NotifierRPC
import NotifierServer

/// The options of the commands that run the service (`serve`, `mcp`): transports, database, limits, logging.
struct ServeOptions: ParsableArguments {
    @Option(name: .long, help: "Listen for TCP clients on HOST:PORT (port 0 picks a free one, which is logged).")
    var tcp: String?

    @Option(
        name: .long,
        help:
            "Serve the HTTP front on HOST:PORT: store webhooks, delivery reports, /rpc, /healthz, /metrics (port 0 picks a free one, which is logged)."
    )
    var http: String?

    @Option(
        name: .long,
        help:
            "The https:// address the store and the gateway reach the HTTP front at (behind a TLS-terminating proxy): webhooks are registered to it and delivery reports asked to it."
    )
    var publicUrl: String?

    @Option(
        name: .long,
        help:
            "The header a reverse proxy on this machine puts the client's address in (X-Forwarded-For: its last entry; or X-Real-IP); without it, the client is the connection's peer. Keys the limits on wrong tokens."
    )
    var httpClientAddressHeader: String?

    @Option(name: .long, help: "Largest HTTP request body accepted, in bytes.")
    var httpMaxBody: Int = 1 << 20

    @Option(name: .long, help: "Seconds an HTTP connection may stay idle (a slow client) before it is closed.")
    var httpIdleTimeout: Double = 30

    @Option(
        name: .long,
        help:
            "Token TCP clients must pass to session.authenticate first (default: $MOCEAN_NOTIFY_TOKEN; prefer --token-file, since other users can read the process list)."
    )
    var token: String?

    @Option(name: .long, help: "Read the token from this file (its first line).")
    var tokenFile: String?

    @Option(
        name: .long,
        help:
            "SQLite database file, created with mode 0600, or a PostgreSQL URL (postgres://user@host:port/db?sslmode=require) shared by several instances (default: $MOCEAN_NOTIFY_DATABASE, else a file in the user's data folder)."
    )
    var database: String?

    @Option(
        name: .long,
        help:
            "Read the PostgreSQL password from this file (its first line); else the URL's, else $PGPASSWORD.")
    var databasePasswordFile: String?

    @Option(
        name: .long,
        help:
            "Seconds an instance's claims on PostgreSQL last without renewal: a crashed instance's SMS go to the others this long after (default 15)."
    )
    var instanceLease: Double?

    @Option(
        name: .long,
        help:
            "Log level on stderr: trace, debug, info, notice, warning, error or critical (default: $MOCEAN_NOTIFY_LOG_LEVEL, else info)."
    )
    var logLevel: Logger.Level?

    @Option(
        name: .long,
        help:
            "Seconds between looks at the balance of a store that sends, for its low-balance alert (default 60).")
    var balanceWatchInterval: Double?

    @Option(name: .long, help: "Longest request line accepted, in bytes.")
    var maxLineBytes: Int = LineFramer.defaultMaximumLineBytes

    @Option(name: .long, help: "Most TCP connections open at once; further ones are closed on arrival.")
    var maxConnections: Int = 1024

    @Option(
        name: .long,
        help: "Most TCP connections waiting to authenticate (with a token); the oldest is closed to make room.")
    var maxUnauthenticated: Int = 64

    @Option(name: .long, help: "Seconds a TCP connection may stay idle before it is closed (0: never).")
    var idleTimeout: Double = 300

    @Option(name: .long, help: "Seconds a TCP connection has to authenticate (with a token).")
    var authTimeout: Double = 10

    @Option(name: .long, help: "Seconds a graceful shutdown may take; calls in hand get 80 % of it.")
    var shutdownGrace: Double = 10

    @Flag(
        name: .long,
        help:
            "broadcast.send over JSON-RPC goes only with the confirmation its dry run answered (over MCP it always does)."
    )
    var confirmBroadcasts = false

    /// Starts the service with these options, `configure` adding what the command adds, and serves until it stops.
    func run(
        configure: (inout ServeConfiguration) throws -> Void,
        perform: (ServeConfiguration, Logger) async throws -> Void = { configuration, logger in
            try await NotifierApplication.run(configuration, logger: logger)
        }
    ) async throws {
        ProcessSetup.ensureStandardDescriptors()
        ProcessSetup.ignoreBrokenPipes()
        ProcessSetup.limitMallocArenas()
        let environment = ProcessInfo.processInfo.environment
        var level = logLevel ?? .info
        if logLevel == nil, let fromEnvironment = environment["MOCEAN_NOTIFY_LOG_LEVEL"] {
            guard let parsed = Logger.Level(rawValue: fromEnvironment) else {
                throw ValidationError(
                    "MOCEAN_NOTIFY_LOG_LEVEL=\(fromEnvironment) is not a level: use trace, debug, info, notice, "
                        + "warning, error or critical")
            }
            level = parsed
        }
        ProcessSetup.bootstrapLogging(level: level)
        let logger = Logger(label: "mocean-notify")
        do {
            let endpoint = try tcp.map { text throws(ServeConfiguration.ConfigurationError) in
                try ServeConfiguration.Endpoint(parsing: text)
            }
            let httpEndpoint = try http.map { text throws(ServeConfiguration.ConfigurationError) in
                try ServeConfiguration.Endpoint(parsing: text)
            }
            let databasePath =
                database ?? environment["MOCEAN_NOTIFY_DATABASE"]
                ?? DatabaseLocation.defaultPath(environment: environment)
            var postgres: PostgresLocation?
            if PostgresLocation.isURL(databasePath) {
                do {
                    postgres = try PostgresLocation(
                        url: databasePath, environment: environment,
                        filePassword: try databasePasswordFile.map(Self.firstLine(of:)))
                } catch let error as PostgresLocation.Invalid {
                    throw ValidationError(error.description)
                }
            } else if databasePasswordFile != nil {
                throw ValidationError("--database-password-file is for a PostgreSQL --database URL, not a SQLite file")
            }
            var configuration = ServeConfiguration(
                databasePath: databasePath,
                stdio: endpoint == nil && httpEndpoint == nil,
                tcp: endpoint,
                token: try TokenOption.resolve(token: token, file: tokenFile, environment: environment),
                maximumLineBytes: maxLineBytes,
                maximumConnections: maxConnections)
            configuration.maximumUnauthenticatedConnections = maxUnauthenticated
            configuration.postgres = postgres
            if let instanceLease, let lease = try Seconds.duration(instanceLease, option: "--instance-lease") {
                guard lease >= .seconds(3) else {
                    throw ValidationError("--instance-lease must be at least 3 seconds (it is renewed every third)")
                }
                configuration.instanceLease = lease
            }
            if let balanceWatchInterval,
                let interval = try Seconds.duration(balanceWatchInterval, option: "--balance-watch-interval")
            {
                configuration.services.balanceWatchInterval = interval
            }
            configuration.http = httpEndpoint
            configuration.publicURL = publicUrl
            configuration.httpClientAddressHeader = httpClientAddressHeader
            configuration.httpMaximumBodyBytes = httpMaxBody
            configuration.httpIdleTimeout =
                try Seconds.duration(httpIdleTimeout, option: "--http-idle-timeout") ?? .zero
            configuration.idleTimeout = try Seconds.duration(
                idleTimeout, option: "--idle-timeout", zeroMeansNever: true)
            configuration.authenticationTimeout = try Seconds.duration(authTimeout, option: "--auth-timeout") ?? .zero
            configuration.shutdownGrace = try Seconds.duration(shutdownGrace, option: "--shutdown-grace") ?? .zero
            configuration.services.confirmBroadcasts = confirmBroadcasts
            try configure(&configuration)
            try await perform(configuration, logger)
        } catch let error as NotifierApplication.AnswersLost {
            logger.error("\(error.description)")
            throw ExitCode(1)
        } catch let error where Self.cannotStart(error) {
            // Unusable settings, database or listen address: said in words, exit status 2.
            logger.critical("\(String(describing: error))")
            throw ExitCode(2)
        }
    }

    /// The first line of the file at `path`, without its line end.
    private static func firstLine(of path: String) throws -> String {
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw ValidationError("--database-password-file \(path): cannot be read (\(error.localizedDescription))")
        }
    }

    /// Whether `error` kept the service from starting, as opposed to a fault while it ran.
    private static func cannotStart(_ error: any Error) -> Bool {
        error is ServeConfiguration.ConfigurationError || error is AppDatabase.OpenError
            || error is TCPServer.BindFailed || error is NotifierApplication.DatabaseUnusable
    }
}
