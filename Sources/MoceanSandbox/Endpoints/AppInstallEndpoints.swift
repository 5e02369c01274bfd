import Hummingbird

/// What BigCommerce does to the app when a merchant installs it, uninstalls it, or removes a user:
/// `POST /sandbox/apps/install`, `/uninstall` and `/remove_user` make the same requests to the app's callbacks
/// and change the store as BigCommerce would.
extension SandboxRouter {
    /// The scopes an install approves when the body names none.
    static let defaultScope =
        "store_v2_orders_read_only store_v2_customers_read_only store_v2_information_read_only "
        + "store_v2_content_read_only store_cart_read_only"

    func addAppCallbackRoutes(to router: Router<SandboxRequestContext>) {
        router.route("/sandbox/apps/install", [(.post, { await install($0) })], otherwise: Self.storeControlRefusal)
        router.route(
            "/sandbox/apps/uninstall", [(.post, { await uninstall($0) })], otherwise: Self.storeControlRefusal)
        router.route(
            "/sandbox/apps/remove_user", [(.post, { await removeUser($0) })], otherwise: Self.storeControlRefusal)
        router.route("/sandbox/apps/load", [(.post, { await load($0) })], otherwise: Self.storeControlRefusal)
        router.route("/sandbox/apps/panel", [(.get, { await panel($0) })], otherwise: Self.storeControlRefusal)
    }

    /// `POST {"store", "user"?, "scope"?}`: single-click install. Creates the store if new, makes the user
    /// its owner, issues a code bound to its context, and calls the app's auth callback with it, as the
    /// control panel does: `{"store", "status", "body", "code"}` (502 with `error` when the app is not reached).
    private func install(_ request: SandboxRequest) async -> SandboxResponse {
        let hash: String
        var user: AppUser?
        let scope: String
        do throws(ControlInputError) {
            let body = try ControlBody(
                request.body, example: #"{"store": "abc123", "user": {"id": 42, "email": "merchant@example.com"}}"#)
            try body.refuseUnknownFields(["store", "user", "scope"])
            guard let given = try body.storeHash() else {
                throw ControlInputError(field: "store", "\"store\" is required: \(StoreHash.rule)")
            }
            hash = given
            if let value = body.object["user"], value != .null { user = try AppUser.parse(value, field: "user") }
            scope = try Self.scope(body.string("scope", maximumLength: 2048))
        } catch {
            return error.response
        }
        guard let app = await login.app else { return Self.noApp(status: 409) }
        let owner: AppUser
        do throws(ControlInputError) {
            owner = try await stores.prepareInstall(of: hash, by: user)
        } catch {
            return error.response
        }
        let code = await login.issueCode(for: hash, scope: scope, user: owner)
        let query = FormParameters.encode([
            ("code", code), ("scope", scope), ("context", "stores/\(hash)"), ("account_uuid", AccountUUID.of(hash)),
        ])
        logger.info("installing the app on store \(hash) for user \(owner.id): calling its auth callback")
        switch await callbacks.get(app.authCallback + "?" + query) {
        case .answered(let status, let text):
            logger.info("store \(hash): the auth callback answered \(status)")
            return .wire(
                .object([
                    ("store", .string(hash)), ("status", .integer(status)), ("body", .string(text)),
                    ("code", .string(code)),
                ]), status: 200)
        case .failed(let reason):
            logger.warning("store \(hash): the auth callback was not reached: \(reason)")
            return .wire(
                .object([
                    ("error", .string("the app's auth callback was not reached: \(reason)")), ("store", .string(hash)),
                    ("code", .string(code)),
                ]), status: 502)
        }
    }

    /// `POST {"store", "user"?, "claims"?, "secret"?, "algorithm"?}`: uninstalls the app as BigCommerce does
    /// (the store's token stops working and its hooks are deleted), then calls the app's uninstall callback
    /// with a signed payload: `{"status", "body", "uninstalled"}`. A forged payload (claims, secret or
    /// algorithm given) is sent without uninstalling anything.
    private func uninstall(_ request: SandboxRequest) async -> SandboxResponse {
        let options: SignedPayloadOptions
        do throws(ControlInputError) {
            options = try SignedPayloadOptions.parse(request.body)
        } catch {
            return error.response
        }
        guard let app = await login.app else { return Self.noApp(status: 409) }
        let jwt: String
        do throws(ControlInputError) {
            _ = try await knownStore(options.store)
            jwt = await signedPayload(options, app: app)
        } catch {
            return error.response
        }
        if !options.isForged, let hooks = await stores.uninstall(options.store) {
            let removed = await hooks.deleteAll()
            logger.info("store \(options.store): app uninstalled, its token revoked and \(removed) hook(s) deleted")
        }
        let outcome = await call(app.uninstallCallback, jwt: jwt, for: options.store)
        return Self.answer(outcome, naming: "uninstall", with: [("uninstalled", .bool(!options.isForged))])
    }

    /// `POST {"store", "user", "claims"?, "secret"?, "algorithm"?}`: calls the app's remove_user callback with
    /// a payload signed for that user: `{"status", "body"}`.
    private func removeUser(_ request: SandboxRequest) async -> SandboxResponse {
        let options: SignedPayloadOptions
        do throws(ControlInputError) {
            options = try SignedPayloadOptions.parse(request.body, userRequired: true)
        } catch {
            return error.response
        }
        guard let app = await login.app else { return Self.noApp(status: 409) }
        do throws(ControlInputError) {
            _ = try await knownStore(options.store)
            let jwt = await signedPayload(options, app: app)
            let outcome = await call(app.removeUserCallback, jwt: jwt, for: options.store)
            return Self.answer(outcome, naming: "remove_user")
        } catch {
            return error.response
        }
    }

    /// `GET callback?signed_payload_jwt=JWT`, server to server, logged without the payload.
    private func call(_ callback: String, jwt: String, for store: String) async -> AppCallbacks.Outcome {
        let name = callback.split(separator: "/").last ?? ""
        let outcome = await callbacks.get(callback + "?signed_payload_jwt=" + jwt)
        switch outcome {
        case .answered(let status, _): logger.info("store \(store): the app's \(name) callback answered \(status)")
        case .failed(let reason):
            logger.warning("store \(store): the app's \(name) callback was not reached: \(reason)")
        }
        return outcome
    }

    /// `{"status", "body"}` and `extra`, or 502 `{"error"}` when the callback `name` was not reached.
    private static func answer(
        _ outcome: AppCallbacks.Outcome, naming name: String, with extra: [(String, WireValue)] = []
    ) -> SandboxResponse {
        switch outcome {
        case .answered(let status, let text):
            .wire(.object([("status", .integer(status)), ("body", .string(text))] + extra), status: 200)
        case .failed(let reason):
            .error("the app's \(name) callback was not reached: \(reason)", status: 502)
        }
    }

    /// The scopes of an install: `given`, checked, or the default ones.
    ///
    /// - Throws: ``ControlInputError`` when `given` is not scope names separated by single spaces.
    private static func scope(_ given: String?) throws(ControlInputError) -> String {
        guard let given else { return defaultScope }
        let names = given.split(separator: " ", omittingEmptySubsequences: false)
        let isName = { (name: Substring) in
            !name.isEmpty
                && name.utf8.allSatisfy { byte in
                    (0x61...0x7A).contains(byte | 0x20) || (0x30...0x39).contains(byte) || byte == 0x5F || byte == 0x2E
                        || byte == 0x2D
                }
        }
        guard names.allSatisfy(isName) else {
            throw ControlInputError(
                field: "scope", "\"scope\" must be scope names separated by single spaces, e.g. \(defaultScope)")
        }
        return given
    }
}
