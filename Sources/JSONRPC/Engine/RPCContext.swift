import Logging

/// What a method's handler knows of the call it is answering.
public struct RPCContext: Sendable {
    /// The client's session: its authentication state and the way to send it notifications.
    public let session: RPCSession
    /// The request's id; nil for a notification, whose result nobody will see.
    public let requestID: JSONValue?
    /// A logger carrying the method name and session label.
    public let logger: Logger

    public init(session: RPCSession, requestID: JSONValue?, logger: Logger) {
        self.session = session
        self.requestID = requestID
        self.logger = logger
    }
}
