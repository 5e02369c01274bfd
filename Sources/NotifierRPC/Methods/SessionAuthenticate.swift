import JSONRPC

/// `session.authenticate`: proves the client knows the server's token; until then a TCP session of a
/// server started with `--token` may call nothing else.
///
/// Guessing is slowed down: each failure on a session waits longer before it is answered (0.25 s, doubling,
/// at most 2 s), and the fifth closes the connection. Across sessions, the client's address and everyone
/// together are held to the service's guessing limits (``TokenCheck``), shared with the HTTP front; failures
/// are logged in a bounded way, never per attempt.
struct SessionAuthenticate: RPCMethod {
    static let name = "session.authenticate"
    static let parameters: [RPCParameter] = [.required("token")]

    struct Params: Decodable, Sendable {
        let token: String
    }

    struct Result: Encodable, Sendable {
        /// Always true: a wrong token is an error.
        let authenticated: Bool
        /// Whether this session needed it (false over stdio, or when the server has no token).
        let required: Bool
    }

    /// The token the server was started with; nil when none is set.
    let expectedToken: String?
    /// The guessing limits and the refusals' log.
    let tokenCheck: TokenCheck

    func handle(_ params: Params, context: RPCContext) async throws -> Result {
        if let expectedToken {
            let session = context.session
            guard !session.isClosing else { throw await failure(context) }
            if session.requiresAuthentication {
                let outcome = await tokenCheck.check(
                    params.token, against: expectedToken, from: session.peerAddress ?? session.label,
                    what: "wrong token at session.authenticate")
                switch outcome {
                case .right(let caller): session.setPrincipal(caller)
                case .wrong: throw await failure(context)
                case .refused(let wait):
                    let failures = session.recordAuthenticationFailure()
                    throw RPCError.authenticationHeldBack(
                        retryAfterSeconds: max(1, Int(wait.components.seconds) + 1),
                        attemptsLeft: max(0, RPCSession.maximumAuthenticationFailures - failures))
                }
            } else if !Self.constantTimeEquals(params.token, expectedToken) {
                throw await failure(context)
            }
        }
        context.session.markAuthenticated()
        return Result(authenticated: true, required: context.session.requiresAuthentication)
    }

    /// Counts and slows down a failed attempt; the error to answer with.
    private func failure(_ context: RPCContext) async -> RPCError {
        let session = context.session
        guard session.requiresAuthentication else { return .authenticationFailed(attemptsLeft: 1) }
        let failures = session.recordAuthenticationFailure()
        let attemptsLeft = max(0, RPCSession.maximumAuthenticationFailures - failures)
        if attemptsLeft == 0 { return .authenticationFailed(attemptsLeft: 0) }
        try? await Task.sleep(for: Self.delay(afterFailures: failures))
        return .authenticationFailed(attemptsLeft: attemptsLeft)
    }

    /// 0.25 s after the first failure, doubling, at most 2 s.
    static func delay(afterFailures failures: Int) -> Duration {
        .milliseconds(250 << min(3, max(0, failures - 1)))
    }

    /// Compares without stopping at the first difference, so timing does not reveal the token.
    static func constantTimeEquals(_ given: String, _ expected: String) -> Bool {
        let left = Array(given.utf8)
        let right = Array(expected.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }
}
