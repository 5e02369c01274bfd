import Hummingbird

/// `POST /oauth2/token`: BigCommerce's login service exchanging an install's code for the store's token.
extension SandboxRouter {
    func addLoginRoutes(to router: Router<SandboxRequestContext>) {
        router.route("/oauth2/token", [(.post, { await exchangeToken($0) })], otherwise: Self.storeControlRefusal)
    }

    /// Spends the code and issues a fresh token for its store, revoking the one before:
    /// `{"access_token", "scope", "user", "owner", "context", "account_uuid"}`; an OAuth error otherwise.
    private func exchangeToken(_ request: SandboxRequest) async -> SandboxResponse {
        do throws(TokenExchangeError) {
            let exchange = try TokenExchangeRequest.parse(request.body)
            let (code, app) = try await login.redeem(exchange)
            guard let (token, owner) = await stores.issueToken(for: code.storeHash, clientId: app.clientId) else {
                throw .invalidGrant("the code's store is no longer played")
            }
            logger.info("store \(code.storeHash): code exchanged, a fresh token issued")
            return .wire(
                .object([
                    ("access_token", .string(token)), ("scope", .string(code.scope)),
                    ("user", code.user.exchangeValue), ("owner", owner.exchangeValue),
                    ("context", .string(code.context)), ("account_uuid", .string(AccountUUID.of(code.storeHash))),
                ]), status: 200)
        } catch {
            logger.info("token exchange refused: \(error.code): \(error.description)")
            return error.response
        }
    }
}
