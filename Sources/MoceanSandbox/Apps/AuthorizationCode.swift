/// A code the login service issued at an install, for the app to exchange once for the store's token.
struct AuthorizationCode: Sendable {
    /// The store whose install issued it; its context is `stores/{hash}`.
    let storeHash: String
    /// The scopes approved, space-separated.
    let scope: String
    /// The user who installed the app.
    let user: AppUser
    let issuedAt: ContinuousClock.Instant
    /// Whether it was exchanged already: a code opens one exchange only.
    var used = false

    /// `stores/{hash}`, as the auth callback's `context` and the exchange's give it.
    var context: String { "stores/\(storeHash)" }
}

/// Why a token exchange was refused, as an OAuth error answer:
/// `{"error": "invalid_grant", "error_description": "..."}`.
struct TokenExchangeError: Error, Sendable {
    /// OAuth's error code: `invalid_request`, `invalid_client`, `unsupported_grant_type` or `invalid_grant`.
    let code: String
    /// What was wrong, for the app's developer.
    let description: String
    /// 401 for the client's credentials, else 400.
    let status: Int

    /// A body that is not an exchange request, or lacks `field`.
    static func invalidRequest(_ description: String) -> TokenExchangeError {
        TokenExchangeError(code: "invalid_request", description: description, status: 400)
    }

    /// A client id or secret that is not the app's.
    static let invalidClient = TokenExchangeError(
        code: "invalid_client", description: "client_id and client_secret are not those of a registered app",
        status: 401)

    /// A grant type other than `authorization_code`.
    static let unsupportedGrantType = TokenExchangeError(
        code: "unsupported_grant_type", description: "grant_type must be authorization_code", status: 400)

    /// A code, context or redirect URI that does not open a token.
    static func invalidGrant(_ description: String) -> TokenExchangeError {
        TokenExchangeError(code: "invalid_grant", description: description, status: 400)
    }

    /// `{"error": "...", "error_description": "..."}`.
    var response: SandboxResponse {
        .wire(.object([("error", .string(code)), ("error_description", .string(description))]), status: status)
    }
}
