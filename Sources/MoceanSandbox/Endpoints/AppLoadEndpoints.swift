/// What the merchant's browser opens when the app is loaded in the control panel: `POST /sandbox/apps/load`
/// makes the load URL without calling it, `GET /sandbox/apps/panel` frames it in a page.
extension SandboxRouter {
    /// `POST {"store", "user"?, "claims"?, "secret"?, "algorithm"?}`:
    /// `{"url": "{appUrl}/bigcommerce/load?signed_payload_jwt=JWT", "jwt": "JWT"}`.
    func load(_ request: SandboxRequest) async -> SandboxResponse {
        do throws(ControlInputError) {
            let options = try SignedPayloadOptions.parse(request.body)
            guard let app = await login.app else { return Self.noApp(status: 409) }
            let jwt = await signedPayload(options, app: app)
            logger.info("store \(options.store): load URL made")
            return .wire(
                .object([("url", .string(app.loadCallback + "?signed_payload_jwt=" + jwt)), ("jwt", .string(jwt))]),
                status: 200)
        } catch {
            return error.response
        }
    }

    /// `GET ?store=hash` (the configured store when left out): the store's control panel, an HTML page framing
    /// a fresh load URL for its owner.
    func panel(_ request: SandboxRequest) async -> SandboxResponse {
        do throws(ControlInputError) {
            let hash = try queryStore(request) ?? stores.configuredHash
            guard let app = await login.app else { return Self.noApp(status: 409) }
            let options = SignedPayloadOptions(store: hash, user: nil, claims: nil, secret: nil, algorithm: .hs256)
            let jwt = await signedPayload(options, app: app)
            let url = app.loadCallback + "?signed_payload_jwt=" + jwt
            return .html(ControlPanelPage.html(storeHash: hash, loadURL: url))
        } catch {
            return error.response
        }
    }

    /// The payload BigCommerce would sign for `options.store` (its owner, or the user given, as `user`), with
    /// the options' changes.
    func signedPayload(_ options: SignedPayloadOptions, app: RegisteredApp) async -> String {
        let owner = await stores.store(options.store)?.owner ?? .defaultOwner(of: options.store)
        var claims = SignedPayload.claims(
            clientId: app.clientId, storeHash: options.store, user: options.user ?? owner, owner: owner,
            issuedAt: Self.now)
        if let overrides = options.claims { claims = SignedPayload.merged(claims, with: overrides) }
        return SignedPayload(claims: claims, secret: options.secret ?? app.clientSecret, algorithm: options.algorithm)
            .token()
    }
}
