import HTTPClient
import JSONCore

/// What an install granted: the token exchange's answer.
public struct AppGrant: Sendable, Equatable {
    /// The store's hash (from `context`, `stores/{hash}`).
    public let storeHash: String
    /// The store API token. Never shown and never logged.
    public let accessToken: String
    /// The scopes granted, space-separated.
    public let scope: String
    /// The user who installed the app.
    public let user: AppUser
    /// The store's owner.
    public let owner: AppUser?
    public let accountUUID: String?
}

/// Why an install's code was not exchanged.
public struct AppLoginError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The login service refused the code (used, expired, for another app or store) or the credentials.
        case refused
        /// The login service could not be reached or failed; the merchant may try again.
        case unavailable
        /// The answer is not a grant (no token, or a grant for another store).
        case malformedAnswer
    }

    public let kind: Kind
    /// Words for the log and the operator; never the code, the token or the secret.
    public let message: String

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// BigCommerce's login service as the app's install flow uses it: `POST {loginURL}/oauth2/token` exchanges the
/// code of an auth callback for the store's token.
public struct AppLoginClient: Sendable {
    public let loginURL: String
    private let transport: any HTTPTransport
    private let timeout: Duration

    public init(loginURL: String, transport: any HTTPTransport, timeout: Duration = .seconds(20)) {
        self.loginURL = loginURL.hasSuffix("/") ? String(loginURL.dropLast()) : loginURL
        self.transport = transport
        self.timeout = timeout
    }

    /// The body of the exchange, with BigCommerce's field names.
    struct ExchangeRequest: Encodable {
        let clientID: String
        let clientSecret: String
        let code: String
        let context: String
        let scope: String
        var grantType = "authorization_code"
        let redirectURI: String

        enum CodingKeys: String, CodingKey {
            case code, context, scope
            case clientID = "client_id"
            case clientSecret = "client_secret"
            case grantType = "grant_type"
            case redirectURI = "redirect_uri"
        }
    }

    /// Exchanges the `code` an auth callback brought for the store's token.
    ///
    /// - Parameters:
    ///   - context: the callback's `context` (`stores/{hash}`); the grant must be for the same store.
    ///   - redirectURI: the auth callback's URL, exactly as registered with the app.
    /// - Throws: ``AppLoginError``.
    public func exchange(
        code: String, scope: String, context: String, redirectURI: String, credentials: AppCredentials
    ) async throws(AppLoginError) -> AppGrant {
        let body = ExchangeRequest(
            clientID: credentials.clientID, clientSecret: credentials.clientSecret, code: code, context: context,
            scope: scope, redirectURI: redirectURI)
        let encoded: JSONValue
        do {
            encoded = try JSONValueEncoder().encode(body)
        } catch {
            throw AppLoginError(kind: .malformedAnswer, message: "the exchange could not be written")
        }
        let request = HTTPRequest(
            method: .post, url: loginURL + "/oauth2/token",
            headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
            body: Array(encoded.description.utf8), timeout: timeout)
        let response: HTTPResponse
        do {
            response = try await transport.perform(request)
        } catch let error as HTTPTransportError {
            throw AppLoginError(kind: .unavailable, message: "the login service cannot be reached (\(error.kind))")
        } catch {
            throw AppLoginError(kind: .unavailable, message: "the exchange was cancelled")
        }
        let answer = try? JSONParser.parse(response.body)
        guard (200..<300).contains(response.status) else {
            let words = answer?["error_description"]?.stringValue ?? answer?["error"]?.stringValue ?? ""
            let kind: AppLoginError.Kind = response.status >= 500 || response.status == 429 ? .unavailable : .refused
            throw AppLoginError(
                kind: kind,
                message: "the login service answered HTTP \(response.status)"
                    + (words.isEmpty ? "" : ": \(words.prefix(200))"))
        }
        return try Self.grant(answer, context: context)
    }

    /// The grant in `answer`, checked to be for the store of `context`.
    static func grant(_ answer: JSONValue?, context: String) throws(AppLoginError) -> AppGrant {
        guard let answer, let token = answer["access_token"]?.stringValue, !token.isEmpty else {
            throw AppLoginError(kind: .malformedAnswer, message: "the login service's answer holds no access_token")
        }
        // The answer names its store: the callback's query is anyone's to write, so it alone proves nothing.
        guard let granted = answer["context"]?.stringValue else {
            throw AppLoginError(kind: .malformedAnswer, message: "the login service's answer names no store (context)")
        }
        guard granted.lowercased() == context.lowercased(), let hash = AppContext.storeHash(granted) else {
            throw AppLoginError(kind: .malformedAnswer, message: "the grant is for another store than the callback's")
        }
        guard let user = user(answer["user"]) else {
            throw AppLoginError(kind: .malformedAnswer, message: "the login service's answer names no user")
        }
        return AppGrant(
            storeHash: hash, accessToken: token, scope: answer["scope"]?.stringValue ?? "", user: user,
            owner: self.user(answer["owner"]), accountUUID: answer["account_uuid"]?.stringValue)
    }

    static func user(_ value: JSONValue?) -> AppUser? {
        guard let value, let id = value["id"].flatMap({ Int64($0.description) }) else { return nil }
        return AppUser(id: id, email: value["email"]?.stringValue, username: value["username"]?.stringValue)
    }
}

/// `stores/{hash}`, the way BigCommerce names a store in `context`, `sub` and `producer`.
public enum AppContext {
    /// The hash of `stores/{hash}` in lower case, when it is one: letters and digits, 1 to 64 of them.
    public static func storeHash(_ context: String) -> String? {
        let prefix = "stores/"
        guard context.lowercased().hasPrefix(prefix) else { return nil }
        let hash = context.dropFirst(prefix.count).lowercased()
        guard (1...64).contains(hash.count), hash.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            return nil
        }
        return hash
    }
}
