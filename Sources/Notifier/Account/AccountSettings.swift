import Foundation

/// A store's gateway account: credentials, the sender ID, default countries for checking phone numbers,
/// and the gateway's address. One row per store, keyed by the store's id.
public struct AccountSettings: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The store's id.
    public var id = StoreID.first.rawValue
    public var apiKey: String?
    public var apiSecret: String?
    public var apiToken: String?
    /// "Message From": the sender ID shown on the phone.
    public var sender: String?
    /// ISO 3166-1 alpha-2 country admin numbers are checked against; nil means no checking.
    public var adminCountry: String?
    /// ISO 3166-1 alpha-2 country customer numbers are checked against; nil means no checking.
    public var customerCountry: String?
    public var gatewayURL: String
    /// Whether a number of another country, typed with its `+` code, is accepted when a default country is
    /// set (the seed refuses it).
    public var allowForeignNumbers = false
    /// Whether numbers that cannot receive SMS (fixed line, toll free, premium rate...) are refused.
    public var smsCapableOnly = true
    /// The balance's currency, learned from the pricing endpoint.
    public var currency: String?
    public var currencyCheckedAt: Date?
    public var updatedAt: Date

    /// The public MoceanAPI gateway.
    public static let defaultGatewayURL = "https://rest.moceanapi.com"

    /// The settings of `store` before anything was configured.
    public static func initial(store: StoreID, now: Date) -> AccountSettings {
        AccountSettings(id: store.rawValue, gatewayURL: defaultGatewayURL, updatedAt: now)
    }

    /// The store whose account it is.
    public var store: StoreID { StoreID(rawValue: id) }

    enum CodingKeys: String, CodingKey {
        case id
        case apiKey = "api_key"
        case apiSecret = "api_secret"
        case apiToken = "api_token"
        case sender
        case adminCountry = "admin_country"
        case customerCountry = "customer_country"
        case gatewayURL = "gateway_url"
        case allowForeignNumbers = "allow_foreign_numbers"
        case smsCapableOnly = "sms_capable_only"
        case currency
        case currencyCheckedAt = "currency_checked_at"
        case updatedAt = "updated_at"
    }

    /// How the gateway will be asked: the token when one is set (MoceanAPI's newer form), else key and
    /// secret; nil when neither is complete.
    public var authentication: Authentication? {
        if let apiToken { return .token(apiToken) }
        if let apiKey, let apiSecret { return .keyAndSecret(key: apiKey, secret: apiSecret) }
        return nil
    }

    /// The settings without the secret or the token, should they ever be printed.
    public var description: String {
        "AccountSettings(apiKey: \(apiKey ?? "none"), apiSecret: \(apiSecret == nil ? "none" : "set"), "
            + "apiToken: \(apiToken == nil ? "none" : "set"), sender: \(sender ?? "none"), gateway: \(gatewayURL))"
    }

    /// The credentials in use.
    public enum Authentication: Sendable, Equatable {
        case keyAndSecret(key: String, secret: String)
        case token(String)
    }
}
