/// One hook registered with the store (`POST /v3/hooks`): where events of its scope are posted, and the
/// headers sent with them.
struct Webhook: Sendable {
    let id: Int
    var scope: WebhookScope
    var destination: String
    var isActive: Bool
    /// Custom headers sent with every delivery (a shared secret, say), by name.
    var headers: [(name: String, value: String)]
    /// Unix seconds.
    let createdAt: Int
    var updatedAt: Int

    /// The app the configured store's hooks belong to, as `client_id` shows it (hooks of a store installed
    /// through the login service show that app's).
    static let clientId = "sandbox-client-id"

    /// The hook as BigCommerce shows it in `data`, for store `storeHash` and its app `clientId`.
    func wireValue(storeHash: String, clientId: String) -> WireValue {
        .object([
            ("id", .integer(id)), ("client_id", .string(clientId)), ("store_hash", .string(storeHash)),
            ("scope", .string(scope.rawValue)), ("destination", .string(destination)), ("is_active", .bool(isActive)),
            ("headers", .object(headers.map { ($0.name, .string($0.value)) })),
            ("created_at", .integer(createdAt)), ("updated_at", .integer(updatedAt)),
        ])
    }
}
