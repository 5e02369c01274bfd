/// Server errors of the transport and session layer, in the range the spec leaves to servers (-32000 to -32099).
extension RPCError {
    /// -32001: the session must authenticate before calling anything else.
    public static func unauthenticated(authenticationMethod: String?) -> RPCError {
        RPCError(
            code: -32001,
            message: "Unauthenticated: call \(authenticationMethod ?? "the authentication method") with the "
                + "server's token first",
            data: authenticationMethod.map { ["authenticationMethod": .string($0)] })
    }

    /// -32002: the token given to the authentication method is not the server's.
    public static let authenticationFailed = RPCError(
        code: -32002, message: "Authentication failed: the token is not the one the server was started with")

    /// -32003: a line longer than the server's limit; it was dropped unread.
    public static func requestTooLarge(byteCount: Int, limit: Int) -> RPCError {
        RPCError(
            code: -32003,
            message: "Request too large: \(byteCount) bytes, the limit is \(limit) bytes per line",
            data: ["byteCount": .number(JSONNumber(byteCount)), "limit": .number(JSONNumber(limit))])
    }
}
