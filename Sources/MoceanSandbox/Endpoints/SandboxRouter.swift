import Hummingbird
import Logging

/// The sandbox's routes: MoceanAPI's four endpoints (with faults injected and credentials checked), the
/// sandbox's own `/sandbox/...` paths, and the store's REST API at `/stores/{hash}/...`.
struct SandboxRouter: Sendable {
    let state: SandboxState
    let credentials: SandboxConfiguration.Credentials
    let currency: String
    let pricePerPart: Money
    let deliveryReports: DeliveryReportQueue
    let logger: Logger
    /// The store's REST API, which the sandbox plays beside the gateway.
    let store: StoreEndpoints
    /// The store's customers, orders and the rest.
    let catalog: StoreCatalog
    /// The store's hooks and the orders created through the sandbox.
    let webhooks: WebhookRegistry
    /// Where fired events go to be delivered.
    let webhookDeliveries: WebhookDeliveryQueue

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
        addStoreRoutes(to: router)
        addHookRoutes(to: router)
        addStoreEventRoutes(to: router)
        return router
    }

    /// A path the sandbox does not serve: the store's answer under `/stores/`, else MoceanAPI's 404.
    private func unknown(_ request: SandboxRequest) async -> SandboxResponse {
        if request.path.hasPrefix("/stores/") { return await store.unknownResource(request) }
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
                if let authentication = authenticate(request, parameters) {
                    response = await handler(
                        GatewayRequest(parameters: parameters, authentication: authentication, format: format))
                } else {
                    logger.debug("refusing a \(endpoint.rawValue) request: wrong or missing credentials")
                    response = .gatewayError(GatewayStatus.authorizationFailed, format: format)
                }
            }
            response.delayMilliseconds = latency
            return response
        }
    }

    /// The form of credentials that matched, if any: the bearer token, or the key and secret parameters.
    private func authenticate(
        _ request: SandboxRequest, _ parameters: FormParameters
    ) -> RecordedMessage.AuthenticationForm? {
        if let expected = credentials.apiToken, request.bearerToken == expected {
            return .token
        }
        if let key = credentials.apiKey, let secret = credentials.apiSecret,
            parameters["mocean-api-key"] == key, parameters["mocean-api-secret"] == secret
        {
            return .keySecret
        }
        return nil
    }
}
