import JSONRPC
import Notifier

/// SplitMix64: a small, fast generator whose output depends only on its seed, so a failing case can be replayed.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_CE4E_5B9B
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A number from 0 to `count` - 1.
    mutating func below(_ count: Int) -> Int {
        Int(next() % UInt64(count))
    }

    /// True one time in `count`.
    mutating func oneIn(_ count: Int) -> Bool {
        below(count) == 0
    }

    mutating func pick<T>(_ choices: [T]) -> T {
        choices[below(choices.count)]
    }
}

/// Webhook payloads and store data as `template.render` takes them, made up at random with the values that break
/// naive code: integers at and past Int64's bounds, numbers past Double's, `-0`, hundreds of digits, fractions,
/// numbers and dates written as strings, dates far outside years 1 to 9999, values of the wrong kind, and lists of
/// items and gift certificates. Strings never hold `{` or `}`, so a rendered text has none either.
struct WebhookFuzzer {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    static let extremeNumbers = [
        "0", "-0", "-0.0", "1", "-1", "2", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "-9223372036854775809", "18446744073709551615", "170141183460469231731687303715884105727",
        "340282366920938463463374607431768211456", "9007199254740993", "1e308", "-1e308", "1.7976931348623157e308",
        "1e309", "-1e400", "4.9e-324", "1e-400", "0.5", "2.675", "0.005", "99.995", "-120.5000", "1E+2", "5e0",
        "5.0", "1632114489", "253402300800", "-62135596801", "1e15", "1e18", "-1e18", "0.1e1",
    ]

    static let extremeStrings = [
        "", " ", "\t\n", "42", " 42 ", "-0", "9223372036854775807", "-9223372036854775809", "1e308", "1e999",
        "-1e999", "NaN", "nan", "inf", "-Infinity", "0x1F", "120.50", "120.505", "-0.005", "1632114489",
        "1632114489.9999", "99999999999999999999", "Tue, 20 Nov 2012 00:00:00 +0000", "Mon, 31 Feb 2000 10:00 GMT",
        "31 Dec 99 23:59:59 -2359", "2021-09-20T05:08:09Z", "2021-09-20 13:08:09.250+08:00",
        "9999-12-31T23:59:59.999-23:59", "0001-01-01T00:00:00+23:59", "0000-00-00T00:00:00Z", "2021-09-20T05:08:09.",
        "é", "Ünïcödé ñame", "🎉🎉", "日本語", "a\u{0}b", "€", "^~|\\[]", "MYR", "JPY", "KWD", "usd", "x",
    ]

    mutating func digits(_ count: Int) -> String {
        var text = String(random.below(9) + 1)
        for _ in 1..<max(count, 1) { text.append(Character(String(random.below(10)))) }
        return text
    }

    /// A number: an extreme one, a random integer, or hundreds of digits.
    mutating func number() -> JSONValue {
        let literal: String =
            switch random.below(6) {
            case 0, 1, 2: random.pick(Self.extremeNumbers)
            case 3: String(Int64(bitPattern: random.next()))
            case 4: (random.oneIn(2) ? "-" : "") + digits(1 + random.below(400))
            default:
                digits(1 + random.below(30)) + "." + digits(1 + random.below(30))
                    + (random.oneIn(3) ? "e" + String(random.below(700) - 350) : "")
            }
        return .number(JSONNumber(exactly: literal) ?? JSONNumber(0))
    }

    mutating func string() -> JSONValue {
        switch random.below(5) {
        case 0, 1, 2: .string(random.pick(Self.extremeStrings))
        case 3: .string(digits(1 + random.below(60)))
        default:
            .string(String(repeating: random.pick(["a", "é", "🎉", " ", "9", "-"]), count: random.below(2000)))
        }
    }

    /// Any scalar, now and then a container of the wrong kind.
    mutating func scalar() -> JSONValue {
        switch random.below(12) {
        case 0...4: number()
        case 5...8: string()
        case 9: .bool(random.oneIn(2))
        case 10: .null
        default:
            random.oneIn(2)
                ? .array([number(), string()]) : .object(JSONObject([.init(key: "value", value: number())]))
        }
    }

    /// An object with some of `fields` (each present half of the time or so), their values from `value`.
    mutating func object(_ fields: [String], _ value: (inout WebhookFuzzer) -> JSONValue) -> JSONValue {
        var object = JSONObject()
        for field in fields where random.below(10) < 7 {
            object[field] = value(&self)
        }
        return .object(object)
    }

    mutating func person() -> JSONValue {
        object(["first_name", "last_name", "phone", "email"]) { $0.scalar() }
    }

    /// Line items with quantities, as a shipment's `items` or a cart's `physical_items` hold them.
    mutating func items() -> JSONValue {
        var items: [JSONValue] = []
        for _ in 0..<random.below(6) {
            switch random.below(8) {
            case 0: items.append(.object(JSONObject([.init(key: "quantity", value: string())])))
            case 1: items.append(number())
            default: items.append(.object(JSONObject([.init(key: "quantity", value: number())])))
            }
        }
        return random.oneIn(10) ? scalar() : .array(items)
    }

    /// A webhook payload for `event`: the envelope, or now and then its `data` alone.
    mutating func payload(for event: StoreEvent) -> JSONValue {
        var data = JSONObject()
        data["type"] = .string(event.resource)
        for field in ["id", "orderId", "order_id"] where random.below(10) < 8 { data[field] = scalar() }
        data["refund"] = object(["refund_id"]) { $0.scalar() }
        data["message"] = object(["order_message_id"]) { $0.scalar() }
        if random.oneIn(5) { return .object(data) }
        var envelope = JSONObject()
        envelope["scope"] = .string(event.scope)
        envelope["store_id"] = scalar()
        envelope["data"] = .object(data)
        envelope["created_at"] = random.oneIn(3) ? string() : number()
        return .object(envelope)
    }

    /// Store data for any event: every resource `template.render` reads, some in v3 `{"data": …}` envelopes or
    /// lists, and a few members given by keyword name.
    mutating func resources(for event: StoreEvent) -> JSONValue {
        var resources = JSONObject()
        resources["store"] = object(["name", "domain", "secure_url", "phone"]) { $0.scalar() }
        resources["order"] = wrapped(order())
        resources["shipment"] = wrapped(shipment())
        resources["refund"] = wrapped(object(["id", "order_id", "total_amount", "reason"]) { $0.scalar() })
        var messages: [JSONValue] = []
        for _ in 0..<random.below(3) { messages.append(message()) }
        resources["message"] = random.oneIn(2) ? .array(messages) : wrapped(message())
        resources["cart"] = wrapped(cart())
        resources["checkout"] = .object(JSONObject([.init(key: "billing_address", value: person())]))
        resources["customer"] = wrapped(person())
        resources["redirect_urls"] = object(["cart_url", "checkout_url"]) { $0.scalar() }
        for name in KeywordCatalog.names(for: event) where random.oneIn(12) {
            resources[name] = scalar()
        }
        return .object(resources)
    }

    private mutating func wrapped(_ value: JSONValue) -> JSONValue {
        switch random.below(6) {
        case 0: .object(JSONObject([.init(key: "data", value: value)]))
        case 1: .array([value, scalar()])
        case 2: scalar()
        default: value
        }
    }

    private mutating func order() -> JSONValue {
        var order = object([
            "id", "status", "total_inc_tax", "currency_code", "items_total", "payment_method", "date_created",
            "customer_message",
        ]) { $0.scalar() }
        if case .object(var members) = order {
            members["billing_address"] = person()
            order = .object(members)
        }
        return order
    }

    private mutating func shipment() -> JSONValue {
        var shipment = object([
            "id", "order_id", "tracking_number", "shipping_provider_display_name", "tracking_carrier",
            "shipping_provider", "tracking_link", "generated_tracking_link", "shipping_method", "date_created",
        ]) { $0.scalar() }
        if case .object(var members) = shipment {
            members["items"] = items()
            members["shipping_address"] = person()
            shipment = .object(members)
        }
        return shipment
    }

    private mutating func message() -> JSONValue {
        var message = object(["id", "order_id", "subject", "message", "date_created"]) { $0.scalar() }
        if case .object(var members) = message {
            members["customer"] = person()
            message = .object(members)
        }
        return message
    }

    private mutating func cart() -> JSONValue {
        var lineItems = JSONObject()
        for kind in ["physical_items", "digital_items", "custom_items"] where random.below(10) < 7 {
            lineItems[kind] = items()
        }
        if random.below(10) < 6 {
            var certificates: [JSONValue] = []
            for _ in 0..<random.below(5) { certificates.append(object(["amount", "name"]) { $0.scalar() }) }
            lineItems["gift_certificates"] = .array(certificates)
        }
        var cart = JSONObject()
        cart["id"] = scalar()
        cart["cart_amount"] = scalar()
        cart["currency"] = object(["code"]) { $0.string() }
        cart["line_items"] = .object(lineItems)
        if random.oneIn(3) { cart["redirect_urls"] = object(["cart_url", "checkout_url"]) { $0.scalar() } }
        return .object(cart)
    }
}
