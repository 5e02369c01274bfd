import JSONRPC
import Notifier

/// `store.get`: the store connection; the token only as `{set, last4}`.
struct StoreGet: StoreScopedMethod {
    static let name = "store.get"

    let store: StoreService

    func handle(_ params: NoParams, store storeID: StoreID, context: RPCContext) async throws -> StoreView {
        StoreView(try await store.settings(of: storeID))
    }
}
