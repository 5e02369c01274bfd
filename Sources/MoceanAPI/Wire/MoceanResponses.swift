import HTTPClient
import JSONCore

/// Reads MoceanAPI's answers, leniently: `status` as a number or a numeric string, money as a number or a
/// string, texts URL-decoded.
enum MoceanResponses {
    /// The body of an answer that is not an error, or the error it carries.
    static func successBody(_ response: HTTPResponse) throws(MoceanError) -> JSONObject {
        let object: JSONObject? = (try? JSONParser.parse(response.body))?.objectValue
        guard let object else {
            throw errorWithoutBody(httpStatus: response.status, body: response.body)
        }
        if let status = integer(object["status"]), status != 0 {
            throw MoceanError.gateway(
                status: status, message: humanText(object["err_msg"]) ?? "status \(status)",
                httpStatus: response.status)
        }
        guard (200..<300).contains(response.status) else {
            throw errorWithoutBody(httpStatus: response.status, body: response.body)
        }
        return object
    }

    private static func errorWithoutBody(httpStatus: Int, body: [UInt8]) -> MoceanError {
        switch httpStatus {
        case 429: return MoceanError(kind: .throttled, message: "too many requests", httpStatus: httpStatus)
        case 500...: return MoceanError(kind: .gatewayDown, message: "the gateway failed", httpStatus: httpStatus)
        case 401, 403: return MoceanError(kind: .authorization, message: "Authorization failed", httpStatus: httpStatus)
        default:
            // The body is not quoted: a proxy or echo server could repeat the request, credentials included.
            return MoceanError(
                kind: .malformedResponse, message: "the answer is not MoceanAPI's (\(body.count) bytes, not JSON)",
                httpStatus: httpStatus)
        }
    }

    static func receipts(_ body: JSONObject) throws(MoceanError) -> [SMSReceipt] {
        guard let messages = body["messages"]?.arrayValue, !messages.isEmpty else {
            throw MoceanError(kind: .malformedResponse, message: "a send answer without messages")
        }
        return try messages.map { (element: JSONValue) throws(MoceanError) -> SMSReceipt in
            guard let status = integer(element["status"]) else {
                throw MoceanError(kind: .malformedResponse, message: "a receipt without a status")
            }
            let receiver = text(element["receiver"]) ?? ""
            if status == 0, let messageID = text(element["msgid"]) {
                return SMSReceipt(receiver: receiver, outcome: .success(messageID))
            }
            let message = humanText(element["err_msg"]) ?? "status \(status)"
            return SMSReceipt(receiver: receiver, outcome: .failure(.gateway(status: status, message: message)))
        }
    }

    static func balance(_ body: JSONObject) throws(MoceanError) -> JSONNumber {
        guard let value = number(body["value"]) else {
            throw MoceanError(kind: .malformedResponse, message: "a balance answer without a value")
        }
        return value
    }

    static func pricing(_ body: JSONObject) throws(MoceanError) -> [PriceRow] {
        guard let rows = body["destinations"]?.arrayValue else {
            throw MoceanError(kind: .malformedResponse, message: "a pricing answer without destinations")
        }
        return rows.map { row in
            PriceRow(
                country: humanText(row["country"]) ?? "", network: humanText(row["operator"]) ?? "",
                mcc: text(row["mcc"]) ?? "", mnc: text(row["mnc"]) ?? "",
                price: number(row["price"])?.literal ?? "", currency: text(row["currency"]) ?? "")
        }
    }

    static func messageStatus(_ body: JSONObject) throws(MoceanError) -> MessageStatus {
        guard let state = integer(body["message_status"]) else {
            throw MoceanError(kind: .malformedResponse, message: "a status answer without message_status")
        }
        return MessageStatus(
            messageID: text(body["msgid"]) ?? "", state: MessageStatus.State(rawValue: state), rawState: state,
            creditDeducted: number(body["credit_deducted"])?.literal ?? "0")
    }

    static func error(for failure: HTTPTransportError) -> MoceanError {
        switch failure.kind {
        case .timeout: MoceanError(kind: .timeout, message: "no answer from the gateway in time")
        case .connection: MoceanError(kind: .network, message: "cannot reach the gateway: \(failure.detail)")
        case .tls: MoceanError(kind: .tls, message: "the gateway's TLS certificate did not verify: \(failure.detail)")
        case .invalidRequest: MoceanError(kind: .rejected, message: "the gateway URL is not usable: \(failure.detail)")
        case .responseTooLarge: MoceanError(kind: .malformedResponse, message: "the gateway's answer is too large")
        case .shutDown: MoceanError(kind: .network, message: "the HTTP client is shut down")
        }
    }

    /// An integer sent as a number or a numeric string.
    static func integer(_ value: JSONValue?) -> Int? {
        switch value {
        case .number(let number)?: number.integer()
        case .string(let string)?: Int(string.trimmingCharacters(in: " "))
        default: nil
        }
    }

    /// A number sent as a number or a numeric string, kept exactly.
    static func number(_ value: JSONValue?) -> JSONNumber? {
        switch value {
        case .number(let number)?: number
        case .string(let string)?: JSONNumber(exactly: string)
        default: nil
        }
    }

    /// A text as sent; numbers become their text (ids, receivers, codes).
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let string)?: string
        case .number(let number)?: number.literal
        default: nil
        }
    }

    /// A text meant for people, URL-decoded: MoceanAPI sends some with `+` for spaces (error messages,
    /// country and network names).
    static func humanText(_ value: JSONValue?) -> String? {
        text(value).map(FormEncoding.decodeComponent)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
