import JSONRPC
import Notifier

/// `broadcast.cancel`: stops a broadcast: its queued rows become cancelled; nothing sent is touched.
struct BroadcastCancel: StoreScopedMethod {
    static let name = "broadcast.cancel"
    static let parameters: [RPCParameter] = [.required("id")]

    struct Params: Decodable, Sendable {
        let id: Int64
    }

    let broadcasts: BroadcastService

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> BroadcastView {
        guard let status = try await broadcasts.cancel(id: params.id, store: storeID) else {
            throw NotFound(field: "id", id: params.id, what: "broadcast")
        }
        return BroadcastView(status)
    }
}
