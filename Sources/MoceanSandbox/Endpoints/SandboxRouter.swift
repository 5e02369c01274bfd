import Hummingbird
import Logging

/// The sandbox's routes: MoceanAPI's four endpoints (with faults injected and credentials checked), the
/// sandbox's own `/sandbox/...` paths, the stores' REST API at `/stores/{hash}/...`, and BigCommerce's login
/// service at `/oauth2/token`.
struct SandboxRouter: Sendable {
    let state: SandboxState
    let credentials: SandboxConfiguration.Credentials
    let currency: String
    let pricePerPart: Money
    let deliveryReports: DeliveryReportQueue
    let logger: Logger
    /// Every store the sandbox plays, and the gate of their REST API.
    let stores: StoreDirectory
    /// The customers, orders and the rest, the same for every store.
    let catalog: StoreCatalog
    /// Where fired events go to be delivered.
    let webhookDeliveries: WebhookDeliveryQueue
    /// Signs the configured store's webhooks (`--store-client-secret`) until the app is installed on it.
    let configuredSignature: WebhookSignature
    /// BigCommerce's login service: the app, the codes of its installs, the token exchange.
    let login: LoginService
    /// Makes the requests BigCommerce makes to the app's callbacks.
    let callbacks: AppCallbacks

    /// Every route; a path none takes answers 404 with MoceanAPI's error, as the gateway does.
    func routes() -> Router<SandboxRequestContext> {
        let router = Router(context: SandboxRequestContext.self)
        router.add(middleware: UnknownPathMiddleware(handler: unknown))
        router.route("/rest/2/sms", [(.post, gateway(.sms) { await send($0) })], otherwise: Self.refusal)
        router.route(
            "/rest/2/account/balance", [(.get, gateway(.balance) { await balance($0) })], otherwise: Self.refusal)
        router.route(
            "/rest/2/account/pricing", [(.get, gateway(.pricing) { await pricing($0) })], otherwise: Self.refusal)
        router.route(
            "/rest/2/report/message", [(.get, gateway(.report) { await messageStatus($0) })], otherwise: Self.refusal)
        addControlRoutes(to: router)
        addGatewayAccountRoutes(to: router)
        addStoreRoutes(to: router)
        addHookRoutes(to: router)
        addStoreEventRoutes(to: router)
        addAppRoutes(to: router)
        addAppCallbackRoutes(to: router)
        addLoginRoutes(to: router)
        return router
    }

    /// A path the sandbox does not serve: the store's answer under `/stores/`, else MoceanAPI's 404.
    private func unknown(_ request: SandboxRequest) async -> SandboxResponse {
        if request.path.hasPrefix("/stores/") { return await stores.unknownResource(request) }
        await state.countUnknownRequest()
        logger.debug("unknown request \(request.method) \(request.path)")
        return .gatewayError(GatewayStatus.unknownRequest, format: .json, httpStatus: 404)
    }

    /// MoceanAPI's answer to a method an endpoint does not take: 405 with its "unknown request" error.
    @Sendable private static func refusal(_ request: SandboxRequest, allowed: String) -> SandboxResponse {
        var response = SandboxResponse.gatewayError(
            GatewayStatus.unknownRequest, format: SandboxResponse.Format(request.parameters), httpStatus: 405)
        response.headers = [("Allow", allowed)]
        return response
    }

    /// What the sandbox learnt of a request to a MoceanAPI endpoint before handing it on.
    struct GatewayRequest: Sendable {
        var parameters: FormParameters
        var authentication: RecordedMessage.AuthenticationForm
        /// The key of the credentials that matched; nil for the bearer token.
        var apiKey: String?
        var format: SandboxResponse.Format
    }

    /// Draws the faults, checks the credentials, then lets `handler` answer.
    private func gateway(
        _ endpoint: SandboxState.Endpoint, handler: @escaping @Sendable (GatewayRequest) async -> SandboxResponse
    ) -> SandboxHandler {
        { request in
            let parameters = request.parameters
            let format = SandboxResponse.Format(parameters)
            let (fault, latency) = await state.admit(endpoint)
            var response: SandboxResponse
            switch fault {
            case .drop:
                logger.debug("dropping a \(endpoint.rawValue) request (injected)")
                response = .drop
            case .httpError(let code):
                response = .text(HTTPStatusText.phrase(code), status: code)
            case .gatewayError(let code):
                response = .gatewayError(code, format: format)
            case nil:
                if let (authentication, apiKey) = await authenticate(request, parameters) {
                    response = await handler(
                        GatewayRequest(
                            parameters: parameters, authentication: authentication, apiKey: apiKey, format: format))
                } else {
                    logger.debug("refusing a \(endpoint.rawValue) request: wrong or missing credentials")
                    response = .gatewayError(GatewayStatus.authorizationFailed, format: format)
                }
            }
            response.delayMilliseconds = latency
            return response
        }
    }

    /// The form of credentials that matched, if any, with the key that matched: the bearer token (no key), or
    /// the key and secret parameters of the configured account or of one added through `/sandbox/accounts`.
    private func authenticate(
        _ request: SandboxRequest, _ parameters: FormParameters
    ) async -> (RecordedMessage.AuthenticationForm, apiKey: String?)? {
        if let expected = credentials.apiToken, request.bearerToken == expected {
            return (.token, nil)
        }
        guard let key = parameters["mocean-api-key"], let secret = parameters["mocean-api-secret"] else { return nil }
        if key == credentials.apiKey, secret == credentials.apiSecret {
            return (.keySecret, key)
        }
        if let expected = await state.accountSecret(key), secret == expected {
            return (.keySecret, key)
        }
        return nil
    }
}
