/// A failure of a store API call, typed so callers can decide whether to retry.
public struct BigCommerceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The token was refused (401, 403).
        case unauthorized
        /// The resource does not exist (404): a deleted shipment, a purged cart. Final.
        case gone
        /// Too many requests (429) even after waiting for the quota. Transient.
        case rateLimited
        /// The store's API failed (5xx). Transient.
        case serverError
        /// No connection, or it broke. Transient.
        case network
        /// No answer in time. Transient.
        case timeout
        /// Another refusal (400, 422...). Final.
        case rejected
        /// The answer is not the store API's.
        case malformedResponse
        /// The caller stopped waiting.
        case cancelled
    }

    public let kind: Kind
    /// The store's words (its `title` or `error`), or ours.
    public let message: String
    public let httpStatus: Int?

    public init(kind: Kind, message: String, httpStatus: Int? = nil) {
        self.kind = kind
        self.message = message
        self.httpStatus = httpStatus
    }

    /// Whether trying again later may succeed.
    public var isTransient: Bool {
        switch kind {
        case .rateLimited, .serverError, .network, .timeout: true
        case .unauthorized, .gone, .rejected, .malformedResponse, .cancelled: false
        }
    }

    public var description: String {
        "\(kind.rawValue): \(message)" + (httpStatus.map { " (HTTP \($0))" } ?? "")
    }
}
