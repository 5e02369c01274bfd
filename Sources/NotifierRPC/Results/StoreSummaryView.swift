import Notifier

/// A store as the operator sees it in `stores.list` and `stores.get`: who it is, whether the app is installed,
/// what the install granted, and its SMS waiting; never its token.
struct StoreSummaryView: Encodable, Sendable {
    let id: Int64
    @ExplicitNull var storeHash: String?
    let storeName: String?
    let storeDomain: String?
    /// `active` or `uninstalled`.
    let state: String
    /// The scopes the install granted, as BigCommerce lists them.
    let scopes: [String]
    let ownerEmail: String?
    /// Whether a token to call the store is kept.
    let connected: Bool
    let installedAt: String?
    let uninstalledAt: String?
    /// SMS waiting to be sent, and being sent now.
    let queued: Int
    let sending: Int

    init(_ record: StoreRecord, queue: [MessageState: Int]) {
        id = record.id
        storeHash = record.storeHash
        storeName = record.storeName
        storeDomain = record.storeDomain
        state = record.state.rawValue
        scopes = record.scopes.map { $0.split(separator: " ").map(String.init) } ?? []
        ownerEmail = record.ownerEmail
        connected = record.hasAccessToken
        installedAt = record.installedAt.map(SeedDate.format)
        uninstalledAt = record.uninstalledAt.map(SeedDate.format)
        queued = queue[.queued] ?? 0
        sending = queue[.sending] ?? 0
    }
}
