import Notifier

/// The store connection as clients see it: never the token, only whether it is set.
struct StoreView: Encodable, Sendable {
    @ExplicitNull var storeHash: String?
    let accessToken: AccountView.SecretView
    let apiUrl: String
    /// Whether the app's client secret, which verifies the webhooks' signatures, is set.
    let clientSecret: AccountView.SecretView
    /// Whether a hash and a token are set.
    let connected: Bool
    /// What the store said of itself at the last successful check.
    let storeName: String?
    let storeDomain: String?
    let storeCountry: String?
    let storeTimezone: String?
    let checkedAt: String?
    let updatedAt: String

    init(_ settings: StoreSettings) {
        storeHash = settings.storeHash
        accessToken = AccountView.SecretView(settings.accessToken)
        apiUrl = settings.apiURL
        clientSecret = AccountView.SecretView(settings.clientSecret)
        connected = settings.isConnected
        storeName = settings.storeName
        storeDomain = settings.storeDomain
        storeCountry = settings.storeCountry
        storeTimezone = settings.storeTimezone
        checkedAt = settings.checkedAt.map(SeedDate.format)
        updatedAt = SeedDate.format(settings.updatedAt)
    }
}
