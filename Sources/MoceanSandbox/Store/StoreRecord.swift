/// One store the sandbox plays: the token its API accepts, the owner who installed the app, its quota and
/// counters, and its hooks. The catalogue is shared by every store and kept apart.
struct StoreRecord: Sendable {
    let hash: String
    /// The `X-Auth-Token` the store's API accepts; nil while none is valid (uninstalled, or installed and the
    /// code not yet exchanged).
    var token: String?
    /// The user who installed the app, the signed payloads' `owner`.
    var owner: AppUser
    /// The client id of the app whose code exchange issued the token; nil for the configured store as it
    /// started, whose webhooks are signed with `--store-client-secret` and whose hooks show the sandbox's
    /// own client id.
    var installedBy: String?
    /// Whether the app was uninstalled since it was last installed.
    var uninstalled = false
    var gate: StoreGate
    /// The store's hooks, the orders created through the sandbox, and its webhook counters.
    let webhooks: WebhookRegistry

    /// The store as `GET /sandbox/stores` lists it: nothing secret.
    var wireValue: WireValue {
        .object([
            ("store", .string(hash)), ("installed", .bool(token != nil)), ("uninstalled", .bool(uninstalled)),
            ("installedByApp", .bool(installedBy != nil)), ("owner", owner.exchangeValue),
        ])
    }
}

/// What a request let through a store's gate may use.
struct StoreAccess: Sendable {
    /// The store's hash, as its path named it.
    let hash: String
    /// The store's hooks and the orders created through the sandbox.
    let webhooks: WebhookRegistry
    /// The `client_id` its hooks show: the app's that installed it.
    let clientId: String
    /// The store's name, as `GET /v2/store` shows it.
    let name: String
}
