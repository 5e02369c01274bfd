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
    ///
    /// - Parameter attemptsLeft: how many more failures the session may have before it is closed.
    public static func authenticationFailed(attemptsLeft: Int) -> RPCError {
        RPCError(
            code: -32002,
            message: attemptsLeft > 0
                ? "Authentication failed: the token is not the one the server was started with"
                : "Authentication failed too many times: the connection is closed",
            data: ["attemptsLeft": .number(JSONNumber(attemptsLeft))])
    }

    /// -32002 too: the token was not checked, because too many wrong ones came from the client's address (or
    /// from everywhere) lately; a later attempt may be checked.
    public static func authenticationHeldBack(retryAfterSeconds: Int, attemptsLeft: Int) -> RPCError {
        RPCError(
            code: -32002,
            message: "Authentication held back: too many wrong tokens from this address lately; try again in "
                + "\(retryAfterSeconds) s",
            data: [
                "attemptsLeft": .number(JSONNumber(attemptsLeft)),
                "retryAfterSeconds": .number(JSONNumber(retryAfterSeconds)),
            ])
    }

    /// -32003: a line longer than the server's limit; it was dropped unread.
    public static func requestTooLarge(byteCount: Int, limit: Int) -> RPCError {
        RPCError(
            code: -32003,
            message: "Request too large: \(byteCount) bytes, the limit is \(limit) bytes per line",
            data: ["byteCount": .number(JSONNumber(byteCount)), "limit": .number(JSONNumber(limit))])
    }

    /// -32004: the service is stopping (SIGTERM or SIGINT), so this call was not run, or was cancelled before
    /// it finished; `data.ran` says which. Calls that did not run can be sent again to the restarted service.
    public static func serviceStopping(ran: Bool) -> RPCError {
        RPCError(
            code: -32004,
            message: ran
                ? "Service stopping: the call was cancelled before it finished"
                : "Service stopping: the call was not run",
            data: ["ran": .bool(ran)])
    }
}
