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
    /// The front's clock for its caches, limits and log intervals (tests move one by hand).
    public var clock = FrontClock.continuous
    /// How many wrong credentials (token on `/rpc`, console sign-in) one client address may give, and how
    /// many all addresses together; beyond them, attempts are refused unchecked until the buckets refill.
    public var credentialLimitPerAddress = CredentialLimit(burst: 10, perSecond: 1.0 / 6)
    public var credentialLimitOverall = CredentialLimit(burst: 60, perSecond: 1)
    /// Refusals of unauthenticated clients are logged as one line at the first, then one summary line an
    /// interval.
    public var refusalLogInterval: Duration = .seconds(10)
    /// How long the gateway's reachability is remembered by `/healthz`.
    public var gatewayCheckInterval: Duration = .seconds(60)

    /// Listens on `host:port`; `/rpc` requires `token` when one is given.
    public init(host: String, port: Int, token: String?) {
        self.host = host
        self.port = port
        self.token = token
    }
}
