import JSONRPC
import Notifier

/// `broadcast.pause`: holds a broadcast: nothing more of it is sent until resumed; nobody reached is touched.
struct BroadcastPause: StoreScopedMethod {
    static let name = "broadcast.pause"
    static let parameters: [RPCParameter] = [.required("id")]

    struct Params: Decodable, Sendable {
        let id: Int64
    }

    let broadcasts: BroadcastService

    func handle(_ params: Params, store storeID: StoreID, context: RPCContext) async throws -> BroadcastView {
        guard let status = try await broadcasts.pause(id: params.id, store: storeID) else {
            throw NotFound(field: "id", id: params.id, what: "broadcast")
        }
        return BroadcastView(status)
    }
}
