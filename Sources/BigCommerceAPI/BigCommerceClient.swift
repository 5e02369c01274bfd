import HTTPClient
import JSONCore
import Logging

/// A client for a BigCommerce store's REST API (v2 and v3): the resources behind store events, the store's
/// settings, customers, webhooks. Knows nothing of SMS.
///
/// Every call sends `X-Auth-Token` and `Accept: application/json`, waits for the store's quota rather than
/// meet a 429 (``QuotaPacer``), retries 429s (after the reset time the store gives), 5xx answers and network
/// failures with backoff, and reports a 404 as ``BigCommerceError/Kind/gone``. Nothing it logs carries the
/// token.
public struct BigCommerceClient: Sendable {
    public let configuration: BigCommerceConfiguration
    private let transport: any HTTPTransport
    private let pacer: QuotaPacer
    private let logger: Logger
    /// Tries in all for a transient failure.
    static let maximumTries = 4

    public init(
        configuration: BigCommerceConfiguration, transport: any HTTPTransport, pacer: QuotaPacer = QuotaPacer(),
        logger: Logger
    ) {
        self.configuration = configuration
        self.transport = transport
        self.pacer = pacer
        self.logger = logger
    }

    /// `GET path` (e.g. `/v2/orders/250`): the answer's JSON, a v3 `{"data": …}` envelope left as it is.
    public func get(_ path: String) async throws(BigCommerceError) -> JSONValue {
        try await call(.get, path, body: nil)
    }

    /// `POST`, `PUT` or `DELETE` with a JSON body.
    public func send(_ method: HTTPRequest.Method, _ path: String, body: JSONValue?) async throws(BigCommerceError)
        -> JSONValue
    {
        try await call(method, path, body: body)
    }

    private func call(_ method: HTTPRequest.Method, _ path: String, body: JSONValue?) async throws(BigCommerceError)
        -> JSONValue
    {
        var request = HTTPRequest(method: method, url: configuration.url(path), timeout: configuration.timeout)
        request.headers = [("X-Auth-Token", configuration.accessToken), ("Accept", "application/json")]
        if let body {
            request.headers.append(("Content-Type", "application/json"))
            request.body = Array(body.description.utf8)
        }
        var tries = 0
        while true {
            tries += 1
            let failure: BigCommerceError
            do {
                try await pacer.acquire()
            } catch {
                throw BigCommerceError(kind: .cancelled, message: "the request was cancelled")
            }
            do {
                let response = try await transport.perform(request)
                await pacer.record(response)
                if (200..<300).contains(response.status) { return try Self.json(response) }
                failure = Self.error(for: response)
            } catch let error as HTTPTransportError {
                await pacer.record(nil)
                failure = Self.error(for: error)
            } catch {
                await pacer.record(nil)
                throw BigCommerceError(kind: .cancelled, message: "the request was cancelled")
            }
            logger.debug("\(method.rawValue) \(path) failed (try \(tries)): \(failure)")
            guard failure.isTransient, tries < Self.maximumTries else { throw failure }
            let wait: Duration =
                failure.kind == .rateLimited
                ? (await pacer.timeToRefill ?? .seconds(1)) : .milliseconds(250 << min(tries, 4))
            do {
                try await Task.sleep(for: wait)
            } catch {
                throw BigCommerceError(kind: .cancelled, message: "the request was cancelled")
            }
        }
    }

    private static func json(_ response: HTTPResponse) throws(BigCommerceError) -> JSONValue {
        // v2 lists answer 204 No Content past their last page.
        guard !response.body.isEmpty, response.status != 204 else { return .array([]) }
        do {
            return try JSONParser.parse(response.body)
        } catch {
            throw BigCommerceError(
                kind: .malformedResponse, message: "the answer is not JSON (\(response.body.count) bytes)",
                httpStatus: response.status)
        }
    }

    /// The error an unsuccessful answer stands for, in the store's words when it gave some.
    static func error(for response: HTTPResponse) -> BigCommerceError {
        let parsed = try? JSONParser.parse(response.body)
        let words =
            parsed?["title"]?.stringValue ?? parsed?.arrayValue?.first?["message"]?.stringValue
            ?? parsed?["error"]?.stringValue ?? "HTTP \(response.status)"
        let kind: BigCommerceError.Kind =
            switch response.status {
            case 401, 403: .unauthorized
            case 404: .gone
            case 429: .rateLimited
            case 500...: .serverError
            default: .rejected
            }
        return BigCommerceError(kind: kind, message: String(words.prefix(300)), httpStatus: response.status)
    }

    static func error(for failure: HTTPTransportError) -> BigCommerceError {
        switch failure.kind {
        case .timeout: BigCommerceError(kind: .timeout, message: "no answer from the store in time")
        case .connection: BigCommerceError(kind: .network, message: "cannot reach the store: \(failure.detail)")
        case .tls: BigCommerceError(kind: .network, message: "the store's TLS certificate did not verify")
        case .invalidRequest: BigCommerceError(kind: .rejected, message: "the API URL is not usable: \(failure.detail)")
        case .responseTooLarge: BigCommerceError(kind: .malformedResponse, message: "the store's answer is too large")
        case .shutDown: BigCommerceError(kind: .network, message: "the HTTP client is shut down")
        }
    }
}
