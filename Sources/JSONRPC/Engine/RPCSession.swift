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
    /// The client's address (`127.0.0.1`), when the transport has one: the key of per-client limits.
    public let peerAddress: String?
    /// Whether calls other than the authentication method are refused until the client authenticates.
    public let requiresAuthentication: Bool
    private let authenticated: Atomic<Bool>
    private let authenticationFailures = Atomic<Int>(0)
    private let closing = Atomic<Bool>(false)
    private let outbound: any RPCOutbound
    /// How many failed authentications a session that requires authentication may have; the last one closes it.
    public static let maximumAuthenticationFailures = 5
    /// Told once when the session authenticates (the TCP server counts authenticated connections apart).
    private let onAuthenticated: (@Sendable () -> Void)?
    /// Who the client proved to be, in the application's own terms (the engine only keeps it).
    private let principalBox = Mutex<(any Sendable)?>(nil)

    /// Creates a session writing to `outbound`.
    public init(
        label: String, requiresAuthentication: Bool, outbound: any RPCOutbound, peerAddress: String? = nil,
        onAuthenticated: (@Sendable () -> Void)? = nil
    ) {
        self.label = label
        self.peerAddress = peerAddress
        self.requiresAuthentication = requiresAuthentication
        self.authenticated = Atomic(false)
        self.outbound = outbound
        self.onAuthenticated = onAuthenticated
    }

    /// Whether the client may call any method: it authenticated, or no authentication is required.
    public var isAuthorized: Bool {
        !requiresAuthentication || authenticated.load(ordering: .acquiring)
    }

    /// Records that the client proved who it is.
    public func markAuthenticated() {
        let (exchanged, _) = authenticated.compareExchange(
            expected: false, desired: true, ordering: .acquiringAndReleasing)
        if exchanged { onAuthenticated?() }
    }

    /// Who the client proved to be, as the application set it; nil until it does.
    public var principal: (any Sendable)? { principalBox.withLock { $0 } }

    /// Records who the client proved to be (the application decides what that is).
    public func setPrincipal(_ principal: (any Sendable)?) {
        principalBox.withLock { $0 = principal }
    }

    /// Whether the session has authenticated (whether or not it had to).
    public var hasAuthenticated: Bool { authenticated.load(ordering: .acquiring) }

    /// Records a failed authentication and returns how many the session has had; the
    /// ``maximumAuthenticationFailures``th closes the session after its answer.
    public func recordAuthenticationFailure() -> Int {
        let count = authenticationFailures.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
        if count >= Self.maximumAuthenticationFailures { close() }
        return count
    }

    /// Asks the transport to end the session once the answer in hand is written.
    public func close() {
        closing.store(true, ordering: .releasing)
    }

    /// Whether the session is to end after the answer in hand.
    public var isClosing: Bool { closing.load(ordering: .acquiring) }

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
