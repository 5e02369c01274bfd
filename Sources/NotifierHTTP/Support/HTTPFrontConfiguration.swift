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
    /// How long the gateway's reachability is remembered by `/healthz`.
    public var gatewayCheckInterval: Duration = .seconds(60)

    /// Listens on `host:port`; `/rpc` requires `token` when one is given.
    public init(host: String, port: Int, token: String?) {
        self.host = host
        self.port = port
        self.token = token
    }
}
