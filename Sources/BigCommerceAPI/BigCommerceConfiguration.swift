/// How to reach a store's REST API and who we are to it.
public struct BigCommerceConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// The API's base URL, without a trailing slash (default `https://api.bigcommerce.com`).
    public var apiURL: String
    /// The store's hash (`stores/{hash}` in the API's paths).
    public var storeHash: String
    /// A store API account's token (`X-Auth-Token`).
    public var accessToken: String
    /// The most one request may take.
    public var timeout: Duration

    /// BigCommerce's API.
    public static let defaultAPIURL = "https://api.bigcommerce.com"

    public init(
        apiURL: String = defaultAPIURL, storeHash: String, accessToken: String, timeout: Duration = .seconds(30)
    ) {
        self.apiURL = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        self.storeHash = storeHash
        self.accessToken = accessToken
        self.timeout = timeout
    }

    /// The store and the URL; never the token.
    public var description: String { "store \(storeHash) at \(apiURL)" }

    /// `https://api.bigcommerce.com/stores/{hash}` + `path`.
    func url(_ path: String) -> String {
        "\(apiURL)/stores/\(storeHash)\(path)"
    }
}
