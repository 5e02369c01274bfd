import JSONCore

/// The customer's phone number in the store's data given with an event, and the country of its address.
public enum CustomerPhone {
    /// A phone number as found, with where it was found.
    public struct Found: Sendable, Equatable {
        public let number: String
        /// ISO 3166-1 alpha-2 of the address it came with, when given.
        public let country: String?
        /// `order billing address`, `shipment shipping address`, `customer`, `checkout billing address`...
        public let source: String
    }

    /// The first phone in this order: the order's billing address; the shipment's shipping address; the
    /// customer's phone, then their addresses; the checkout's billing address (for an abandoned cart).
    public static func find(in resources: JSONValue?) -> Found? {
        let candidates: [(JSONValue?, String, String)] = [
            (resources?["order"]?["billing_address"], "country_iso2", "order billing address"),
            (resources?["shipment"]?["shipping_address"], "country_iso2", "shipment shipping address"),
            (unwrap(resources?["customer"]), "country_code", "customer"),
            (resources?["checkout"]?["billing_address"], "country_code", "checkout billing address"),
        ]
        for (holder, countryKey, source) in candidates {
            if let found = phone(in: holder, countryKey: countryKey, source: source) { return found }
        }
        if let addresses = unwrap(resources?["customer"])?["addresses"]?.arrayValue {
            for address in addresses {
                if let found = phone(in: address, countryKey: "country_code", source: "customer address") {
                    return found
                }
            }
        }
        return nil
    }

    private static func phone(in holder: JSONValue?, countryKey: String, source: String) -> Found? {
        guard case .string(let raw)? = holder?["phone"] else { return nil }
        let number = raw.trimmingWhitespace
        guard number.contains(where: \.isNumber) else { return nil }
        let country = holder?[countryKey]?.stringValue.flatMap { $0.count == 2 ? $0.uppercased() : nil }
        return Found(number: number, country: country, source: source)
    }

    /// A v3 `{"data": …}` envelope or a list's first element, unwrapped.
    private static func unwrap(_ value: JSONValue?) -> JSONValue? {
        var value = value
        if let data = value?["data"] { value = data }
        if case .array(let items)? = value { value = items.first }
        return value
    }
}
