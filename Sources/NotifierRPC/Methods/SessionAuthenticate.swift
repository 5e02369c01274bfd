import JSONRPC

/// `session.authenticate`: proves the client knows the server's token; until then a TCP session of a
/// server started with `--token` may call nothing else.
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

    func handle(_ params: Params, context: RPCContext) async throws -> Result {
        if let expectedToken {
            guard Self.constantTimeEquals(params.token, expectedToken) else {
                context.logger.warning("authentication failed")
                throw RPCError.authenticationFailed
            }
        }
        context.session.markAuthenticated()
        return Result(authenticated: true, required: context.session.requiresAuthentication)
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
