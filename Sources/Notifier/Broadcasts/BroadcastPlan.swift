import Foundation
import PhoneNumbers

/// One recipient of a broadcast as planned: the SMS row it becomes.
struct PlannedRecipient: Sendable, Equatable {
    /// The directory's customer, when chosen from it.
    var customerID: Int64?
    /// The number as typed or found; nil when there is none.
    var typed: String?
    /// The digits sent; empty when there is no number to send to.
    var digits: String
    /// Why it is not sent, when it is not.
    var skipReason: String?
}

/// The recipients of a broadcast, checked, deduplicated by the digits sent, counted, and kept only as the text
/// stored with the broadcast (``encoded``): a plan of 100,000 holds no value per recipient.
///
/// A plan is made over what a storage reads of the store in one look (``BroadcastStorage/read(_:store:)``): the
/// store's opted-out numbers first (``readOptedOut(_:)``), then the directory's customers it names
/// (``customers``), each as read (``read(customerID:phone:phoneDigits:phoneReason:)``), and it is finished
/// (``finish()``) once they are all read.
public struct BroadcastPlan: Sendable {
    /// The directory's customers a plan reads.
    public enum Customers: Sendable, Equatable {
        /// None: the recipients are typed numbers.
        case none
        /// Every customer of the store, in the order of their ids.
        case all
        /// The customers with these ids (each once), in any order.
        case ids([Int64])
    }

    /// The customers the storage reads for this plan.
    public let customers: Customers
    private let recipients: BroadcastRecipients
    private let policy: PhonePolicy
    /// While reading: the store's opted-out numbers, the digits planned so far, the chosen customers found.
    private var optedOutNumbers = Set<String>()
    private var seen = Set<String>()
    private var found: [Int64: PlannedRecipient] = [:]

    /// The planned recipients, a line each (see ``encoded``).
    private var lines: [UInt8] = []
    /// Recipients planned, duplicates collapsed.
    private(set) var count = 0
    /// How many were given (customers or numbers), before duplicates collapsed.
    var given = 0
    var duplicates = 0
    /// The digits of those to send, in order: their cost and the samples.
    private(set) var toSendDigits: [String] = []
    /// Skipped recipients by reason.
    private(set) var skippedByReason: [String: Int] = [:]

    var toSend: Int { toSendDigits.count }

    /// A plan of `recipients`, typed numbers checked with `policy`, to be read by a storage.
    init(_ recipients: BroadcastRecipients, policy: PhonePolicy) {
        self.recipients = recipients
        self.policy = policy
        switch recipients {
        case .all: customers = .all
        case .customers(let ids):
            var unique: [Int64] = []
            var chosen = Set<Int64>()
            for id in ids where chosen.insert(id).inserted { unique.append(id) }
            customers = .ids(unique)
        case .numbers: customers = .none
        }
    }

    /// Adds a recipient kept by the plan.
    mutating func append(_ recipient: PlannedRecipient) {
        count += 1
        if let reason = recipient.skipReason {
            skippedByReason[reason, default: 0] += 1
        } else {
            toSendDigits.append(recipient.digits)
        }
        if let id = recipient.customerID { lines.append(contentsOf: String(id).utf8) }
        lines.append(0x09)
        lines.append(contentsOf: recipient.digits.utf8)
        lines.append(0x09)
        if let typed = recipient.typed { Self.escape(typed, into: &lines) }
        lines.append(0x09)
        if let reason = recipient.skipReason { Self.escape(reason, into: &lines) }
        lines.append(0x0A)
    }

    static let noPhone = "no phone number for this customer"
    static let optedOut = "the number opted out of broadcasts"
    static let unknownCustomer = "no customer of the directory has this id"

    /// The store's opted-out numbers, read before any customer: they are planned as skipped.
    public mutating func readOptedOut(_ numbers: Set<String>) {
        optedOutNumbers = numbers
    }

    /// One customer of ``customers`` as read: every customer is planned as read; chosen ones in the order they
    /// were given, once all are read.
    public mutating func read(customerID id: Int64, phone: String?, phoneDigits digits: String?, phoneReason: String?) {
        let recipient: PlannedRecipient
        if let digits, !digits.isEmpty {
            recipient = PlannedRecipient(customerID: id, typed: phone, digits: digits, skipReason: nil)
        } else {
            recipient = PlannedRecipient(
                customerID: id, typed: phone, digits: "",
                skipReason: phone == nil ? Self.noPhone : phoneReason ?? Self.noPhone)
        }
        switch customers {
        case .all: add(recipient)
        case .ids: found[id] = recipient
        case .none: break
        }
    }

    /// Ends the reading: plans the chosen customers (a customer id the directory does not have is a skipped
    /// recipient, with the reason: deleted meanwhile) or the typed numbers.
    public mutating func finish() {
        switch recipients {
        case .all: break
        case .customers(let ids):
            guard case .ids(let unique) = customers else { break }
            duplicates += ids.count - unique.count
            given += ids.count - unique.count
            for id in unique {
                add(
                    found[id]
                        ?? PlannedRecipient(customerID: id, typed: nil, digits: "", skipReason: Self.unknownCustomer))
            }
        case .numbers(let numbers):
            for typed in numbers { add(Self.number(typed, policy: policy)) }
        }
        (optedOutNumbers, seen, found) = ([], [], [:])
    }

    /// Plans `recipient` unless its digits were planned already (a duplicate); skipped when they opted out.
    private mutating func add(_ recipient: PlannedRecipient) {
        given += 1
        var recipient = recipient
        if !recipient.digits.isEmpty {
            guard seen.insert(recipient.digits).inserted else {
                duplicates += 1
                return
            }
            if recipient.skipReason == nil, optedOutNumbers.contains(recipient.digits) {
                recipient.skipReason = Self.optedOut
            }
        }
        append(recipient)
    }

    /// A typed number, which must carry its country code (the seed's rule): read as international.
    static func number(_ typed: String, policy: PhonePolicy) -> PlannedRecipient {
        let trimmed = typed.trimmingWhitespace
        let digits = String(trimmed.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
        guard !digits.isEmpty else {
            return PlannedRecipient(typed: trimmed, digits: "", skipReason: "\"\(trimmed)\" holds no digits")
        }
        // Whatever the policy, the digits must begin with a country code (the seed's rule for typed numbers).
        guard (try? PhoneNumberUtility.parse("+" + digits, defaultRegion: nil)) != nil else {
            return PlannedRecipient(
                typed: trimmed, digits: digits,
                skipReason: "does not begin with a country code: type it as 60123456789 or +60 12-345 6789")
        }
        var international = policy
        international.allowForeignNumbers = true
        let check = PhoneCheck.check("+" + digits, policy: international)
        if check.valid == false {
            return PlannedRecipient(
                typed: trimmed, digits: check.gatewayNumber,
                skipReason: "not a valid number with its country code: \(check.reason ?? "refused")")
        }
        if let country = policy.country, !policy.allowForeignNumbers,
            let code = PhoneNumberUtility.countryCode(forRegion: country), !digits.hasPrefix(String(code))
        {
            return PlannedRecipient(
                typed: trimmed, digits: check.gatewayNumber,
                skipReason: "not a number of \(country) (+\(code)); foreign numbers are not allowed")
        }
        guard (7...15).contains(check.gatewayNumber.count) else {
            return PlannedRecipient(
                typed: trimmed, digits: check.gatewayNumber,
                skipReason: "the number does not hold 7 to 15 digits with its country code")
        }
        return PlannedRecipient(typed: trimmed, digits: check.gatewayNumber, skipReason: nil)
    }

    /// The recipients as stored with the broadcast: a line each, `customerId<TAB>digits<TAB>typed<TAB>reason`
    /// (empty fields for none; tabs, line breaks and backslashes in the texts escaped), so that the writer reads
    /// them a batch at a time without a value per recipient.
    var encoded: String { String(decoding: lines, as: UTF8.self) }

    private static func escape(_ text: String, into output: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
            default: output.append(byte)
            }
        }
    }

    private static func unescape(_ bytes: Substring.UTF8View) -> String {
        guard bytes.contains(0x5C) else { return String(Substring(bytes)) }
        var output: [UInt8] = []
        var escaping = false
        for byte in bytes {
            if escaping {
                output.append(byte == UInt8(ascii: "t") ? 0x09 : byte == UInt8(ascii: "n") ? 0x0A : byte)
                escaping = false
            } else if byte == 0x5C {
                escaping = true
            } else {
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The recipient of one line of ``encoded``.
    static func decode(line: Substring) -> PlannedRecipient {
        let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
        func field(_ index: Int) -> Substring? {
            index < fields.count && !fields[index].isEmpty ? fields[index] : nil
        }
        return PlannedRecipient(
            customerID: field(0).flatMap { Int64($0) }, typed: field(2).map { unescape($0.utf8) },
            digits: field(1).map(String.init) ?? "", skipReason: field(3).map { unescape($0.utf8) })
    }

    /// Every recipient stored by ``encoded``.
    static func decode(_ text: String) -> [PlannedRecipient] {
        text.split(separator: "\n").map { decode(line: $0) }
    }
}
