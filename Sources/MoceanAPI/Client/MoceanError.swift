/// A failure of a gateway call, typed so callers can decide whether to retry.
public struct MoceanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The credentials were refused (status 1), or the server's IP is not on the account's whitelist.
        case authorization
        /// The account's credit does not cover the message (status 2).
        case insufficientBalance
        /// The receiver cannot get messages: invalid, blacklisted, not whitelisted, unknown (4, 5, 6, 28, 65, 73).
        case invalidDestination
        /// The sender ID is not allowed (8, 37, 44, 48, 49).
        case invalidSender
        /// The request was refused for its content (19, 23, 27, 29, 34, 50, 69, 70), or failed with the
        /// gateway's "unknown error" (24) or a code it has not documented. Final: the message may have gone out.
        case rejected
        /// Too many requests: throttled or flooding (32, 43, HTTP 429). Transient.
        case throttled
        /// The gateway is down, in maintenance or failing (40, 45, HTTP 5xx). Transient.
        case gatewayDown
        /// No connection, or it broke. Transient.
        case network
        /// No answer in time. Transient.
        case timeout
        /// The TLS handshake failed, e.g. the certificate does not verify.
        case tls
        /// The answer is not what MoceanAPI sends.
        case malformedResponse
        /// The caller stopped waiting (its task was cancelled). Final: nobody is waiting for a retry.
        case cancelled
    }

    public let kind: Kind
    /// The gateway's own words (URL-decoded), or ours when the gateway said nothing.
    public let message: String
    /// The gateway's status code, when it gave one.
    public let gatewayStatus: Int?
    /// The HTTP status, when a response arrived.
    public let httpStatus: Int?

    public init(kind: Kind, message: String, gatewayStatus: Int? = nil, httpStatus: Int? = nil) {
        self.kind = kind
        self.message = message
        self.gatewayStatus = gatewayStatus
        self.httpStatus = httpStatus
    }

    /// Whether trying again later may succeed.
    public var isTransient: Bool {
        switch kind {
        case .throttled, .gatewayDown, .network, .timeout: true
        case .authorization, .insufficientBalance, .invalidDestination, .invalidSender, .rejected, .tls,
            .malformedResponse, .cancelled:
            false
        }
    }

    public var description: String {
        var text = "\(kind.rawValue): \(message)"
        if let gatewayStatus { text += " (status \(gatewayStatus))" }
        if let httpStatus { text += " (HTTP \(httpStatus))" }
        return text
    }

    /// The error a gateway status code stands for.
    public static func gateway(status: Int, message: String, httpStatus: Int? = nil) -> MoceanError {
        MoceanError(kind: kind(forStatus: status), message: message, gatewayStatus: status, httpStatus: httpStatus)
    }

    static func kind(forStatus status: Int) -> Kind {
        switch status {
        case 1: .authorization
        case 2: .insufficientBalance
        case 4, 5, 6, 28, 65, 73: .invalidDestination
        case 8, 37, 44, 48, 49: .invalidSender
        case 32, 43: .throttled
        case 40, 45: .gatewayDown
        default: .rejected
        }
    }
}
