import Foundation

/// Who a broadcast goes to: the seed's three choices.
public enum BroadcastRecipients: Sendable, Equatable {
    /// Every customer of the directory.
    case all
    /// The customers of the directory with these ids.
    case customers([Int64])
    /// Numbers typed with their country code.
    case numbers([String])

    /// The word stored for it.
    var audience: String {
        switch self {
        case .all: "all"
        case .customers: "customers"
        case .numbers: "numbers"
        }
    }
}

/// What `broadcast.send` asks for.
public struct BroadcastRequest: Sendable, Equatable {
    public var message: String
    public var recipients: BroadcastRecipients
    /// The sender shown; the account's when nil.
    public var sender: String?
    /// Counts and cost only: nothing is written.
    public var dryRun = false
    /// Held until then.
    public var scheduleAt: Date?
    /// The same key again answers the broadcast it made first.
    public var idempotencyKey: String?
    /// Send what the balance covers rather than refuse a broadcast that costs more.
    public var allowPartial = false
    /// Whether the send goes only with the `confirmation` of its dry run (``BroadcastConfirmation``).
    public var requiresConfirmation = false
    /// The confirmation a dry run of the same broadcast answered.
    public var confirmation: String?

    public init(message: String, recipients: BroadcastRecipients) {
        self.message = message
        self.recipients = recipients
    }

    /// A `scheduleAt` given as text: ISO 8601, or the history's own form.
    ///
    /// - Throws: ``ValidationError`` naming `scheduleAt`.
    public static func scheduleTime(_ text: String) throws(ValidationError) -> Date {
        try ISO8601Date.date(text, field: "scheduleAt")
    }

    /// The longest message, in characters (10 SMS parts of GSM-7 and then some; the gateway splits it).
    public static let maximumMessageLength = 1600
    /// The most numbers or customer ids one broadcast takes.
    public static let maximumRecipients = 1_000_000

    /// Checks the fields that need no database.
    func checked() throws(ValidationError) -> BroadcastRequest {
        var request = self
        guard !message.allSatisfy(\.isWhitespace) else {
            throw ValidationError(field: "message", reason: "is empty: give the text of the SMS")
        }
        guard message.unicodeScalars.count <= Self.maximumMessageLength else {
            throw ValidationError(
                field: "message",
                reason: "is \(message.unicodeScalars.count) characters long; the most is \(Self.maximumMessageLength)")
        }
        if let sender { request.sender = try AccountValidation.sender(sender) }
        if let key = idempotencyKey, key.isEmpty || key.count > 200 {
            throw ValidationError(field: "idempotencyKey", reason: "must be 1 to 200 characters")
        }
        switch recipients {
        case .all: break
        case .customers(let ids):
            guard !ids.isEmpty else {
                throw ValidationError(field: "recipients.customerIds", reason: "is empty: give at least one id")
            }
            guard ids.count <= Self.maximumRecipients else {
                throw ValidationError(
                    field: "recipients.customerIds", reason: "has more than \(Self.maximumRecipients) ids")
            }
        case .numbers(let numbers):
            guard !numbers.isEmpty else {
                throw ValidationError(field: "recipients.numbers", reason: "is empty: give at least one number")
            }
            guard numbers.count <= Self.maximumRecipients else {
                throw ValidationError(
                    field: "recipients.numbers", reason: "has more than \(Self.maximumRecipients) numbers")
            }
        }
        return request
    }
}
