import Hummingbird
import JSONCore

/// `/sandbox/apps`: the one BigCommerce app the sandbox's login service knows (`GET`, and `POST` to register
/// it or replace it), and `/sandbox/apps/faults`, which makes the login service refuse exchanges.
extension SandboxRouter {
    func addAppRoutes(to router: Router<SandboxRequestContext>) {
        router.route(
            "/sandbox/apps",
            [
                (.get, { _ in await showApp() }),
                (.post, { await registerApp($0) }),
            ], otherwise: Self.storeControlRefusal)
        router.route(
            "/sandbox/apps/faults", [(.post, { await setLoginFaults($0) })], otherwise: Self.storeControlRefusal)
    }

    /// The app without its secret, or 404 when none is registered.
    private func showApp() async -> SandboxResponse {
        guard let app = await login.app else { return Self.noApp(status: 404) }
        return .wire(app.wireValue, status: 200)
    }

    /// `POST {"clientId", "clientSecret", "appUrl"}`: registers the app, forgetting the codes of the one before.
    private func registerApp(_ request: SandboxRequest) async -> SandboxResponse {
        do throws(ControlInputError) {
            let body = try ControlBody(
                request.body,
                example: #"{"clientId": "id", "clientSecret": "secret", "appUrl": "http://127.0.0.1:8080"}"#)
            try body.refuseUnknownFields(["clientId", "clientSecret", "appUrl"])
            let app = try RegisteredApp(
                clientId: body.requiredString("clientId", maximumLength: 256),
                clientSecret: body.requiredString("clientSecret"),
                appURL: body.requiredString("appUrl"))
            await login.register(app)
            logger.info("app registered: \(app)")
            return .wire(app.wireValue, status: 200)
        } catch {
            return error.response
        }
    }

    /// `POST {"refuseNextExchanges": N}`: the next N token exchanges answer 400 `invalid_grant`.
    private func setLoginFaults(_ request: SandboxRequest) async -> SandboxResponse {
        do throws(ControlInputError) {
            let body = try ControlBody(request.body, example: #"{"refuseNextExchanges": 2}"#)
            try body.refuseUnknownFields(["refuseNextExchanges"])
            guard case .number(let number) = body.object["refuseNextExchanges"] ?? .null,
                let count = number.integer(as: Int.self), (0...1_000_000).contains(count)
            else {
                throw ControlInputError(
                    field: "refuseNextExchanges", "\"refuseNextExchanges\" must be a whole number from 0 to 1000000")
            }
            let left = await login.refuseNextExchanges(count)
            logger.info("login service: the next \(left) exchanges will be refused")
            return .wire(.object([("refuseNextExchanges", .integer(left))]), status: 200)
        } catch {
            return error.response
        }
    }

    /// The answer of a path that needs the app when none is registered: 404 to `GET /sandbox/apps`, 409 to the
    /// paths that act as BigCommerce would for it.
    static func noApp(status: Int) -> SandboxResponse {
        .error(
            "no app registered: POST /sandbox/apps {\"clientId\", \"clientSecret\", \"appUrl\"} first", status: status)
    }
}
