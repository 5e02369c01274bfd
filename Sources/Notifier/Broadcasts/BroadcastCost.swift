import Foundation
import MoceanAPI
import PhoneNumbers

/// What a broadcast will cost: each SMS part at its destination's price from the gateway's pricing table.
public struct BroadcastCost: Sendable, Equatable {
    /// The total, in the account's currency, as a decimal text (`12.3400`).
    public let total: String
    public let currency: String?
    /// The balance when asked, as the gateway wrote it.
    public let balance: String?
    /// Whether the balance covers the total; nil when the balance is not known.
    public let covered: Bool?

    /// The total shared by `count` SMS, as text with four decimals; nil for none.
    public func perMessage(of count: Int) -> String? {
        guard count > 0, let total = Decimal(string: total) else { return nil }
        return Self.text(total / Decimal(count))
    }

    /// `count` SMS at `unit` each, as text with four decimals.
    public static func times(_ unit: String, _ count: Int) -> String? {
        Decimal(string: unit).map { text($0 * Decimal(count)) }
    }

    private static func text(_ value: Decimal) -> String {
        var rounded = Decimal()
        var exact = value
        NSDecimalRound(&rounded, &exact, 4, .plain)
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.minimumFractionDigits = 4
        formatter.maximumFractionDigits = 4
        formatter.usesGroupingSeparator = false
        return formatter.string(from: rounded as NSDecimalNumber) ?? "\(rounded)"
    }

    /// Prices `recipients` (digits, parts each) from the pricing rows: a row whose country's calling code the
    /// number starts with, the longest first; else the default row (the first).
    static func estimate(digits: [String], parts: Int, prices: [PriceRow], balance: Balance?) -> BroadcastCost {
        var byCode: [(code: String, price: Decimal)] = []
        for row in prices.dropFirst() {
            guard let price = Decimal(string: row.price),
                let region = PhoneNumberUtility.supportedRegions.first(where: {
                    PhoneNumberUtility.name(ofRegion: $0)?.caseInsensitiveCompare(row.country) == .orderedSame
                }),
                let code = PhoneNumberUtility.countryCode(forRegion: region)
            else { continue }
            byCode.append((String(code), price))
        }
        byCode.sort { $0.code.count > $1.code.count }
        let fallback = prices.first.flatMap { Decimal(string: $0.price) } ?? 0
        var total = Decimal(0)
        for number in digits {
            let price = byCode.first { number.hasPrefix($0.code) }?.price ?? fallback
            total += price * Decimal(parts)
        }
        let balanceValue = balance.flatMap { Decimal(string: $0.value.literal) }
        return BroadcastCost(
            total: text(total),
            currency: balance?.currency ?? prices.first?.currency, balance: balance?.value.literal,
            covered: balanceValue.map { $0 >= total })
    }
}
