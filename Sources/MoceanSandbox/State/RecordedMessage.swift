/// One message the sandbox accepted (one receiver of a send), as `GET /sandbox/messages` lists it.
public struct RecordedMessage: Sendable, Equatable {
    /// Which credentials a request carried.
    public enum AuthenticationForm: String, Sendable {
        /// `mocean-api-key` and `mocean-api-secret` parameters.
        case keySecret
        /// An `Authorization: Bearer` header.
        case token
    }

    /// What the message status endpoint says of a message.
    public enum DeliveryStatus: Int, Sendable {
        /// Reported delivered (the delivery delay has passed).
        case delivered = 1
        case failed = 2
        case expired = 3
        /// Accepted, not yet delivered.
        case pending = 4
    }

    /// The id the send's answer gave this receiver, e.g. `CPASS_restapi_C0000000000000001.0001`.
    public var msgid: String
    /// `mocean-from`.
    public var sender: String
    /// This receiver of `mocean-to`.
    public var receiver: String
    /// `mocean-text`, decoded.
    public var text: String
    /// `mocean-coding` as given (1 = 7-bit, 2 = 8-bit, 3 = UCS-2), nil when left out.
    public var coding: Int?
    /// The encoding the text travels in, which sets the part count.
    public var encoding: MessageLength.Encoding
    /// `mocean-charset` as given.
    public var charset: String?
    /// `mocean-dlr-mask` as given.
    public var dlrMask: String?
    /// `mocean-dlr-url` as given.
    public var dlrURL: String?
    /// `mocean-validity` as given (seconds).
    public var validity: String?
    /// Whether `mocean-mclass` and `mocean-alt-dcs` were both 1 (flash SMS).
    public var flash: Bool
    /// `mocean-medium`, the calling client's tag.
    public var medium: String?
    /// The credentials the send carried.
    public var authentication: AuthenticationForm
    /// The key of the account that sent it: the configured one or one added through `/sandbox/accounts`; nil
    /// when it was sent with the bearer token.
    public var apiKey: String?
    /// The SMS parts charged.
    public var parts: Int
    /// What this receiver cost.
    public var cost: Money
    /// When the sandbox accepted it, ISO 8601.
    public var receivedAt: String
    /// What the message status endpoint says of it.
    public var status: DeliveryStatus

    /// The message as `GET /sandbox/messages` shows it.
    var wireValue: WireValue {
        .object([
            ("msgid", .string(msgid)),
            ("sender", .string(sender)),
            ("receiver", .string(receiver)),
            ("text", .string(text)),
            ("coding", .optional(coding)),
            ("encoding", .string(encoding.rawValue)),
            ("charset", .optional(charset)),
            ("dlrMask", .optional(dlrMask)),
            ("dlrUrl", .optional(dlrURL)),
            ("validity", .optional(validity)),
            ("flash", .bool(flash)),
            ("medium", .optional(medium)),
            ("auth", .string(authentication.rawValue)),
            ("apiKey", .optional(apiKey)),
            ("parts", .integer(parts)),
            ("cost", .money(cost)),
            ("receivedAt", .string(receivedAt)),
            ("messageStatus", .integer(status.rawValue)),
        ])
    }
}
