import Hummingbird

/// `/sandbox/accounts`: gateway accounts beside the configured one, so that several senders can share the
/// sandbox and each recorded message names the key that sent it. They share the one balance.
extension SandboxRouter {
    func addGatewayAccountRoutes(to router: Router<SandboxRequestContext>) {
        router.route(
            "/sandbox/accounts",
            [
                (.get, { _ in await listAccounts() }),
                (.post, { await addAccount($0) }),
            ], otherwise: Self.storeControlRefusal)
    }

    /// `{"accounts": [{"apiKey": "...", "configured": true}, ...]}`: the keys, never the secrets; the
    /// configured account first.
    private func listAccounts() async -> SandboxResponse {
        var accounts: [WireValue] = []
        if let key = credentials.apiKey {
            accounts.append(.object([("apiKey", .string(key)), ("configured", .bool(true))]))
        }
        for key in await state.accountKeys {
            accounts.append(.object([("apiKey", .string(key)), ("configured", .bool(false))]))
        }
        return .wire(.object([("accounts", .array(accounts))]), status: 200)
    }

    /// `POST {"apiKey": "...", "apiSecret": "..."}`: adds the account, or gives an added one a new secret;
    /// answers `{"apiKey": "...", "added": true}` (false for a new secret).
    private func addAccount(_ request: SandboxRequest) async -> SandboxResponse {
        do throws(ControlInputError) {
            let body = try ControlBody(request.body, example: #"{"apiKey": "key2", "apiSecret": "secret2"}"#)
            try body.refuseUnknownFields(["apiKey", "apiSecret"])
            let key = try body.requiredString("apiKey", maximumLength: 256)
            let secret = try body.requiredString("apiSecret", maximumLength: 256)
            guard key != credentials.apiKey else {
                throw ControlInputError(field: "apiKey", "\"apiKey\" \(key) is the configured account's: give another")
            }
            guard let added = await state.addAccount(key: key, secret: secret) else {
                throw ControlInputError(
                    field: "apiKey", "the sandbox holds \(SandboxState.maximumAccounts) accounts already", status: 409)
            }
            logger.info("gateway account \(key) \(added ? "added" : "given a new secret")")
            return .wire(.object([("apiKey", .string(key)), ("added", .bool(added))]), status: 200)
        } catch {
            return error.response
        }
    }
}
