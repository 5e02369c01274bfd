import JSONRPC
import Notifier

/// `outbox.status`: counts per state, what is in flight, the rate, whether sending is paused and why, and
/// how long the oldest queued SMS has waited.
struct OutboxStatusMethod: StoreScopedMethod {
    static let name = "outbox.status"

    let sender: OutboxSender

    func handle(_ params: NoParams, store storeID: StoreID, context: RPCContext) async throws -> OutboxStatusView {
        OutboxStatusView(try await sender.status(of: storeID))
    }
}
