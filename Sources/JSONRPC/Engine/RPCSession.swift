import Synchronization

/// Where a session's outgoing messages go: one JSON text per call, framed by the transport.
public protocol RPCOutbound: Sendable {
    /// Sends one JSON text (without its newline).
    ///
    /// - Throws: when the peer is gone; the session then stops sending.
    func send(_ message: [UInt8]) async throws
}

/// The state of one client connection: who it is, whether it has authenticated, and the way back to it.
///
/// Each stdio run and each TCP connection has its own session; requests on it are answered in order.
public final class RPCSession: Sendable {
    /// A label for logs: `stdio`, or `tcp 127.0.0.1:53122`.
    public let label: String
    /// Whether calls other than the authentication method are refused until the client authenticates.
    public let requiresAuthentication: Bool
    private let authenticated: Atomic<Bool>
    private let outbound: any RPCOutbound

    /// Creates a session writing to `outbound`.
    public init(label: String, requiresAuthentication: Bool, outbound: any RPCOutbound) {
        self.label = label
        self.requiresAuthentication = requiresAuthentication
        self.authenticated = Atomic(false)
        self.outbound = outbound
    }

    /// Whether the client may call any method: it authenticated, or no authentication is required.
    public var isAuthorized: Bool {
        !requiresAuthentication || authenticated.load(ordering: .acquiring)
    }

    /// Records that the client proved who it is.
    public func markAuthenticated() {
        authenticated.store(true, ordering: .releasing)
    }

    /// Sends a notification of the server's own to the client (progress, events). It is never answered.
    ///
    /// - Throws: when the client is gone or `params` cannot be encoded.
    public func notify(method: String, params: (some Encodable & Sendable)?) async throws {
        let encoded = try params.map { try JSONValueEncoder().encode($0) }
        try await send(RPCMessages.notification(method: method, params: encoded))
    }

    /// Sends one message as it is.
    func send(_ message: JSONValue) async throws {
        try await outbound.send(JSONWriter.serialize(message))
    }
}
