/// How to reach the gateway and who we are to it.
public struct MoceanConfiguration: Sendable, Equatable {
    /// The two ways MoceanAPI authenticates a caller.
    public enum Credentials: Sendable, Equatable, CustomStringConvertible {
        /// `mocean-api-key` and `mocean-api-secret` sent as parameters of every request.
        case keyAndSecret(key: String, secret: String)
        /// `Authorization: Bearer <token>` (MoceanAPI's newer form); a token alone is enough.
        case token(String)

        /// Which form, and the key; never the secret or the token.
        public var description: String {
            switch self {
            case .keyAndSecret(let key, _): "key \(key) with its secret"
            case .token: "a token"
            }
        }
    }

    /// The gateway's base URL, without a trailing slash (default `https://rest.moceanapi.com`).
    public var baseURL: String
    public var credentials: Credentials
    /// The `mocean-medium` tag naming the calling client.
    public var medium: String
    /// The most one request may take.
    public var timeout: Duration

    /// The public gateway.
    public static let defaultBaseURL = "https://rest.moceanapi.com"

    public init(
        baseURL: String = defaultBaseURL, credentials: Credentials, medium: String = "mocean-notify",
        timeout: Duration = .seconds(30)
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.credentials = credentials
        self.medium = medium
        self.timeout = timeout
    }
}
