/// MoceanAPI's status codes: the `status` of an answer, with the `err_msg` text and the HTTP status the
/// sandbox answers with.
public enum GatewayStatus {
    /// Every code in the reference table, with its text.
    public static let texts: [Int: String] = [
        0: "OK",
        1: "Authorization failed",
        2: "Insufficient balance",
        4: "Destination not whitelisted",
        5: "Destination blacklisted",
        6: "No destination",
        8: "Sender ID not found",
        19: "Invalid charset or body",
        23: "Empty text",
        24: "Unknown error",
        27: "Too many receivers",
        28: "Invalid destination",
        29: "Body too long",
        32: "Throttled",
        34: "Unknown request",
        37: "Invalid sender length",
        40: "Down for maintenance",
        43: "Flooding detected",
        44: "Invalid sender ID",
        45: "System error",
        48: "Sender blacklisted",
        49: "Sender not whitelisted",
        50: "Inappropriate content",
        65: "Destination not found",
        69: "Unsupported character",
        70: "Invalid service",
        73: "Destination and sender blacklisted",
    ]

    // The codes the sandbox answers with itself.
    public static let authorizationFailed = 1
    public static let insufficientBalance = 2
    public static let noDestination = 6
    public static let invalidCharsetOrBody = 19
    public static let emptyText = 23
    public static let tooManyReceivers = 27
    public static let invalidDestination = 28
    public static let unknownRequest = 34
    public static let invalidSenderLength = 37

    /// The `err_msg` for `code`.
    public static func text(_ code: Int) -> String {
        texts[code] ?? "Unknown error"
    }

    /// The HTTP status an error answer with `code` arrives with: 401 for authorization, 429 for throttling
    /// and flooding, 503 for maintenance, 500 for system and unknown errors, 400 for the rest.
    public static func httpStatus(_ code: Int) -> Int {
        switch code {
        case 0: 200
        case 1: 401
        case 32, 43: 429
        case 40: 503
        case 24, 45: 500
        default: 400
        }
    }
}
