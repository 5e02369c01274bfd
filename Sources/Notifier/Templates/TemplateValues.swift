import JSONCore

/// Turning JSON fields into keyword text.
enum TemplateValue {
    /// A string or number as text; nil for anything else and for blank strings.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let string): string.trimmingBlanks.isEmpty ? nil : string
        case .number(let number): number.literal
        default: nil
        }
    }

    /// The first of `values` that has text.
    static func first(_ values: JSONValue?...) -> String? {
        values.lazy.compactMap(text).first
    }

    /// A date as a ``SeedDate``: unix seconds (a number, or a string holding a JSON number), an RFC 2822 or an
    /// ISO 8601 date. Seconds beyond years 1 to 9999, however many digits they have, show as those bounds.
    static func date(_ value: JSONValue?) -> String? {
        switch value {
        case .number(let number): number.double.map { SeedDate.format(unixSeconds: $0) }
        case .string(let string):
            // JSON number syntax only: `inf`, `nan` or `0x1F` are not seconds.
            if let seconds = JSONNumber(exactly: String(string.trimmingBlanks))?.double {
                SeedDate.format(unixSeconds: seconds)
            } else {
                SeedDate.format(rfc2822: string) ?? SeedDate.format(iso8601: string)
            }
        default: nil
        }
    }

    /// "First Last" from an object with `first_name` and `last_name`; nil when both are absent.
    static func fullName(_ person: JSONValue?) -> String? {
        let parts = [text(person?["first_name"]), text(person?["last_name"])].compactMap { $0?.trimmingBlanks }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// The `first_name` of an object.
    static func firstName(_ person: JSONValue?) -> String? {
        text(person?["first_name"]).map { String($0.trimmingBlanks) }
    }

    /// The exact sum of the `quantity` fields of `items`, plus `extra`; nil when no item has a quantity and `extra`
    /// is 0.
    ///
    /// A quantity counts when it is an integer within Int64 (`5`, `5.0`, `5e0`). The sum is taken in Int128: fewer
    /// than 2^63 terms of magnitude at most 2^63 stay below 2^126, so it is exact and cannot overflow.
    static func quantity(_ items: [JSONValue], plus extra: Int = 0) -> String? {
        var sum = Int128(extra)
        var counted = extra != 0
        for item in items {
            guard case .number(let number)? = item["quantity"], let quantity = number.integer(as: Int64.self) else {
                continue
            }
            sum += Int128(quantity)
            counted = true
        }
        return counted ? String(sum) : nil
    }

    /// `amount` with `currency` in front (`MYR 120.50`), rounded to the currency's decimals (2 unless the
    /// currency has none or 3); the amount alone without a currency, or as written when it is not a decimal.
    static func money(_ amount: JSONValue?, currency: String?) -> String? {
        guard let written = text(amount) else { return nil }
        let places = currency.map(Money.decimalPlaces(of:)) ?? 2
        let shown = Money.rounded(written, places: places) ?? written
        return currency.map { "\($0) \(shown)" } ?? shown
    }
}

/// Decimal amounts as BigCommerce writes them (`"120.5000"`, `20.5`), rounded for display.
enum Money {
    static let zeroDecimalCurrencies: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF",
        "XOF", "XPF",
    ]
    static let threeDecimalCurrencies: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]

    /// How many decimals amounts of an ISO 4217 currency show.
    static func decimalPlaces(of currency: String) -> Int {
        let code = currency.uppercased()
        if zeroDecimalCurrencies.contains(code) { return 0 }
        if threeDecimalCurrencies.contains(code) { return 3 }
        return 2
    }

    /// `amount` (an optional `-`, digits, an optional fraction) rounded half away from zero to `places` decimals;
    /// nil when it is not such a decimal.
    static func rounded(_ amount: String, places: Int) -> String? {
        var text = Substring(amount.trimmingBlanks)
        let negative = text.first == "-"
        if negative { text = text.dropFirst() }
        let pieces = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = pieces.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        let fraction = pieces.count == 2 ? pieces[1] : ""
        guard fraction.allSatisfy(\.isASCIIDigit), pieces.count == 1 || !fraction.isEmpty else { return nil }
        // Digits of the amount scaled by 10^places, plus the first dropped digit for rounding.
        var digits = Array(whole) + Array(fraction.prefix(places))
        digits += Array(repeating: "0", count: max(0, places - fraction.count))
        let roundUp = fraction.dropFirst(places).first.map { $0 >= "5" } ?? false
        if roundUp {
            var index = digits.count - 1
            while index >= 0 {
                if digits[index] == "9" {
                    digits[index] = "0"
                    index -= 1
                } else {
                    digits[index] = Character(String(digits[index].wholeNumberValue! + 1))
                    break
                }
            }
            if index < 0 { digits.insert("1", at: 0) }
        }
        var integer = String(digits.dropLast(places))
        while integer.count > 1, integer.first == "0" { integer.removeFirst() }
        let decimals = String(digits.suffix(places))
        let isZero = (integer + decimals).allSatisfy { $0 == "0" }
        let sign = negative && !isZero ? "-" : ""
        return places == 0 ? sign + integer : sign + integer + "." + decimals
    }
}

extension Character {
    /// Whether this is one of the ASCII digits 0 to 9.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
