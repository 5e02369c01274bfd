import Foundation
import GRDB

/// The store connection: which store, the token of its API account, and where its API is.
public struct StoreSettings: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord, CustomStringConvertible {
    public static let databaseTableName = "stores"

    /// The store's id.
    var id = StoreID.first.rawValue
    public var storeHash: String?
    /// The `X-Auth-Token` of a store API account; never returned, never logged.
    public var accessToken: String?
    public var apiURL: String
    /// The store app's client secret: the key of the Standard Webhooks signatures on the store's webhooks;
    /// never returned, never logged.
    public var clientSecret: String?
    public var storeName: String?
    public var storeDomain: String?
    public var storeCountry: String?
    public var storeTimezone: String?
    public var checkedAt: Date?
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case storeHash = "store_hash"
        case accessToken = "access_token"
        case apiURL = "api_url"
        case clientSecret = "client_secret"
        case storeName = "store_name"
        case storeDomain = "store_domain"
        case storeCountry = "store_country"
        case storeTimezone = "store_timezone"
        case checkedAt = "checked_at"
        case updatedAt = "updated_at"
    }

    /// BigCommerce's API.
    public static let defaultAPIURL = "https://api.bigcommerce.com"

    static func initial(store: StoreID, now: Date) -> StoreSettings {
        StoreSettings(id: store.rawValue, apiURL: defaultAPIURL, updatedAt: now)
    }

    /// The store it is the connection of.
    public var store: StoreID { StoreID(rawValue: id) }

    /// Whether the service can reach the store: a hash and a token.
    public var isConnected: Bool { storeHash != nil && accessToken != nil }

    public var description: String {
        "StoreSettings(storeHash: \(storeHash ?? "none"), accessToken: \(accessToken == nil ? "none" : "set"), "
            + "apiURL: \(apiURL), clientSecret: \(clientSecret == nil ? "none" : "set"))"
    }
}

/// A change to the store connection (`store.set`): only the fields given change; null clears.
public struct StoreUpdate: Sendable, Equatable {
    public var storeHash: FieldUpdate<String> = .keep
    public var accessToken: FieldUpdate<String> = .keep
    /// Clearing it returns to BigCommerce's API.
    public var apiURL: FieldUpdate<String> = .keep
    /// The store app's client secret, the key of the webhooks' signatures.
    public var clientSecret: FieldUpdate<String> = .keep

    public init() {}

    /// Applies the change after checking every field.
    ///
    /// - Throws: ``ValidationError`` naming the first field that is not acceptable.
    func applied(to settings: StoreSettings) throws(ValidationError) -> StoreSettings {
        var result = settings
        switch storeHash {
        case .keep: break
        case .clear: result.storeHash = nil
        case .set(let hash): result.storeHash = try Self.storeHash(hash)
        }
        switch accessToken {
        case .keep: break
        case .clear: result.accessToken = nil
        case .set(let token): result.accessToken = try AccountValidation.credential(field: "accessToken")(token)
        }
        switch clientSecret {
        case .keep: break
        case .clear: result.clientSecret = nil
        case .set(let secret):
            let checked = try AccountValidation.credential(field: "clientSecret")(secret)
            if checked.hasPrefix("whsec_"), Data(base64Encoded: String(checked.dropFirst(6))) == nil {
                throw ValidationError(
                    field: "clientSecret",
                    reason: "begins with whsec_ but what follows is not base64: give the secret as the store shows it")
            }
            result.clientSecret = checked
        }
        switch apiURL {
        case .keep: break
        case .clear: result.apiURL = StoreSettings.defaultAPIURL
        case .set(let url):
            result.apiURL = try AccountValidation.serviceURL(
                url, field: "apiUrl", example: "https://api.bigcommerce.com", credentials: "accessToken")
        }
        // The stored token never goes to an address it was not given for (the same rule as the gateway's).
        if result.apiURL != settings.apiURL, !accessToken.isSet, result.accessToken != nil {
            throw ValidationError(
                field: "apiUrl",
                reason: "can change (or be reset with null) only together with the accessToken for the new address, "
                    + "so that the stored token is never sent to another address")
        }
        if storeHash != .keep || accessToken != .keep || apiURL != .keep {
            result.storeName = nil
            result.storeDomain = nil
            result.storeCountry = nil
            result.storeTimezone = nil
            result.checkedAt = nil
        }
        return result
    }

    /// A store hash: letters and digits, as in `stores/abc123`.
    static func storeHash(_ value: String) throws(ValidationError) -> String {
        let hash = value.trimmingWhitespace.lowercased()
        guard (1...64).contains(hash.count), hash.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ValidationError(
                field: "storeHash",
                reason: "\"\(value.prefix(80))\" is not a store hash: give the letters and digits after stores/ in "
                    + "the API path, e.g. abc123")
        }
        return hash
    }
}
