import NotifierRPC

/// How the HTTP front listens and what it accepts.
public struct HTTPFrontConfiguration: Sendable {
    /// The address to bind; loopback unless a token protects `/rpc`.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// The token `/rpc` requires as `Authorization: Bearer TOKEN`; nil for none (loopback only).
    public var token: String?
    /// The largest request body accepted, in bytes.
    public var maximumBodyBytes: Int = 1 << 20
    /// How long a connection may stay without reading or writing (a slow or stalled client) before it is closed.
    public var idleTimeout: Duration = .seconds(30)
    /// How far a webhook's `webhook-timestamp` may be from now (replays older than this are refused).
    public var webhookTolerance: Duration = .seconds(300)
    /// Whether browsers reach the front over HTTPS (its public URL is https): the console's cookie is then
    /// `Secure`.
    public var secureCookies = false
    /// The address browsers reach the front at (`https://notify.example.com`), whose origin the console
    /// accepts beside the address a request is made to; nil when it is reached directly.
    public var publicURL: String?
    /// The front's clock for its caches (tests move one by hand).
    public var clock = ServiceClock.continuous
    /// The header a reverse proxy on this machine sets to the client's address (`X-Forwarded-For`, of which
    /// the last entry is taken, or `X-Real-IP`); nil to take the connection's peer. Believed only from a peer
    /// on this machine. The client address keys the guessing limits.
    public var clientAddressHeader: String?
    /// How long the gateway's reachability is remembered by `/healthz`.
    public var gatewayCheckInterval: Duration = .seconds(60)

    /// Listens on `host:port`; `/rpc` requires `token` when one is given.
    public init(host: String, port: Int, token: String?) {
        self.host = host
        self.port = port
        self.token = token
    }
}
