import JSONRPC

/// Every error code the service can answer with; `schema/openrpc.json` documents the same set under
/// `components.errors`, and a test keeps the two equal.
public enum ErrorCatalog {
    /// One documented error: its name under `components.errors` in the contract, and its code.
    public struct Entry: Sendable, Hashable {
        public let name: String
        public let code: Int
    }

    /// All codes: the spec's own, the server's (-32000 to -32099), and the domain's (outside the reserved range).
    public static let all: [Entry] = [
        Entry(name: "ParseError", code: -32700),
        Entry(name: "InvalidRequest", code: -32600),
        Entry(name: "MethodNotFound", code: -32601),
        Entry(name: "InvalidParams", code: -32602),
        Entry(name: "InternalError", code: -32603),
        Entry(name: "Unauthenticated", code: RPCError.unauthenticated(authenticationMethod: nil).code),
        Entry(name: "AuthenticationFailed", code: RPCError.authenticationFailed(attemptsLeft: 0).code),
        Entry(name: "RequestTooLarge", code: RPCError.requestTooLarge(byteCount: 0, limit: 0).code),
        Entry(name: "ServiceStopping", code: RPCError.serviceStopping(ran: false).code),
        Entry(name: "AccountNotConfigured", code: DomainErrorCode.accountNotConfigured),
        Entry(name: "GatewayAuthorizationFailed", code: DomainErrorCode.gatewayAuthorization),
        Entry(name: "GatewayUnavailable", code: DomainErrorCode.gatewayUnavailable),
        Entry(name: "GatewayRejected", code: DomainErrorCode.gatewayRejected),
        Entry(name: "NotFound", code: DomainErrorCode.notFound),
        Entry(name: "StoreUnavailable", code: DomainErrorCode.storeUnavailable),
        Entry(name: "StoreRejected", code: DomainErrorCode.storeRejected),
        Entry(name: "BalanceTooLow", code: DomainErrorCode.balanceTooLow),
        Entry(name: "WrongState", code: DomainErrorCode.wrongState),
        Entry(name: "OperatorOnly", code: DomainErrorCode.operatorOnly),
    ]
}
