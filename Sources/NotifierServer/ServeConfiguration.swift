import HostAddress
import JSONRPC
import Notifier
import NotifierHTTP
import NotifierMCP
import NotifierPostgres
import NotifierRPC
import Prometheus

/// Everything `mocean-notify serve` needs to start.
public struct ServeConfiguration: Sendable {
    /// A TCP address to listen on.
    public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        /// Reads `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (loopback).
        ///
        /// - Throws: ``ConfigurationError`` naming what is wrong.
        public init(parsing text: String) throws(ConfigurationError) {
            guard let colon = text.lastIndex(of: ":") else {
                throw ConfigurationError("\"\(text)\" is not HOST:PORT (e.g. 127.0.0.1:7700, [::1]:7700)")
            }
            var host = String(text[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            if host.isEmpty { host = "127.0.0.1" }
            guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
                throw ConfigurationError(
                    "\"\(text)\" has no valid port: give a number from 0 to 65535 (0 picks a free one)")
            }
            self.init(host: host, port: port)
        }

        /// Whether only this machine can reach the address: `localhost`, or an IP literal in 127.0.0.0/8 or
        /// `::1`. Any other name counts as reachable from elsewhere, whatever it resolves to today.
        public var isLoopback: Bool {
            HostAddress.isLoopback(host)
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// A setting that cannot work, with the reason.
    public struct ConfigurationError: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// The SQLite file.
    public var databasePath: String
    /// The PostgreSQL database shared with other instances, in place of the SQLite file at `databasePath`.
    public var postgres: PostgresLocation?
    /// How long this instance's claims last without renewal on PostgreSQL: after a crash, its rows go to the
    /// others this long after its last renewal.
    public var instanceLease: Duration = .seconds(15)
    /// Whether to serve JSON-RPC on stdin/stdout.
    public var stdio: Bool
    /// The Model Context Protocol on stdin/stdout in place of JSON-RPC (`mocean-notify mcp`), when set.
    public var mcp: MCPOptions?
    /// Where to listen for TCP clients, if anywhere.
    public var tcp: Endpoint?
    /// Where to serve the HTTP front (webhooks, delivery reports, `/rpc`, health, metrics), if anywhere.
    public var http: Endpoint?
    /// The address the store and the gateway reach the HTTP front at (`https://notify.example.com`, behind a
    /// TLS-terminating proxy): the webhooks' destination and the delivery reports' URL are made from it.
    public var publicURL: String?
    /// The largest HTTP request body accepted.
    public var httpMaximumBodyBytes = 1 << 20
    /// How long an HTTP connection may stay without reading or writing before it is closed.
    public var httpIdleTimeout: Duration = .seconds(30)
    /// The header a reverse proxy on this machine puts the client's address in (`X-Forwarded-For`,
    /// `X-Real-IP`); nil to take the connection's peer address.
    public var httpClientAddressHeader: String?
    /// The clock of the guessing limits, the refusal log and the front's caches; tests move one by hand.
    public var clock = ServiceClock.continuous
    /// How many wrong tokens one client address may give (then it is held back), and all addresses together
    /// (then attempts are checked slowly), wherever the token is checked.
    public var credentialLimitPerAddress = CredentialGuard.defaultPerAddress
    public var credentialLimitOverall = CredentialGuard.defaultOverall
    /// Refusals of unauthenticated clients are logged as one line at the first, then one summary an interval.
    public var refusalLogInterval: Duration = .seconds(10)
    /// Where the metrics are kept, for `/metrics`.
    public let metricsRegistry = PrometheusCollectorRegistry()
    /// The token TCP clients must give to `session.authenticate` before anything else.
    public var token: String?
    /// The longest request line accepted.
    public var maximumLineBytes: Int
    /// Whether to also serve the JSON-RPC spec's demo methods (for conformance testing of clients).
    public var conformanceMethods: Bool
    /// How many TCP connections may be open at once.
    public var maximumConnections: Int
    /// How many of them may be waiting to authenticate (with a token).
    public var maximumUnauthenticatedConnections: Int = 64
    /// How long a TCP connection may stay idle before it is closed; nil for never.
    public var idleTimeout: Duration? = .seconds(300)
    /// How long a TCP connection has to authenticate (with a token).
    public var authenticationTimeout: Duration = .seconds(10)
    /// How long a graceful shutdown may take in all: calls in hand get most of it, then are cancelled and
    /// answered with -32004.
    public var shutdownGrace: Duration = .seconds(10)

    /// Tuning of the domain's services (balance checks, status checks, delivery reports).
    public var services = NotifierServices.Options()

    /// The shortest token accepted for an address other computers can reach.
    public static let minimumPublicTokenLength = 16

    public init(
        databasePath: String, stdio: Bool, tcp: Endpoint?, token: String?,
        maximumLineBytes: Int = LineFramer.defaultMaximumLineBytes, conformanceMethods: Bool = false,
        maximumConnections: Int = 1024
    ) {
        self.maximumConnections = maximumConnections
        self.databasePath = databasePath
        self.stdio = stdio
        self.tcp = tcp
        self.token = token
        self.maximumLineBytes = maximumLineBytes
        self.conformanceMethods = conformanceMethods
    }

    /// What `mocean-notify mcp` serves.
    public struct MCPOptions: Sendable, Equatable {
        /// Which methods become tools.
        public var selection = MCPToolCatalog.Selection()
        /// The one store the assistant acts on (its id or hash); every store, as the operator, when nil.
        public var store: String?
        /// The store `store` names, found at start-up.
        public var boundStore: StoreID?

        public init(selection: MCPToolCatalog.Selection = .init(), store: String? = nil) {
            self.selection = selection
            self.store = store
        }
    }

    /// Refuses settings that would be unsafe or cannot work.
    ///
    /// - Throws: ``ConfigurationError`` saying why and what to do instead.
    public func validate() throws(ConfigurationError) {
        if mcp != nil && stdio {
            throw ConfigurationError("stdin/stdout carry MCP or JSON-RPC, not both: leave out --stdio")
        }
        if let token, token.allSatisfy({ $0.isWhitespace }) {
            throw ConfigurationError(
                "the token is empty or blank: give a token of printable characters with --token, --token-file "
                    + "or MOCEAN_NOTIFY_TOKEN, or none at all")
        }
        if let token, token.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw ConfigurationError("the token contains a control character: use printable characters only")
        }
        if let header = httpClientAddressHeader {
            let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
            guard (1...64).contains(header.count), header.allSatisfy(tokenCharacters.contains) else {
                throw ConfigurationError(
                    "--http-client-address-header \"\(header.prefix(40))\" is not a header name: give one such as "
                        + "X-Forwarded-For or X-Real-IP (letters, digits and - only)")
            }
        }
        for endpoint in [tcp, http].compactMap(\.self) where !endpoint.isLoopback {
            guard let token else {
                throw ConfigurationError(
                    "refusing to listen on \(endpoint) without a token: any machine that reaches this address could "
                        + "send SMS on the account. Start with --token-file (or MOCEAN_NOTIFY_TOKEN), or listen "
                        + "on 127.0.0.1")
            }
            guard token.count >= Self.minimumPublicTokenLength else {
                throw ConfigurationError(
                    "refusing to listen on \(endpoint) with a token of \(token.count) characters: other machines can "
                        + "reach this address, so give a token of at least \(Self.minimumPublicTokenLength) "
                        + "characters (e.g. from `openssl rand -hex 24`)")
            }
        }
        if let publicURL {
            guard http != nil else {
                throw ConfigurationError("--public-url needs --http HOST:PORT: it is the HTTP front's address")
            }
            do {
                try StoreService.checkDestination(publicURL)
            } catch {
                throw ConfigurationError(
                    "--public-url: \(error.reason). Give the https:// address the store and the gateway reach this "
                        + "service at (plain http only for this machine: the delivery reports' secret travels in "
                        + "it), e.g. https://notify.example.com")
            }
            let local = publicURL.lowercased().hasPrefix("http://")  // checkDestination allows it for loopback only
            guard local || (token?.count ?? 0) >= Self.minimumPublicTokenLength else {
                throw ConfigurationError(
                    "--public-url makes the HTTP front reachable from other machines (through a proxy, which "
                        + "addresses it as 127.0.0.1), so /rpc needs a token of at least "
                        + "\(Self.minimumPublicTokenLength) characters: start with --token-file (or MOCEAN_NOTIFY_TOKEN)"
                )
            }
        }
        guard (1024...(64 << 20)).contains(httpMaximumBodyBytes) else {
            throw ConfigurationError(
                "--http-max-body \(httpMaximumBodyBytes) is out of range: give 1024 to 67108864 bytes (64 MiB)")
        }
        guard (256...(1 << 30)).contains(maximumLineBytes) else {
            throw ConfigurationError(
                "--max-line-bytes \(maximumLineBytes) is out of range: give 256 (the smallest useful request) to "
                    + "1073741824 (1 GiB)")
        }
        guard maximumConnections >= 1 else {
            throw ConfigurationError("--max-connections \(maximumConnections) must be at least 1")
        }
        guard maximumUnauthenticatedConnections >= 1 else {
            throw ConfigurationError(
                "--max-unauthenticated \(maximumUnauthenticatedConnections) must be at least 1")
        }
        guard shutdownGrace >= .milliseconds(100) else {
            throw ConfigurationError("--shutdown-grace must be at least 0.1 seconds")
        }
        guard stdio || mcp != nil || tcp != nil || http != nil else {
            throw ConfigurationError("nothing to serve: give --stdio, --tcp HOST:PORT, --http HOST:PORT, or several")
        }
    }
}
