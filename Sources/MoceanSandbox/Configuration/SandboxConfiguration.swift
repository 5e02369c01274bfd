import Glibc
import HostAddress

/// Everything the sandbox needs to start: where to listen, whom to accept, the account it pretends to hold,
/// and the faults to inject.
public struct SandboxConfiguration: Sendable, Equatable {
    /// The credentials the sandbox accepts, in either or both of MoceanAPI's forms.
    ///
    /// Its description shows the key but never the secret or the token, so it is safe to log.
    public struct Credentials: Sendable, Equatable, CustomStringConvertible {
        /// The `mocean-api-key` parameter, accepted together with ``apiSecret``.
        public var apiKey: String?
        /// The `mocean-api-secret` parameter, accepted together with ``apiKey``.
        public var apiSecret: String?
        /// The token of an `Authorization: Bearer` header.
        public var apiToken: String?

        /// Key `sandbox-key` with secret `sandbox-secret`: what the sandbox accepts when given nothing.
        public static let defaults = Credentials(apiKey: "sandbox-key", apiSecret: "sandbox-secret")

        public init(apiKey: String? = nil, apiSecret: String? = nil, apiToken: String? = nil) {
            self.apiKey = apiKey
            self.apiSecret = apiSecret
            self.apiToken = apiToken
        }

        public var description: String {
            let hidden = { (value: String?) in value == nil ? "nil" : "<hidden>" }
            return "Credentials(apiKey: \(apiKey ?? "nil"), apiSecret: \(hidden(apiSecret)), "
                + "apiToken: \(hidden(apiToken)))"
        }

        /// Refuses half a key pair, empty values, and having no form at all.
        ///
        /// - Throws: ``SandboxConfigurationError`` naming the flag to give.
        public func validate() throws(SandboxConfigurationError) {
            for (name, value) in [("--api-key", apiKey), ("--api-secret", apiSecret), ("--api-token", apiToken)] {
                if let value, value.isEmpty { throw SandboxConfigurationError("\(name) is empty: give a value") }
            }
            switch (apiKey, apiSecret) {
            case (.some, nil):
                throw SandboxConfigurationError("--api-key needs --api-secret: give both (a token alone needs neither)")
            case (nil, .some):
                throw SandboxConfigurationError("--api-secret needs --api-key: give both (a token alone needs neither)")
            case (nil, nil) where apiToken == nil:
                throw SandboxConfigurationError("no credentials: give --api-key with --api-secret, or --api-token")
            default: return
            }
        }
    }

    /// The host to bind; only loopback addresses are allowed.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// The credentials requests must carry.
    public var credentials: Credentials
    /// The account balance at start, rounded to 4 decimals.
    public var balance: Double
    /// The store the sandbox plays beside the gateway: its hash, the token it accepts, how many customers its
    /// catalogue has, its quota (requests per 30 s; nil for none), and how it sends webhooks.
    public var store = StoreSettings()

    /// The store the sandbox plays.
    ///
    /// Its description leaves out the token and the client secret, so it is safe to log.
    public struct StoreSettings: Sendable, Equatable, CustomStringConvertible {
        /// The store hash of `/stores/{hash}/...`.
        public var hash = "sandbox"
        /// The `X-Auth-Token` the store's API accepts.
        public var token = "sandbox-store-token"
        /// How many customers the catalogue has; orders 100 and up follow from them.
        public var customers = 200
        /// Store API requests allowed per 30 s; nil for no quota.
        public var quota: Int?
        /// The store app's client secret: the key that signs webhooks (Standard Webhooks' HMAC-SHA256).
        public var clientSecret = "sandbox-client-secret"
        /// What BigCommerce's webhook retry schedule (60 s up to 24 h) is multiplied by: 1/600 makes 60 s
        /// 0.1 s; 1 is real time.
        public var webhookRetryScale = 1.0 / 600

        public init() {}

        public var description: String {
            "StoreSettings(hash: \(hash), customers: \(customers), quota: \(quota.map(String.init) ?? "nil"), "
                + "webhookRetryScale: \(webhookRetryScale))"
        }

        /// Refuses values out of range, naming the command-line flag.
        ///
        /// - Throws: ``SandboxConfigurationError`` with what would be right.
        public func validate() throws(SandboxConfigurationError) {
            guard !hash.isEmpty, hash.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw SandboxConfigurationError("--store-hash \(hash) must be letters and digits")
            }
            guard !token.isEmpty else { throw SandboxConfigurationError("--store-token must not be empty") }
            guard (0...10_000_000).contains(customers) else {
                throw SandboxConfigurationError(
                    "--store-customers \(customers) is out of range: give 0 to 10000000")
            }
            if let quota, !(1...1_000_000).contains(quota) {
                throw SandboxConfigurationError(
                    "--store-quota \(quota) is out of range: give 0 (no quota) to 1000000")
            }
            guard !clientSecret.isEmpty else {
                throw SandboxConfigurationError("--store-client-secret must not be empty")
            }
            guard webhookRetryScale.isFinite, (0...1).contains(webhookRetryScale) else {
                throw SandboxConfigurationError(
                    "--store-webhook-retry-scale \(webhookRetryScale) is out of range: give 0 to 1 (real time)")
            }
        }
    }
    /// The account currency, e.g. `EUR`, shown by the pricing endpoint.
    public var currency: String
    /// The price of one SMS part, rounded to 4 decimals.
    public var pricePerPart: Double
    /// The faults injected at start; `POST /sandbox/faults` changes them while running.
    public var faults: FaultSettings
    /// How long after an accepted send the message counts as delivered and its delivery report is posted.
    public var deliveryReportDelayMilliseconds: Int
    /// Seeds the fault generator; nil picks a random seed.
    public var seed: UInt64?
    /// The BigCommerce app the login service knows from the start; nil until `POST /sandbox/apps`.
    public var app: AppSettings?
    /// How long an install's code may wait for its exchange: 10 minutes, as at BigCommerce.
    public var authorizationCodeLifetime = Duration.seconds(600)

    public init(
        host: String = "127.0.0.1", port: Int = 0, credentials: Credentials = .defaults, balance: Double = 6.4448,
        currency: String = "EUR", pricePerPart: Double = 0.05, faults: FaultSettings = FaultSettings(),
        deliveryReportDelayMilliseconds: Int = 500, seed: UInt64? = nil
    ) {
        self.host = host
        self.port = port
        self.credentials = credentials
        self.balance = balance
        self.currency = currency
        self.pricePerPart = pricePerPart
        self.faults = faults
        self.deliveryReportDelayMilliseconds = deliveryReportDelayMilliseconds
        self.seed = seed
    }

    /// Refuses settings that cannot work or would expose the sandbox beyond this machine.
    ///
    /// - Throws: ``SandboxConfigurationError`` saying what is wrong and what to give instead.
    public func validate() throws(SandboxConfigurationError) {
        guard Self.isLoopback(host) else {
            throw SandboxConfigurationError(
                "refusing to listen on \(host): the sandbox is for this machine only; give --host 127.0.0.1, ::1 "
                    + "or localhost")
        }
        guard (0...65535).contains(port) else {
            throw SandboxConfigurationError("--port \(port) is out of range: give 0 (a free port) to 65535")
        }
        try credentials.validate()
        guard balance.isFinite, (0...1_000_000_000).contains(balance) else {
            throw SandboxConfigurationError("--balance \(balance) is out of range: give 0 to 1000000000")
        }
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw SandboxConfigurationError("--currency \(currency) is not a currency code: give 3 capitals, e.g. EUR")
        }
        guard pricePerPart.isFinite, (0...1000).contains(pricePerPart) else {
            throw SandboxConfigurationError("--price \(pricePerPart) is out of range: give 0 to 1000")
        }
        try faults.validate()
        try store.validate()
        if let app { _ = try app.registered() }
        guard authorizationCodeLifetime > .zero else {
            throw SandboxConfigurationError("the authorization code lifetime must be more than 0")
        }
        guard (0...3_600_000).contains(deliveryReportDelayMilliseconds) else {
            throw SandboxConfigurationError(
                "--dlr-delay-ms \(deliveryReportDelayMilliseconds) is out of range: give 0 to 3600000 (an hour)")
        }
    }

    /// Whether only this machine can reach `host`: `localhost`, an IPv4 literal in 127.0.0.0/8, or `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        HostAddress.isLoopback(host)
    }
}

/// A sandbox setting that cannot work, with the reason.
public struct SandboxConfigurationError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
