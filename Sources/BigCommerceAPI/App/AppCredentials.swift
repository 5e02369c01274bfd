/// The app's credentials from BigCommerce's Developer Portal: the key of the install's code exchange, of
/// the signed payloads of its callbacks, and of its webhooks' signatures.
public struct AppCredentials: Sendable, Equatable, CustomStringConvertible {
    public let clientID: String
    /// Never shown and never logged.
    public let clientSecret: String

    public init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    /// The client id; never the secret.
    public var description: String { "app \(clientID)" }
}

/// A BigCommerce user as the app's flow names them: the store's owner, or a user who opened the app.
public struct AppUser: Sendable, Equatable, Codable {
    public let id: Int64
    public let email: String?
    public let username: String?

    public init(id: Int64, email: String? = nil, username: String? = nil) {
        self.id = id
        self.email = email
        self.username = username
    }
}
