import Logging
import NIOHTTP1

/// Answers each request: MoceanAPI's four endpoints (with faults injected and credentials checked) and the
/// sandbox's own `/sandbox/...` paths.
struct SandboxRouter: Sendable {
    let state: SandboxState
    let credentials: SandboxConfiguration.Credentials
    let currency: String
    let pricePerPart: Money
    let deliveryReports: DeliveryReportQueue
    let logger: Logger
    /// The store's REST API, when the sandbox plays the store too.
    let store: StoreEndpoints?

    func respond(to request: SandboxRequest) async -> SandboxResponse {
        if let store, store.handles(request.path) { return await store.respond(to: request) }
        switch request.path {
        case "/rest/2/sms":
            return await gateway(.sms, request, method: "POST", handler: send)
        case "/rest/2/account/balance":
            return await gateway(.balance, request, method: "GET", handler: balance)
        case "/rest/2/account/pricing":
            return await gateway(.pricing, request, method: "GET", handler: pricing)
        case "/rest/2/report/message":
            return await gateway(.report, request, method: "GET", handler: messageStatus)
        case "/sandbox/messages", "/sandbox/stats", "/sandbox/faults", "/sandbox/balance":
            return await control(request)
        case "/sandbox/store/faults", "/sandbox/store/stats":
            return await storeControl(request)
        default:
            await state.countUnknownRequest()
            logger.debug("unknown request \(request.method) \(request.path)")
            return .gatewayError(GatewayStatus.unknownRequest, format: .json, httpStatus: 404)
        }
    }

    /// What the sandbox learnt of a request to a MoceanAPI endpoint before handing it on.
    struct GatewayRequest: Sendable {
        var parameters: FormParameters
        var authentication: RecordedMessage.AuthenticationForm
        var format: SandboxResponse.Format
    }

    /// Checks the method, draws the faults, checks the credentials, then lets `handler` answer.
    private func gateway(
        _ endpoint: SandboxState.Endpoint, _ request: SandboxRequest, method: String,
        handler: (GatewayRequest) async -> SandboxResponse
    ) async -> SandboxResponse {
        let parameters = request.parameters
        let format = SandboxResponse.Format(parameters)
        guard request.method == method else {
            var response = SandboxResponse.gatewayError(GatewayStatus.unknownRequest, format: format, httpStatus: 405)
            response.headers = [("Allow", method)]
            return response
        }
        let (fault, latency) = await state.admit(endpoint)
        var response: SandboxResponse
        switch fault {
        case .drop:
            logger.debug("dropping a \(endpoint.rawValue) request (injected)")
            response = .drop
        case .httpError(let code):
            let phrase = HTTPResponseStatus(statusCode: code).reasonPhrase
            response = .text(phrase.isEmpty ? "HTTP error \(code)" : phrase, status: code)
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
