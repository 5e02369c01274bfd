/// An SMS to send through `POST /rest/2/sms`.
public struct SMSMessage: Sendable, Equatable {
    /// Text coding: `mocean-coding`.
    public enum Coding: Int, Sendable {
        case gsm7 = 1
        case eightBit = 2
        case ucs2 = 3
    }

    /// The sender ID (`mocean-from`).
    public var from: String
    /// Receivers in the gateway's form: digits with the country code, no `+` (`mocean-to`, comma-joined).
    public var to: [String]
    public var text: String
    public var coding: Coding?
    /// The charset of `text` (`mocean-charset`), e.g. `UTF-8`.
    public var charset: String?
    /// Where the gateway should post the delivery report; sets `mocean-dlr-mask=1` too.
    public var deliveryReportURL: String?
    /// How long the network keeps trying, in seconds (`mocean-validity`).
    public var validitySeconds: Int?
    /// Shown on screen at once, not stored (`mocean-mclass=1`, `mocean-alt-dcs=1`).
    public var flash: Bool

    public init(
        from: String, to: [String], text: String, coding: Coding? = nil, charset: String? = "UTF-8",
        deliveryReportURL: String? = nil, validitySeconds: Int? = nil, flash: Bool = false
    ) {
        self.from = from
        self.to = to
        self.text = text
        self.coding = coding
        self.charset = charset
        self.deliveryReportURL = deliveryReportURL
        self.validitySeconds = validitySeconds
        self.flash = flash
    }
}

/// What the gateway answered for one receiver of a send.
public struct SMSReceipt: Sendable, Equatable {
    /// The receiver as the gateway echoed it.
    public let receiver: String
    /// The message id when accepted, or why this receiver was refused.
    public let outcome: Result<String, MoceanError>

    public init(receiver: String, outcome: Result<String, MoceanError>) {
        self.receiver = receiver
        self.outcome = outcome
    }
}

/// One row of `GET /rest/2/account/pricing`.
public struct PriceRow: Sendable, Equatable {
    public let country: String
    public let network: String
    public let mcc: String
    public let mnc: String
    /// The price per SMS part, exactly as sent (e.g. `1.0000`).
    public let price: String
    public let currency: String

    public init(country: String, network: String, mcc: String, mnc: String, price: String, currency: String) {
        self.country = country
        self.network = network
        self.mcc = mcc
        self.mnc = mnc
        self.price = price
        self.currency = currency
    }
}

/// `GET /rest/2/report/message`: where a message stands.
public struct MessageStatus: Sendable, Equatable {
    /// MoceanAPI's `message_status`.
    public enum State: Int, Sendable {
        case delivered = 1, failed, expired, pending, notFound
    }

    public let messageID: String
    /// nil for a code MoceanAPI has not documented.
    public let state: State?
    public let rawState: Int
    /// Credit charged, exactly as sent.
    public let creditDeducted: String

    public init(messageID: String, state: State?, rawState: Int, creditDeducted: String) {
        self.messageID = messageID
        self.state = state
        self.rawState = rawState
        self.creditDeducted = creditDeducted
    }
}
