import Foundation

/// The BigCommerce app the publisher registered: its client id and secret (the key of the install flow's
/// code exchange, of the JWTs of its callbacks and of its webhooks' signatures), and where BigCommerce's
/// login service and API are. One row; the secret is never shown.
public struct AppSettings: Sendable, Equatable, Codable, CustomStringConvertible {
    var id = 1
    public var clientID: String?
    /// Never returned, never logged.
    public var clientSecret: String?
    public var loginURL: String
    public var apiURL: String
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case clientID = "client_id"
        case clientSecret = "client_secret"
        case loginURL = "login_url"
        case apiURL = "api_url"
        case updatedAt = "updated_at"
    }

    /// BigCommerce's login service, which exchanges an install's code for the store's token.
    public static let defaultLoginURL = "https://login.bigcommerce.com"

    public init(clientID: String?, clientSecret: String?, loginURL: String, apiURL: String, updatedAt: Date) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.loginURL = loginURL
        self.apiURL = apiURL
        self.updatedAt = updatedAt
    }

    static func initial(now: Date) -> AppSettings {
        AppSettings(
            clientID: nil, clientSecret: nil, loginURL: defaultLoginURL, apiURL: StoreSettings.defaultAPIURL,
            updatedAt: now)
    }

    /// Whether installs can be taken: a client id and secret.
    public var isConfigured: Bool { clientID != nil && clientSecret != nil }

    public var description: String {
        "AppSettings(clientID: \(clientID ?? "none"), clientSecret: \(clientSecret == nil ? "none" : "set"), "
            + "loginURL: \(loginURL), apiURL: \(apiURL))"
    }
}

/// A change to the app's settings (`app.set`): only the fields given change; null clears.
public struct AppUpdate: Sendable, Equatable {
    public var clientID: FieldUpdate<String> = .keep
    public var clientSecret: FieldUpdate<String> = .keep
    /// Clearing it returns to BigCommerce's.
    public var loginURL: FieldUpdate<String> = .keep
    /// Clearing it returns to BigCommerce's.
    public var apiURL: FieldUpdate<String> = .keep

    public init() {}

    /// Applies the change after checking every field.
    ///
    /// - Throws: ``ValidationError`` naming the first field that is not acceptable.
    func applied(to settings: AppSettings) throws(ValidationError) -> AppSettings {
        var result = settings
        switch clientID {
        case .keep: break
        case .clear: result.clientID = nil
        case .set(let id): result.clientID = try AccountValidation.credential(field: "clientId")(id)
        }
        switch clientSecret {
        case .keep: break
        case .clear: result.clientSecret = nil
        case .set(let secret): result.clientSecret = try AccountValidation.credential(field: "clientSecret")(secret)
        }
        /// The address `change` leaves: the one it sets (checked), `default` when it clears, or `current`.
        func address(
            _ change: FieldUpdate<String>, current: String, default: String, field: String, credentials: String
        ) throws(ValidationError) -> String {
            switch change {
            case .keep: current
            case .clear: `default`
            case .set(let url):
                try AccountValidation.serviceURL(url, field: field, example: `default`, credentials: credentials)
            }
        }
        result.loginURL = try address(
            loginURL, current: result.loginURL, default: AppSettings.defaultLoginURL, field: "loginUrl",
            credentials: "the app's client secret")
        result.apiURL = try address(
            apiURL, current: result.apiURL, default: StoreSettings.defaultAPIURL, field: "apiUrl",
            credentials: "the stores' tokens")
        return result
    }
}

extension StoreDirectory {
    /// The app's settings (the initial ones when nothing was saved yet).
    public func appSettings() async throws -> AppSettings {
        let time = Date()
        return try await appStorage.load() ?? .initial(now: time)
    }

    /// Checks and saves `update`; returns the settings saved.
    ///
    /// - Throws: ``ValidationError`` for a field that is not acceptable; nothing is saved then.
    public func updateApp(_ update: AppUpdate) async throws -> AppSettings {
        let time = Date()
        let saved = try await appStorage.update { stored in
            var settings = try update.applied(to: stored ?? .initial(now: time))
            settings.updatedAt = time
            return settings
        }
        if update.clientSecret != .keep { await appStorage.eraseOverwrittenSecrets() }
        return saved
    }
}
