import Foundation
import GRDB
import JSONCore
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

/// The recipients of a broadcast, checked, deduplicated by the digits sent, and counted.
struct BroadcastPlan: Sendable {
    var recipients: [PlannedRecipient] = []
    /// How many were given (customers or numbers), before duplicates collapsed.
    var given = 0
    var duplicates = 0

    var toSend: Int { recipients.count { $0.skipReason == nil } }

    /// Skipped recipients by reason.
    var skippedByReason: [String: Int] {
        var counts: [String: Int] = [:]
        for recipient in recipients { if let reason = recipient.skipReason { counts[reason, default: 0] += 1 } }
        return counts
    }

    static let noPhone = "no phone number for this customer"
    static let optedOut = "the number opted out of broadcasts"
    static let unknownCustomer = "no customer of the directory has this id"

    /// Plans `recipients` over the directory and the opt-outs in `db`, checking typed numbers with `policy`.
    ///
    /// A customer id the directory does not have is a skipped recipient, with the reason (deleted meanwhile).
    static func make(_ recipients: BroadcastRecipients, policy: PhonePolicy, _ db: Database) throws -> BroadcastPlan {
        var plan = BroadcastPlan()
        let optedOutNumbers = Set(try String.fetchAll(db, sql: "SELECT number FROM opt_outs"))
        var seen = Set<String>()
        func add(_ recipient: PlannedRecipient) {
            plan.given += 1
            var recipient = recipient
            if !recipient.digits.isEmpty {
                guard seen.insert(recipient.digits).inserted else {
                    plan.duplicates += 1
                    return
                }
                if recipient.skipReason == nil, optedOutNumbers.contains(recipient.digits) {
                    recipient.skipReason = Self.optedOut
                }
            }
            plan.recipients.append(recipient)
        }
        switch recipients {
        case .all:
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, phone, phone_digits, phone_reason FROM customers ORDER BY id")
            while let row = try rows.next() { add(customer(row)) }
        case .customers(let ids):
            var unique: [Int64] = []
            var chosen = Set<Int64>()
            for id in ids where chosen.insert(id).inserted { unique.append(id) }
            var found: [Int64: PlannedRecipient] = [:]
            for start in stride(from: 0, to: unique.count, by: 500) {
                let slice = Array(unique[start..<min(start + 500, unique.count)])
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT id, phone, phone_digits, phone_reason FROM customers WHERE id IN ("
                        + slice.map { _ in "?" }.joined(separator: ", ") + ")",
                    arguments: StatementArguments(slice))
                for row in rows { found[row["id"]] = customer(row) }
            }
            plan.duplicates += ids.count - unique.count
            plan.given += ids.count - unique.count
            for id in unique {
                add(found[id] ?? PlannedRecipient(customerID: id, typed: nil, digits: "", skipReason: unknownCustomer))
            }
        case .numbers(let numbers):
            for typed in numbers { add(number(typed, policy: policy)) }
        }
        return plan
    }

    private static func customer(_ row: Row) -> PlannedRecipient {
        let phone: String? = row["phone"]
        let digits: String? = row["phone_digits"]
        guard let digits, !digits.isEmpty else {
            return PlannedRecipient(
                customerID: row["id"], typed: phone, digits: "",
                skipReason: phone == nil ? noPhone : (row["phone_reason"] as String?) ?? noPhone)
        }
        return PlannedRecipient(customerID: row["id"], typed: phone, digits: digits, skipReason: nil)
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

    /// The recipients as stored with the broadcast: a JSON array of `[customerId, typed, digits, reason]`.
    var encoded: String {
        var output: [UInt8] = [UInt8(ascii: "[")]
        for (index, recipient) in recipients.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            let entry: JSONValue = .array([
                recipient.customerID.map { .number(JSONNumber($0)) } ?? .null,
                recipient.typed.map(JSONValue.string) ?? .null, .string(recipient.digits),
                recipient.skipReason.map(JSONValue.string) ?? .null,
            ])
            JSONWriter.write(entry, into: &output)
        }
        output.append(UInt8(ascii: "]"))
        return String(decoding: output, as: UTF8.self)
    }

    /// The recipients stored by ``encoded``.
    static func decode(_ text: String) throws -> [PlannedRecipient] {
        guard case .array(let entries) = try JSONParser.parse(Array(text.utf8)) else { return [] }
        return entries.map { entry in
            let fields = entry.arrayValue ?? []
            func field(_ index: Int) -> JSONValue? { index < fields.count ? fields[index] : nil }
            let customerID: Int64? = {
                if case .number(let number)? = field(0) { return number.integer(as: Int64.self) }
                return nil
            }()
            return PlannedRecipient(
                customerID: customerID, typed: field(1)?.stringValue, digits: field(2)?.stringValue ?? "",
                skipReason: field(3)?.stringValue)
        }
    }
}
