import HTTPClient
import JSONCore
import Logging

/// A client for the MoceanAPI REST API: send SMS, balance, pricing and message status.
///
/// Every call sends `mocean-resp-format=json` and `mocean-medium`, authenticates in the configured form, and
/// turns any failure into a typed ``MoceanError``. Nothing it logs contains a credential.
public struct MoceanClient: Sendable {
    public let configuration: MoceanConfiguration
    private let transport: any HTTPTransport
    private let logger: Logger
    /// Takes the secret or token out of everything the gateway says, in case it echoes the request.
    public let redactor: SecretRedactor

    public init(configuration: MoceanConfiguration, transport: any HTTPTransport, logger: Logger) {
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        self.redactor = SecretRedactor(credentials: configuration.credentials)
    }

    /// Sends `message` to each of its receivers: one receipt per receiver, accepted or refused.
    ///
    /// - Throws: ``MoceanError`` when the whole request failed (credentials, balance, the network...).
    public func send(_ message: SMSMessage) async throws(MoceanError) -> [SMSReceipt] {
        var fields = [
            ("mocean-from", message.from), ("mocean-to", message.to.joined(separator: ",")),
            ("mocean-text", message.text),
        ]
        if let coding = message.coding { fields.append(("mocean-coding", String(coding.rawValue))) }
        if let charset = message.charset { fields.append(("mocean-charset", charset)) }
        if let url = message.deliveryReportURL {
            fields += [("mocean-dlr-mask", "1"), ("mocean-dlr-url", url)]
        }
        if let validity = message.validitySeconds { fields.append(("mocean-validity", String(validity))) }
        if message.flash { fields += [("mocean-mclass", "1"), ("mocean-alt-dcs", "1")] }
        let body = try await call(.post, path: "/rest/2/sms", fields: fields)
        do {
            return try MoceanResponses.receipts(body).map { receipt in
                SMSReceipt(
                    receiver: receipt.receiver,
                    outcome: receipt.outcome.mapError { $0.redacted(by: redactor) })
            }
        } catch {
            throw error.redacted(by: redactor)
        }
    }

    /// The account's credit, exactly as the gateway wrote it (`6.4448`). It carries no currency: see
    /// ``pricing(mcc:)``.
    public func balance() async throws(MoceanError) -> JSONNumber {
        try MoceanResponses.balance(try await call(.get, path: "/rest/2/account/balance", fields: []))
    }

    /// The price list; the first row is the default price and its currency the account's.
    public func pricing(mcc: String? = nil) async throws(MoceanError) -> [PriceRow] {
        let fields = mcc.map { [("mocean-mcc", $0)] } ?? []
        return try MoceanResponses.pricing(try await call(.get, path: "/rest/2/account/pricing", fields: fields))
    }

    /// Where a sent message stands.
    public func messageStatus(messageID: String) async throws(MoceanError) -> MessageStatus {
        let body = try await call(.get, path: "/rest/2/report/message", fields: [("mocean-msgid", messageID)])
        return try MoceanResponses.messageStatus(body)
    }

    /// Makes one request and returns the body of a successful answer.
    private func call(
        _ method: HTTPRequest.Method, path: String, fields: [(String, String)]
    ) async throws(MoceanError) -> JSONObject {
        var all = fields + [("mocean-resp-format", "json"), ("mocean-medium", configuration.medium)]
        var headers: [(name: String, value: String)] = []
        switch configuration.credentials {
        case .keyAndSecret(let key, let secret):
            all += [("mocean-api-key", key), ("mocean-api-secret", secret)]
        case .token(let token):
            headers.append(("Authorization", "Bearer \(token)"))
        }
        let encoded = FormEncoding.encode(all)
        var request = HTTPRequest(method: method, url: configuration.baseURL + path, timeout: configuration.timeout)
        request.headers = headers
        if method == .post {
            request.headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            request.body = Array(encoded.utf8)
        } else {
            request.url += "?" + encoded
        }
        let started = ContinuousClock.now
        let response: HTTPResponse
        do {
            response = try await transport.perform(request)
        } catch let error as HTTPTransportError {
            let failure = MoceanResponses.error(for: error).redacted(by: redactor)
            logger.debug("\(method.rawValue) \(path) failed: \(failure)")
            throw failure
        } catch {
            logger.debug("\(method.rawValue) \(path) cancelled")
            throw MoceanError(kind: .cancelled, message: "the request was cancelled")
        }
        logger.debug("\(method.rawValue) \(path) → HTTP \(response.status) in \(ContinuousClock.now - started)")
        do {
            // Parsed as received: the secret is taken out of the texts shown (error messages), never out of the
            // raw body, where replacing a short secret would break the JSON or an identifier.
            return try MoceanResponses.successBody(response)
        } catch {
            throw error.redacted(by: redactor)
        }
    }
}
