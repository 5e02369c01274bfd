import JSONRPC
import Notifier

/// The account as clients see it: never the secret or the token, only whether each is set and, for long
/// enough values, their last four characters.
struct AccountView: Encodable, Sendable {
    /// A secret, shown without revealing it.
    struct SecretView: Encodable, Sendable {
        let set: Bool
        /// The last four characters; left out for values under 12 characters, where four would reveal too much.
        let last4: String?

        init(_ value: String?) {
            set = value != nil
            last4 = value.flatMap { $0.count >= 12 ? String($0.suffix(4)) : nil }
        }
    }

    let apiKey: String?
    let apiSecret: SecretView
    let apiToken: SecretView
    let sender: String?
    let adminCountry: String?
    let customerCountry: String?
    let gatewayUrl: String
    let allowForeignNumbers: Bool
    let smsCapableOnly: Bool
    /// Which credentials calls use: `token`, `keySecret`, or `none` when neither is complete.
    let authentication: String
    /// The low-balance alert; null when none is set.
    let lowBalanceAlert: LowBalanceAlertView?
    let updatedAt: String

    private enum CodingKeys: String, CodingKey {
        case apiKey, apiSecret, apiToken, sender, adminCountry, customerCountry, gatewayUrl, allowForeignNumbers
        case smsCapableOnly, authentication, lowBalanceAlert, updatedAt
    }

    /// Written out so that unset fields read `null` rather than missing, as the contract lists them.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(apiKey, forKey: .apiKey)
        try container.encode(apiSecret, forKey: .apiSecret)
        try container.encode(apiToken, forKey: .apiToken)
        try container.encode(sender, forKey: .sender)
        try container.encode(adminCountry, forKey: .adminCountry)
        try container.encode(customerCountry, forKey: .customerCountry)
        try container.encode(gatewayUrl, forKey: .gatewayUrl)
        try container.encode(allowForeignNumbers, forKey: .allowForeignNumbers)
        try container.encode(smsCapableOnly, forKey: .smsCapableOnly)
        try container.encode(authentication, forKey: .authentication)
        try container.encode(lowBalanceAlert, forKey: .lowBalanceAlert)
        try container.encode(updatedAt, forKey: .updatedAt)
    }

    init(_ settings: AccountSettings, alert: BalanceAlertState?) {
        lowBalanceAlert = alert.map(LowBalanceAlertView.init)
        apiKey = settings.apiKey
        apiSecret = SecretView(settings.apiSecret)
        apiToken = SecretView(settings.apiToken)
        sender = settings.sender
        adminCountry = settings.adminCountry
        customerCountry = settings.customerCountry
        gatewayUrl = settings.gatewayURL
        allowForeignNumbers = settings.allowForeignNumbers
        smsCapableOnly = settings.smsCapableOnly
        switch settings.authentication {
        case .token?: authentication = "token"
        case .keyAndSecret?: authentication = "keySecret"
        case nil: authentication = "none"
        }
        updatedAt = SeedDate.format(unixSeconds: settings.updatedAt.timeIntervalSince1970)
    }
}

/// A balance as clients see it: `{"value": 6.4448, "currency": "EUR", "display": "EUR 6.4448"}`.
struct BalanceView: Encodable, Sendable {
    /// The number as the gateway wrote it: JSONValue encodes its literal unchanged.
    let value: JSONValue
    let currency: String?
    let display: String

    private enum CodingKeys: String, CodingKey { case value, currency, display }

    /// Written out so that an unknown currency reads `null`, as the contract lists it.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(currency, forKey: .currency)
        try container.encode(display, forKey: .display)
    }

    init(_ balance: Balance) {
        value = .number(balance.value)
        currency = balance.currency
        display = balance.display
    }
}

/// A low-balance alert as clients see it: the threshold, and whether the balance last seen is below it.
struct LowBalanceAlertView: Encodable, Sendable {
    let below: JSONValue
    let currency: String?
    /// Whether the balance last seen is below the threshold (the admins were told at `alertedAt`).
    let low: Bool
    let alertedAt: String?
    let lastBalance: JSONValue?
    let lastCurrency: String?
    let lastCheckedAt: String?

    private enum CodingKeys: String, CodingKey {
        case below, currency, low, alertedAt, lastBalance, lastCurrency, lastCheckedAt
    }

    /// Written out so that unset fields read `null`, as the contract lists them.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(below, forKey: .below)
        try container.encode(currency, forKey: .currency)
        try container.encode(low, forKey: .low)
        try container.encode(alertedAt, forKey: .alertedAt)
        try container.encode(lastBalance, forKey: .lastBalance)
        try container.encode(lastCurrency, forKey: .lastCurrency)
        try container.encode(lastCheckedAt, forKey: .lastCheckedAt)
    }

    init(_ state: BalanceAlertState) {
        below = JSONNumber(exactly: state.below).map(JSONValue.number) ?? .string(state.below)
        currency = state.currency
        low = state.isLow
        alertedAt = state.alertedAt.map { SeedDate.format(unixSeconds: $0.timeIntervalSince1970) }
        lastBalance = state.lastBalance.map { JSONNumber(exactly: $0).map(JSONValue.number) ?? .string($0) }
        lastCurrency = state.lastCurrency
        lastCheckedAt = state.lastCheckedAt.map { SeedDate.format(unixSeconds: $0.timeIntervalSince1970) }
    }
}
